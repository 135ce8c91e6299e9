#include "scalar_program_builder.hpp"

#include <algorithm>

namespace runmat::lang {
namespace {

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
        if (base.kind != ExprKind::Ident) return std::nullopt;
        if (const int slot = names_.find_slot(base.text); slot >= 0) return element(slot, e);
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

  // `target` is null for a condition or `x = e`, else the indexed target of `v(i) = e`.
  std::optional<ScalarProgram> finish(const Expr& e, const Expr* target, bool logical_result_ok) {
    if (target) {
      // v(i) / v(i,j) with v a variable and scalar subscripts (no `end`, no ':').
      if (target->kind != ExprKind::Index || target->args.size() < 2 || target->args.size() > 3 ||
          target->args[0]->kind != ExprKind::Ident) {
        return std::nullopt;
      }
      prog_.target_slot = names_.find_slot(target->args[0]->text);
      if (prog_.target_slot < 0) return std::nullopt;
      prog_.target_nsubs = static_cast<uint8_t>(target->args.size() - 1);
      for (size_t i = 1; i < target->args.size(); ++i) {
        auto sub = operand(*target->args[i]);
        if (!sub) return std::nullopt;
        prog_.target_subs[i - 1] = *sub;
      }
    }
    auto r = operand(e);
    if (!r || prog_.steps.size() > kScalarProgramMaxSteps ||
        prog_.slots.size() > kScalarProgramMaxSlots ||
        prog_.arrays.size() > kScalarProgramMaxSlots) {
      return std::nullopt;
    }
    prog_.result = *r;
    // `x = y` or `x = 3` is not worth a program; an element store of one is.
    if (!target && r->kind != ScalarOperand::kStep) return std::nullopt;
    // A logical result (a comparison) must stay logical where it is stored.
    if (!logical_result_ok && r->kind == ScalarOperand::kStep) {
      const ScalarStep& last = prog_.steps[static_cast<size_t>(r->index)];
      if (last.kind == ScalarStep::kBinary && is_logical_binop(static_cast<BinOp>(last.op))) {
        return std::nullopt;
      }
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

  // v(i) or v(i,j) of a variable: an element read (the VM checks the class and the range).
  std::optional<ScalarOperand> element(int slot, const Expr& e) {
    if (e.args.size() < 2 || e.args.size() > 3) return std::nullopt;
    ScalarStep s;
    s.kind = ScalarStep::kIndex;
    s.nargs = static_cast<uint8_t>(e.args.size() - 1);
    auto it = std::find(prog_.arrays.begin(), prog_.arrays.end(), slot);
    if (it == prog_.arrays.end()) it = prog_.arrays.insert(it, slot);
    s.name = static_cast<int32_t>(it - prog_.arrays.begin());
    auto x = operand(*e.args[1]);
    if (!x) return std::nullopt;
    s.x = *x;
    if (s.nargs == 2) {
      auto y = operand(*e.args[2]);
      if (!y) return std::nullopt;
      s.y = *y;
    }
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

std::optional<ScalarProgram> build_scalar_program(const Expr& e, const Expr* target,
                                                  const ScalarNameLookup& names,
                                                  bool logical_result_ok) {
  Builder b(names);
  return b.finish(e, target, logical_result_ok);
}

}  // namespace runmat::lang
