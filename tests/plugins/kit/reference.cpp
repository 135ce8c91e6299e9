#include "kit/reference.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "kit/random_reference.hpp"

namespace runmat::plugin_kit {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double matlab_round(double x) {
  if (std::isnan(x) || std::isinf(x)) return x;
  const double t = std::trunc(x);
  const double frac = std::fabs(x - t);
  if (frac >= 0.5) return t + (x < 0 ? -1.0 : 1.0);
  return t;
}

double matlab_fix(double x) {
  return x < 0 ? std::ceil(x) : std::floor(x);
}

double matlab_sign(double x) {
  if (std::isnan(x)) return x;
  if (x > 0) return 1.0;
  if (x < 0) return -1.0;
  return 0.0;
}

double nan_ignoring_min(double x, double y) {
  if (std::isnan(x)) return y;
  if (std::isnan(y)) return x;
  return y < x ? y : x;
}

double nan_ignoring_max(double x, double y) {
  if (std::isnan(x)) return y;
  if (std::isnan(y)) return x;
  return y > x ? y : x;
}

bool truthy(double x) {
  return x != 0.0;
}

}  // namespace

double ref_round_to(uint32_t dt, double x) {
  switch (dt) {
    case RM_DTYPE_F32:
      return static_cast<double>(static_cast<float>(x));
    case RM_DTYPE_BOOL:
      return truthy(x) ? 1.0 : 0.0;
    default:
      return x;
  }
}

double ref_unary(uint16_t op, double x) {
  switch (op) {
    case RM_UN_NEG:
      return -x;
    case RM_UN_ABS:
      return std::fabs(x);
    case RM_UN_SQRT:
      return x < 0 ? kNaN : std::sqrt(x);
    case RM_UN_EXP:
      return std::exp(x);
    case RM_UN_LOG:
      return x < 0 ? kNaN : std::log(x);
    case RM_UN_SIN:
      return std::sin(x);
    case RM_UN_COS:
      return std::cos(x);
    case RM_UN_TAN:
      return std::tan(x);
    case RM_UN_TANH:
      return std::tanh(x);
    case RM_UN_FLOOR:
      return std::floor(x);
    case RM_UN_CEIL:
      return std::ceil(x);
    case RM_UN_ROUND:
      return matlab_round(x);
    case RM_UN_FIX:
      return matlab_fix(x);
    case RM_UN_SIGN:
      return matlab_sign(x);
    case RM_UN_NOT:
      return truthy(x) ? 0.0 : 1.0;
    case RM_UN_ASIN:
      return std::asin(x);
    case RM_UN_ACOS:
      return std::acos(x);
    case RM_UN_ATAN:
      return std::atan(x);
    case RM_UN_SINH:
      return std::sinh(x);
    case RM_UN_COSH:
      return std::cosh(x);
    case RM_UN_LOG2:
      return x < 0 ? kNaN : std::log2(x);
    case RM_UN_LOG10:
      return x < 0 ? kNaN : std::log10(x);
    case RM_UN_EXPM1:
      return std::expm1(x);
    case RM_UN_LOG1P:
      return x < -1 ? kNaN : std::log1p(x);
    case RM_UN_ISNAN:
      return std::isnan(x) ? 1.0 : 0.0;
    case RM_UN_ISINF:
      return std::isinf(x) ? 1.0 : 0.0;
    case RM_UN_ISFINITE:
      return std::isfinite(x) ? 1.0 : 0.0;
    default:
      throw std::invalid_argument("reference: unknown unary op " + std::to_string(op));
  }
}

double ref_binary(uint16_t op, double x, double y) {
  switch (op) {
    case RM_BIN_ADD:
      return x + y;
    case RM_BIN_SUB:
      return x - y;
    case RM_BIN_MUL:
      return x * y;
    case RM_BIN_DIV:
      return x / y;
    case RM_BIN_POW:
      return std::pow(x, y);
    case RM_BIN_MIN:
      return nan_ignoring_min(x, y);
    case RM_BIN_MAX:
      return nan_ignoring_max(x, y);
    case RM_BIN_ATAN2:
      return std::atan2(x, y);
    case RM_BIN_HYPOT:
      return std::hypot(x, y);
    case RM_BIN_MOD:
      // MATLAB: mod(x, 0) = x; otherwise x - floor(x./y).*y (sign of y). An infinite divisor
      // is the limit of large ones (the formula itself would give 0*Inf = NaN): x when x is 0
      // or has y's sign, else y. An infinite dividend has no remainder: NaN.
      if (y == 0) return x;
      if (std::isnan(x) || std::isnan(y) || std::isinf(x)) return kNaN;
      if (std::isinf(y)) return (x == 0 || (x > 0) == (y > 0)) ? x : y;
      return x - std::floor(x / y) * y;
    case RM_BIN_REM:
      // MATLAB: rem(x, 0) = NaN; otherwise x - fix(x./y).*y (sign of x); rem(x, +-Inf) = x
      // for finite x; rem(+-Inf, y) = NaN.
      if (y == 0 || std::isnan(x) || std::isnan(y) || std::isinf(x)) return kNaN;
      if (std::isinf(y)) return x;
      return x - matlab_fix(x / y) * y;
    case RM_BIN_AND:
      return truthy(x) && truthy(y) ? 1.0 : 0.0;
    case RM_BIN_OR:
      return truthy(x) || truthy(y) ? 1.0 : 0.0;
    case RM_BIN_XOR:
      return truthy(x) != truthy(y) ? 1.0 : 0.0;
    default:
      throw std::invalid_argument("reference: unknown binary op " + std::to_string(op));
  }
}

double ref_compare(uint16_t op, double x, double y) {
  bool r = false;
  switch (op) {
    case RM_CMP_EQ:
      r = x == y;
      break;
    case RM_CMP_NE:
      r = x != y;
      break;
    case RM_CMP_LT:
      r = x < y;
      break;
    case RM_CMP_LE:
      r = x <= y;
      break;
    case RM_CMP_GT:
      r = x > y;
      break;
    case RM_CMP_GE:
      r = x >= y;
      break;
    default:
      throw std::invalid_argument("reference: unknown compare op " + std::to_string(op));
  }
  return r ? 1.0 : 0.0;
}

namespace {

class Evaluator {
 public:
  explicit Evaluator(const KernelCase& kc) : kc_(kc), insts_(kc.ir.insts()) {
    vals_.assign(insts_.size(), 0.0);
    reduce_ = -1;
    for (size_t i = 0; i < insts_.size(); ++i) {
      if (insts_[i].opcode == RM_IR_REDUCE) reduce_ = static_cast<int64_t>(i);
    }
    outputs_.resize(kc.ir.num_outputs());
    for (auto& o : outputs_) o.assign(kc.output_elements(), kNaN);
  }

  std::vector<std::vector<double>> run() {
    const uint64_t n = kc_.count();
    if (reduce_ < 0) {
      for (uint64_t e = 0; e < n; ++e) eval(0, insts_.size(), e, e);
      return outputs_;
    }
    const rm_ir_inst& r = insts_[reduce_];
    const uint64_t O = kc_.reduce_outer, L = kc_.reduce_len, I = kc_.reduce_inner;
    for (uint64_t o = 0; o < O; ++o) {
      for (uint64_t i = 0; i < I; ++i) {
        long double acc = 0;
        switch (r.sub) {
          case RM_RED_PROD:
          case RM_RED_ALL:
            acc = 1;
            break;
          case RM_RED_MIN:
          case RM_RED_MAX:
            acc = std::numeric_limits<long double>::quiet_NaN();
            break;
          default:
            acc = 0;
        }
        for (uint64_t k = 0; k < L; ++k) {
          const uint64_t e = (o * L + k) * I + i;
          eval(0, static_cast<size_t>(reduce_), e, 0);
          const long double v = vals_[r.a];
          switch (r.sub) {
            case RM_RED_SUM:
              acc += v;
              break;
            case RM_RED_PROD:
              acc *= v;
              break;
            case RM_RED_MIN:
              if (!std::isnan(v) && (std::isnan(acc) || v < acc)) acc = v;
              break;
            case RM_RED_MAX:
              if (!std::isnan(v) && (std::isnan(acc) || v > acc)) acc = v;
              break;
            case RM_RED_ANY:
              acc = (acc != 0 || v != 0) ? 1 : 0;
              break;
            case RM_RED_ALL:
              acc = (acc != 0 && v != 0) ? 1 : 0;
              break;
            default:
              throw std::invalid_argument("reference: unknown reduction");
          }
        }
        vals_[reduce_] = ref_round_to(r.dtype, static_cast<double>(acc));
        eval(static_cast<size_t>(reduce_) + 1, insts_.size(), 0, o * I + i);
      }
    }
    return outputs_;
  }

 private:
  // Evaluates instructions [from, to) for iteration element `e`, storing outputs at `out_at`.
  void eval(size_t from, size_t to, uint64_t e, uint64_t out_at) {
    for (size_t j = from; j < to; ++j) {
      const rm_ir_inst& in = insts_[j];
      double v = 0;
      switch (in.opcode) {
        case RM_IR_INPUT:
          v = read_input(in, e);
          break;
        case RM_IR_CONST:
          v = in.imm;
          break;
        case RM_IR_INDEX:
          v = static_cast<double>(e);
          break;
        case RM_IR_RANDOM:  // b, c: the offset; position = launch base + offset + element
          v = ref_random(in.sub, in.dtype, static_cast<uint64_t>(in.imm),
                         kc_.rng_base + (static_cast<uint64_t>(in.c) << 32 | in.b) + e);
          break;
        case RM_IR_UNARY:
          v = ref_unary(in.sub, vals_[in.a]);
          break;
        case RM_IR_BINARY:
          v = ref_binary(in.sub, vals_[in.a], vals_[in.b]);
          break;
        case RM_IR_COMPARE:
          v = ref_compare(in.sub, vals_[in.a], vals_[in.b]);
          break;
        case RM_IR_SELECT:
          v = truthy(vals_[in.a]) ? vals_[in.b] : vals_[in.c];
          break;
        case RM_IR_CAST:
          v = vals_[in.a];
          break;
        case RM_IR_REDUCE:
          continue;  // handled by run()
        case RM_IR_OUTPUT:
          outputs_.at(in.a).at(out_at) = vals_[in.b];
          continue;
        default:
          throw std::invalid_argument("reference: unknown opcode");
      }
      vals_[j] = ref_round_to(in.dtype, v);
    }
  }

  double read_input(const rm_ir_inst& in, uint64_t e) const {
    const std::vector<double>& data = kc_.inputs.at(in.a);
    uint64_t at = 0;
    switch (in.sub) {
      case RM_ACCESS_LINEAR:
        at = e;
        break;
      case RM_ACCESS_SCALAR:
        at = 0;
        break;
      default: {
        const Strides& st = kc_.strides.at(in.a);
        uint64_t rest = e;
        int64_t off = 0;
        for (size_t d = 0; d < kc_.dims.size(); ++d) {
          const uint64_t idx = rest % kc_.dims[d];
          rest /= kc_.dims[d];
          off += static_cast<int64_t>(idx) * st[d];
        }
        at = static_cast<uint64_t>(off);
      }
    }
    return ref_round_to(in.dtype, data.at(at));
  }

  const KernelCase& kc_;
  const std::vector<rm_ir_inst>& insts_;
  std::vector<double> vals_;
  int64_t reduce_;
  std::vector<std::vector<double>> outputs_;
};

}  // namespace

std::vector<std::vector<double>> reference_outputs(const KernelCase& kc) {
  return Evaluator(kc).run();
}

}  // namespace runmat::plugin_kit
