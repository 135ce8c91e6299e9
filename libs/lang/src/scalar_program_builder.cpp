#include "scalar_program_builder.hpp"

#include <algorithm>

namespace runmat::lang {
namespace {

bool logical_valued(BinOp op) {
  switch (op) {
    case BinOp::Eq:
    case BinOp::Ne:
    case BinOp::Lt:
    case BinOp::Le:
    case BinOp::Gt:
    case BinOp::Ge:
    case BinOp::ElemAnd:
    case BinOp::ElemOr:
    case BinOp::AndAnd:
    case BinOp::OrOr:
      return true;
    default:
      return false;
  }
}

class Builder {
 public:
  explicit Builder(const ScalarNameLookup& names) : names_(names) {}

  // The operand computing `e`, or nothing when `e` is outside the scalar subset.
  std::optional<ScalarOperand> operand(const Expr& e) {
    switch (e.kind) {
      case ExprKind::Number: {
        if (e.imaginary || !e.int_suffix.empty()) return std::nullopt;
        prog_.consts.push_back(e.number);
        return ScalarOperand{ScalarOperand::kConst, static_cast<int32_t>(prog_.consts.size() - 1)};
      }
      case ExprKind::Ident: {
        const int slot = names_.find_slot(e.text);
        if (slot >= 0) {
          auto it = std::find(prog_.slots.begin(), prog_.slots.end(), slot);
          if (it == prog_.slots.end()) it = prog_.slots.insert(it, slot);
          return ScalarOperand{ScalarOperand::kSlot,
                               static_cast<int32_t>(it - prog_.slots.begin())};
        }
        return call(e.text, {});  // pi, eps, Inf, NaN: a call without arguments
      }
      case ExprKind::Unary: {
        if (e.uop == UnOp::Not) return std::nullopt;  // logical result
        auto x = operand(*e.args[0]);
        if (!x) return std::nullopt;
        // A real scalar is its own transpose.
        if (e.uop == UnOp::Transpose || e.uop == UnOp::CTranspose) return x;
        ScalarStep s;
        s.kind = ScalarStep::kUnary;
        s.op = static_cast<uint8_t>(e.uop);
        s.x = *x;
        return step(s);
      }
      case ExprKind::Binary: {
        auto x = operand(*e.args[0]);
        if (!x) return std::nullopt;
        auto y = operand(*e.args[1]);
        if (!y) return std::nullopt;
        ScalarStep s;
        s.kind = ScalarStep::kBinary;
        s.op = static_cast<uint8_t>(e.bop);
        s.x = *x;
        s.y = *y;
        return step(s);
      }
      case ExprKind::Index: {
        const Expr& base = *e.args[0];
        if (base.kind != ExprKind::Ident || names_.find_slot(base.text) >= 0) return std::nullopt;
        std::vector<ScalarOperand> args;
        for (size_t i = 1; i < e.args.size(); ++i) {
          auto a = operand(*e.args[i]);
          if (!a) return std::nullopt;
          args.push_back(*a);
        }
        return call(base.text, args);
      }
      default:
        return std::nullopt;
    }
  }

  std::optional<ScalarProgram> finish(const Expr& e, bool logical_result_ok) {
    auto r = operand(e);
    if (!r || prog_.steps.empty() || prog_.steps.size() > kScalarProgramMaxSteps ||
        prog_.slots.size() > kScalarProgramMaxSlots) {
      return std::nullopt;
    }
    // The result must be the last step (a bare variable or constant is not worth a program).
    if (r->kind != ScalarOperand::kStep ||
        r->index != static_cast<int32_t>(prog_.steps.size() - 1)) {
      return std::nullopt;
    }
    const ScalarStep& last = prog_.steps.back();
    if (!logical_result_ok && last.kind == ScalarStep::kBinary &&
        logical_valued(static_cast<BinOp>(last.op))) {
      return std::nullopt;
    }
    return std::move(prog_);
  }

 private:
  std::optional<ScalarOperand> call(const std::string& name,
                                    const std::vector<ScalarOperand>& args) {
    if (args.size() > 2) return std::nullopt;
    ScalarStep s;
    s.kind = ScalarStep::kCall;
    s.nargs = static_cast<uint8_t>(args.size());
    s.name = names_.name_index(name);
    if (!args.empty()) s.x = args[0];
    if (args.size() > 1) s.y = args[1];
    return step(s);
  }

  ScalarOperand step(const ScalarStep& s) {
    prog_.steps.push_back(s);
    return ScalarOperand{ScalarOperand::kStep, static_cast<int32_t>(prog_.steps.size() - 1)};
  }

  const ScalarNameLookup& names_;
  ScalarProgram prog_;
};

}  // namespace

std::optional<ScalarProgram> build_scalar_program(const Expr& e, const ScalarNameLookup& names,
                                                  bool logical_result_ok) {
  Builder b(names);
  return b.finish(e, logical_result_ok);
}

}  // namespace runmat::lang
