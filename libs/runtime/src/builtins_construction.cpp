// zeros ones rand randn randi rng linspace — array construction.
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstring>
#include <utility>

#include "accel_host.hpp"
#include "builtins.hpp"
#include "math_builtin_table.hpp"
#include "philox.hpp"
#include "runmat/core/containers.hpp"
#include "runmat/core/error.hpp"
#include "runmat/fusion/graph.hpp"
#include "runmat/runtime/runtime.hpp"

namespace runmat::runtime {
namespace {

Value filled(ClassId cls, const Shape& shape, double v) {
  if (cls == ClassId::Double && shape.is_scalar()) return Value::num(v);
  auto a = std::make_shared<Array>(cls, shape, Array::Uninitialized{});
  const int64_t n = a->numel();
  switch (cls) {
    case ClassId::Single:
      std::fill_n(a->mutable_data<float>(), n, static_cast<float>(v));
      break;
    case ClassId::Logical:
      std::fill_n(a->mutable_data<uint8_t>(), n, v != 0);
      break;
    case ClassId::Double:
      std::fill_n(a->mutable_data<double>(), n, v);
      break;
    default: {
      // Integer classes (and char): one converted element, replicated.
      const size_t es = element_size(cls);
      auto* d = static_cast<uint8_t*>(a->mutable_bytes());
      if (n > 0) a->set_from_double(0, v);
      for (int64_t i = 1; i < n; ++i) std::memcpy(d + i * es, d, es);
      break;
    }
  }
  return Value::array(std::move(a));
}

Args zeros_fn(CallContext& ctx, Args& args) {
  const ClassId cls = take_class_arg(args, ClassId::Double);
  return {filled(cls, shape_from_args(ctx, args), 0.0)};
}

Args ones_fn(CallContext& ctx, Args& args) {
  const ClassId cls = take_class_arg(args, ClassId::Double);
  return {filled(cls, shape_from_args(ctx, args), 1.0)};
}

// MATLAB's rand: Mersenne Twister (MT19937), 53-bit doubles from two 32-bit draws
// (genrand_res53), seeded as MATLAB seeds it (rng(0)/default -> init_genrand(5489)).
double next_uniform(std::mt19937& mt) {
  const uint32_t a = mt() >> 5, b = mt() >> 6;
  return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
}

// A standard normal from the twister stream: Marsaglia's polar method. MATLAB's randn uses a
// ziggurat on this stream whose exact bits RunMat does not reproduce (docs/numeric.md).
double next_normal(std::mt19937& mt) {
  for (;;) {
    const double x = 2.0 * next_uniform(mt) - 1.0, y = 2.0 * next_uniform(mt) - 1.0;
    const double r = x * x + y * y;
    if (r > 0.0 && r < 1.0) return x * std::sqrt(-2.0 * std::log(r) / r);
  }
}

// rand, pi, Inf, NaN and eps exist only in floating point.
ClassId take_float_class_arg(Args& args) {
  const ClassId cls = take_class_arg(args, ClassId::Double);
  if (!is_float_class(cls)) {
    throw_error("MATLAB:invalidInput", "Class must be 'double' or 'single'.");
  }
  return cls;
}

// A philox draw: positions P .. P+n-1 of the stream, which advances by n. Large draws are
// deferred as a Random node (generated inside the consuming kernel, never stored); small ones
// and RUNMAT_ACCEL=off use the host generator, which gives the same bits.
Value philox_draw(CallContext& ctx, rm_ir_random kind, ClassId cls, const Shape& shape) {
  RngState& st = ctx.rt.rng();
  const int64_t n = shape.numel();
  const uint64_t start = st.take(static_cast<uint64_t>(n));
  const int64_t threshold = ctx.rt.options().lazy_threshold;
  if (threshold > 0 && n >= threshold && ctx.rt.options().accel != AccelMode::kOff) {
    return ctx.rt.accel().defer(fusion::make_random(kind, shape, cls, st.seed, start), false);
  }
  if (cls == ClassId::Double && shape.is_scalar()) {
    double d;
    philox_fill(kind, cls, st.seed, start, 1, &d);
    return Value::num(d);
  }
  auto a = std::make_shared<Array>(cls, shape, Array::Uninitialized{});
  philox_fill(kind, cls, st.seed, start, n, a->mutable_bytes());
  return Value::array(std::move(a));
}

template <rm_ir_random Kind>
Args rand_fn(CallContext& ctx, Args& args) {
  const ClassId cls = take_float_class_arg(args);
  const Shape shape = shape_from_args(ctx, args);
  if (ctx.rt.rng().type == RngType::kPhilox) return {philox_draw(ctx, Kind, cls, shape)};
  std::mt19937& mt = ctx.rt.twister();
  auto draw = [&mt]() { return Kind == RM_RAND_NORMAL ? next_normal(mt) : next_uniform(mt); };
  if (cls == ClassId::Double && shape.is_scalar()) return {Value::num(draw())};
  auto a = std::make_shared<Array>(cls, shape, Array::Uninitialized{});
  const int64_t n = a->numel();
  if (cls == ClassId::Single) {
    float* d = a->mutable_data<float>();
    for (int64_t i = 0; i < n; ++i) d[i] = static_cast<float>(draw());
  } else {
    double* d = a->mutable_data<double>();
    for (int64_t i = 0; i < n; ++i) d[i] = draw();
  }
  return {Value::array(std::move(a))};
}

// randi(imax, ...), randi([imin imax], ...), randi(..., 'int8'): uniform integers from the
// same stream as rand, one draw per element: imin + floor(u * (imax - imin + 1)).
Args randi_fn(CallContext& ctx, Args& args) {
  if (args.empty()) throw_error("MATLAB:minrhs", "Not enough input arguments.");
  const ClassId cls = take_class_arg(args, ClassId::Double);
  if (cls == ClassId::Logical) {
    throw_error("MATLAB:randi:invalidClassName",
                "OUTTYPE must be 'double', 'single', or an integer class name.");
  }
  if (args.empty()) throw_error("MATLAB:minrhs", "Not enough input arguments.");
  const Value lim = args[0];
  args.erase(args.begin());
  if (lim.numel() != 1 && lim.numel() != 2) {
    throw_error("MATLAB:randi:invalidLimits",
                "The first input must be a positive integer scalar or a 1-by-2 vector of "
                "integers.");
  }
  const double lo = lim.numel() == 2 ? lim.elem(0) : 1.0;
  const double hi = lim.elem(lim.numel() - 1);
  if (lo != std::floor(lo) || hi != std::floor(hi) || !std::isfinite(lo) || !std::isfinite(hi) ||
      hi < lo || (lim.numel() == 1 && hi < 1)) {
    throw_error("MATLAB:randi:invalidLimits",
                "The first input must be a positive integer scalar or a 1-by-2 vector of "
                "integers with IMAX >= IMIN.");
  }
  const Shape shape = shape_from_args(ctx, args);
  const double span = hi - lo + 1;
  auto a = std::make_shared<Array>(cls, shape, Array::Uninitialized{});
  RngState& st = ctx.rt.rng();
  if (st.type == RngType::kPhilox) {
    const uint64_t start = st.take(static_cast<uint64_t>(a->numel()));
    for (int64_t i = 0; i < a->numel(); ++i) {
      a->set_from_double(
          i, lo + std::floor(philox_uniform(st.seed, start + static_cast<uint64_t>(i)) * span));
    }
  } else {
    std::mt19937& mt = ctx.rt.twister();
    for (int64_t i = 0; i < a->numel(); ++i) {
      a->set_from_double(i, lo + std::floor(next_uniform(mt) * span));
    }
  }
  if (cls == ClassId::Double && a->numel() == 1) return {Value::num(a->data<double>()[0])};
  return {Value::array(std::move(a))};
}

// The generator settings as MATLAB's rng returns them: Type, Seed (uint32), State (uint32
// column: the twister's 625 words, or philox's stream position as [low; high]).
Value rng_settings(Runtime& rt) {
  const RngState& st = rt.rng();
  auto s = std::make_shared<StructArray>(Shape::scalar());
  s->add_field("Type");
  s->add_field("Seed");
  s->add_field("State");
  const bool philox = st.type == RngType::kPhilox;
  s->at(0, 0) = Value::char_row(philox ? "philox" : "twister");
  s->at(0, 1) = Value::scalar_of(ClassId::UInt32, st.seed);
  std::vector<uint32_t> state;
  if (philox) {
    state = {static_cast<uint32_t>(st.philox_pos), static_cast<uint32_t>(st.philox_pos >> 32)};
  } else {
    state = twister_state(rt.twister());
  }
  auto a = std::make_shared<Array>(ClassId::UInt32, Shape{static_cast<int64_t>(state.size()), 1});
  std::copy(state.begin(), state.end(), a->mutable_data<uint32_t>());
  s->at(0, 2) = Value::array(std::move(a));
  return Value::structure(std::move(s));
}

void seed_generator(Runtime& rt, RngType type, uint32_t seed) {
  RngState& st = rt.rng();
  st.type = type;
  st.seed = seed;
  st.philox_pos = 0;
  rt.twister().seed(seed == 0 ? 5489u : seed);
}

// rng(s) with a struct from rng: the generator, seed and position it describes.
void restore_settings(Runtime& rt, const Value& v) {
  const StructArray& s = v.structure();
  const int ft = s.find_field("Type"), fs = s.find_field("Seed"), fst = s.find_field("State");
  if (s.numel() != 1 || ft < 0 || fs < 0 || fst < 0) {
    throw_error("MATLAB:rng:badSettings",
                "The settings structure must have the fields Type, Seed and State.");
  }
  const std::string type = s.at(0, ft).to_text();
  if (type != "twister" && type != "philox" && type != "philox4x32_10") {
    throw_error("MATLAB:rng:badSettings", "Generator '%s' is not supported.", type);
  }
  const Value& state = s.at(0, fst);
  std::vector<uint32_t> words(static_cast<size_t>(state.numel()));
  for (size_t i = 0; i < words.size(); ++i) {
    words[i] = static_cast<uint32_t>(state.elem(static_cast<int64_t>(i)));
  }
  const uint32_t seed = static_cast<uint32_t>(s.at(0, fs).scalar_double("Seed"));
  if (type == "twister") {
    seed_generator(rt, RngType::kTwister, seed);
    if (!twister_from_state(words, &rt.twister())) {
      throw_error("MATLAB:rng:badSettings", "The twister State must have %d elements.",
                  static_cast<int>(twister_state(rt.twister()).size()));
    }
    return;
  }
  if (words.size() != 2) {
    throw_error("MATLAB:rng:badSettings", "The philox State must be [low; high] of the position.");
  }
  seed_generator(rt, RngType::kPhilox, seed);
  rt.rng().philox_pos = static_cast<uint64_t>(words[1]) << 32 | words[0];
}

// rng(seed), rng(seed, gen), rng('default'), rng('shuffle'[, gen]), rng(s), s = rng; with an
// output, rng(...) returns the settings from before the call, as MATLAB does.
Args rng_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 0, 2);
  Runtime& rt = ctx.rt;
  Args out;
  if (ctx.nargout > 0 || args.empty()) out.push_back(rng_settings(rt));
  if (args.empty()) return out;
  if (args.size() == 1 && args[0].is_struct()) {
    restore_settings(rt, args[0]);
    return out;
  }
  RngType type = rt.rng().type;
  if (args.size() == 2) {
    std::string g = args[1].to_text();
    for (char& c : g) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (g == "twister" || g == "mt19937ar") {
      type = RngType::kTwister;
    } else if (g == "philox" || g == "philox4x32_10" || g == "philox4x32-10") {
      type = RngType::kPhilox;
    } else {
      throw_error("MATLAB:rng:badGenerator", "Generator '%s' is not supported yet.",
                  args[1].to_text());
    }
  }
  uint32_t seed = 0;
  if (args[0].is_char() || args[0].is_string()) {
    const std::string s = args[0].to_text();
    if (s == "default") {
      if (args.size() == 2) {
        throw_error("MATLAB:rng:badSeed", "rng('default') takes no generator argument.");
      }
      type = RngType::kTwister;
    } else if (s == "shuffle") {
      seed = static_cast<uint32_t>(std::chrono::system_clock::now().time_since_epoch().count());
    } else {
      throw_error("MATLAB:rng:badSeed", "Unsupported rng argument '%s'.", s);
    }
  } else {
    const double d = args[0].scalar_double("Seed");
    if (d < 0 || d != std::floor(d) || d > 4294967295.0) {
      throw_error("MATLAB:rng:badSeed", "The seed must be a nonnegative integer less than 2^32.");
    }
    seed = static_cast<uint32_t>(d);
  }
  seed_generator(rt, type, seed);
  return out;
}

// linspace(a, b, n): MATLAB computes a + (0:n-2)*(b-a)/(n-1) and ends exactly at b. Large
// ranges are generated inside the consuming kernel (an Index node), never stored.
Args linspace_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 3);
  const double a = args[0].scalar_double("First input");
  const double b = args[1].scalar_double("Second input");
  const double nd =
      args.size() == 3 ? std::floor(args[2].scalar_double("Number of points")) : 100.0;
  const int64_t n = nd < 1 ? (nd == 0 ? 0 : 1) : static_cast<int64_t>(nd);
  if (nd < 1) {
    if (n == 0) return {Value::array(std::make_shared<Array>(ClassId::Double, Shape{1, 0}))};
    return {Value::num(b)};
  }
  const double step = (b - a) / static_cast<double>(n - 1);
  const Shape shape = Shape::row(n);
  const int64_t threshold = ctx.rt.options().lazy_threshold;
  if (threshold > 0 && n >= threshold && ctx.rt.options().accel != AccelMode::kOff) {
    using namespace fusion;
    NodePtr idx = make_index(shape);
    NodePtr val = make_binary(
        RM_BIN_ADD, make_scalar(a, ClassId::Double),
        make_binary(RM_BIN_MUL, idx, make_scalar(step, ClassId::Double), ClassId::Double, shape),
        ClassId::Double, shape);
    NodePtr last = make_compare(RM_CMP_EQ, idx,
                                make_scalar(static_cast<double>(n - 1), ClassId::Double), shape);
    return {ctx.rt.accel().defer(
        make_select(last, make_scalar(b, ClassId::Double), val, ClassId::Double, shape), false)};
  }
  auto arr = std::make_shared<Array>(ClassId::Double, shape, Array::Uninitialized{});
  double* d = arr->mutable_data<double>();
  for (int64_t i = 0; i < n - 1; ++i) d[i] = a + static_cast<double>(i) * step;
  d[n - 1] = b;
  return {Value::array(std::move(arr))};
}

template <size_t Which>
Args constant_fn(CallContext& ctx, Args& args) {
  // pi, Inf, NaN, eps with optional size arguments: pi, Inf(2,3), NaN(1,5,'single').
  const ClassId cls = take_float_class_arg(args);
  double v = kConstantBuiltins[Which].value;
  if (Which == kEpsConstant && cls == ClassId::Single) v = 1.1920928955078125e-07;
  return {filled(cls, shape_from_args(ctx, args), v)};
}

template <size_t... I>
void register_constants(BuiltinRegistry& reg, std::index_sequence<I...>) {
  (reg.add(kConstantBuiltins[I].name, constant_fn<I>, kConstantBuiltins[I].help), ...);
}

// eps, eps('single'), eps(x): the distance from abs(x) to the next larger number of x's
// class (NaN for NaN and Inf; eps(0) is the smallest denormal). MATLAB's eps has no size form.
Args eps_fn(CallContext& ctx, Args& args) {
  if (args.size() != 1 || args[0].is_char() || args[0].is_string()) {
    return constant_fn<kEpsConstant>(ctx, args);
  }
  const Value& x = args[0];
  if (!x.is_numeric_like() || !is_float_class(x.cls())) {
    throw_error("MATLAB:eps:invalidInput", "Input must be single or double.");
  }
  const bool single = x.cls() == ClassId::Single;
  auto out = std::make_shared<Array>(x.cls(), x.shape());
  for (int64_t i = 0; i < x.numel(); ++i) {
    const double a = std::fabs(x.elem(i));
    double e;
    if (!std::isfinite(a)) {
      e = std::nan("");
    } else if (single) {
      const auto f = static_cast<float>(a);
      e = static_cast<double>(std::nextafter(f, HUGE_VALF) - f);
    } else {
      e = std::nextafter(a, HUGE_VAL) - a;
    }
    out->set_from_double(i, e);
  }
  if (!single && out->numel() == 1) return {Value::num(out->data<double>()[0])};
  return {Value::array(std::move(out))};
}

template <bool B>
Args bool_fn(CallContext& ctx, Args& args) {
  if (args.empty()) return {Value::logical(B)};
  return {filled(ClassId::Logical, shape_from_args(ctx, args), B ? 1.0 : 0.0)};
}

}  // namespace

void register_construction_builtins(BuiltinRegistry& reg) {
  reg.add("zeros", zeros_fn,
          "zeros(n), zeros(m,n,...), zeros(sz), zeros(..., 'single'): array of zeros.");
  reg.add("ones", ones_fn, "ones(n), ones(m,n,...), ones(sz), ones(..., 'single'): array of ones.");
  reg.add("rand", rand_fn<RM_RAND_UNIFORM>,
          "rand(n), rand(m,n,...), rand(..., 'single'): uniform (0,1) numbers from the Mersenne "
          "Twister, MATLAB's stream.");
  reg.add("randn", rand_fn<RM_RAND_NORMAL>,
          "randn(n), randn(m,n,...), randn(..., 'single'): standard normal numbers from the "
          "current generator (with rng(seed,'philox') generated inside fused kernels).");
  reg.add("randi", randi_fn,
          "randi(imax), randi([imin imax], m, n, ...), randi(..., 'int32'): uniform random "
          "integers from the rand stream.");
  reg.add("rng", rng_fn,
          "rng(seed), rng(seed, 'twister'|'philox'), rng('default'), rng('shuffle'), rng(s), "
          "s = rng: selects, seeds, saves and restores the random number generator.");
  register_constants(reg, std::make_index_sequence<kEpsConstant>{});  // all but eps
  reg.add("eps", eps_fn, kConstantBuiltins[kEpsConstant].help);
  reg.add("true", bool_fn<true>, "true, true(m,n,...): logical true.");
  reg.add("false", bool_fn<false>, "false, false(m,n,...): logical false.");
  reg.add("linspace", linspace_fn, "linspace(a, b, n): n points from a to b (default 100).");
}

}  // namespace runmat::runtime
