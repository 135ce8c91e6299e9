// Single pass over each function body after a pre-pass that collects assigned names.
#include "runmat/lang/compiler.hpp"

#include <algorithm>
#include <optional>
#include <set>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "runmat/core/containers.hpp"
#include "runmat/core/integer.hpp"
#include "runmat/lang/unparse.hpp"
#include "scalar_program_builder.hpp"

namespace runmat::lang {
namespace {

struct CompileError {
  int line;
  std::string message;
};

// Names a scope assigns: they are its variables.
void collect_assigned(const Block& block, std::set<std::string>* out);

void collect_lhs(const Expr* e, std::set<std::string>* out) {
  while (e && e->kind != ExprKind::Ident && !e->args.empty()) e = e->args[0].get();
  if (e && e->kind == ExprKind::Ident) out->insert(e->text);
}

void collect_assigned(const Block& block, std::set<std::string>* out) {
  for (const auto& s : block) {
    switch (s->kind) {
      case StmtKind::Assign:
        for (const auto& l : s->lhs) collect_lhs(l.get(), out);
        break;
      case StmtKind::For:
        out->insert(s->for_var);
        collect_assigned(s->body, out);
        break;
      case StmtKind::If:
      case StmtKind::Switch:
      case StmtKind::While:
        for (const auto& c : s->clauses) collect_assigned(c.body, out);
        collect_assigned(s->body, out);
        collect_assigned(s->else_body, out);
        break;
      case StmtKind::TryCatch:
        if (!s->catch_var.empty()) out->insert(s->catch_var);
        collect_assigned(s->body, out);
        collect_assigned(s->else_body, out);
        break;
      case StmtKind::Global:
      case StmtKind::Persistent:
        for (const auto& n : s->names) out->insert(n);
        break;
      default:
        break;
    }
  }
}

// The literal `[]`: an indexed assignment of it deletes elements.
bool is_empty_literal(const Expr& e) {
  if (e.kind != ExprKind::Matrix) return false;
  for (const auto& row : e.rows) {
    if (!row.empty()) return false;
  }
  return true;
}

// Whether an expression may produce a comma-separated list (several values): c{...} and s.f
// (s may be a struct array). Such arguments make their argument list dynamic (kMark/kDynArgs).
bool may_be_list(const Expr& e) {
  return e.kind == ExprKind::CellIndex || e.kind == ExprKind::Field || e.kind == ExprKind::DynField;
}

bool any_list(const std::vector<ExprPtr>& items, size_t from) {
  for (size_t i = from; i < items.size(); ++i) {
    if (items[i] && may_be_list(*items[i])) return true;
  }
  return false;
}

// Identifiers an expression reads (for the captures of an anonymous function), excluding
// names bound by nested anonymous functions' own parameters.
void collect_idents(const Expr& e, const std::set<std::string>& bound, std::set<std::string>* out) {
  if (e.kind == ExprKind::Ident) {
    if (!bound.count(e.text)) out->insert(e.text);
    return;
  }
  if (e.kind == ExprKind::AnonFunc) {
    std::set<std::string> inner = bound;
    inner.insert(e.params.begin(), e.params.end());
    collect_idents(*e.args[0], inner, out);
    return;
  }
  for (const auto& a : e.args) {
    if (a) collect_idents(*a, bound, out);
  }
  for (const auto& row : e.rows) {
    for (const auto& a : row) {
      if (a) collect_idents(*a, bound, out);
    }
  }
}

class FunctionCompiler {
 public:
  FunctionCompiler(Function* f, Module* module, bool is_script = false)
      : f_(f), module_(module), is_script_(is_script) {}

  void declare_vars(const std::vector<std::string>& params, const std::vector<std::string>& outs,
                    const Block& body) {
    // `~` parameters take a slot each (callers still pass the value) under a name no
    // identifier can have, so nothing reads them.
    for (size_t i = 0; i < params.size(); ++i) {
      if (params[i] == "~") {
        hidden_slot("ignored", static_cast<int>(i));
      } else {
        slot(params[i]);
      }
    }
    f_->num_params = static_cast<int>(params.size());
    f_->varargin = !params.empty() && params.back() == "varargin";
    f_->varargout = !outs.empty() && outs.back() == "varargout";
    for (const auto& o : outs) f_->output_slots.push_back(slot(o));
    params_.insert(params.begin(), params.end());
    args_.insert(params.begin(), params.end());
    args_.insert(outs.begin(), outs.end());
    std::set<std::string> assigned;
    collect_assigned(body, &assigned);
    for (const auto& n : assigned) slot(n);
    f_->ans_slot = slot("ans");
  }

  void block(const Block& b) {
    for (const auto& s : b) stmt(*s);
  }

  void finish() { emit(Op::kReturn, 0, 0, 0, last_line_); }

 private:
  int slot(const std::string& name) {
    auto it = slots_.find(name);
    if (it != slots_.end()) return it->second;
    const int s = static_cast<int>(f_->var_names.size());
    f_->var_names.push_back(name);
    slots_[name] = s;
    return s;
  }
  // A slot no MATLAB name can collide with ("(switch0)"), for compiler temporaries. One per
  // kind and nesting depth, so that nested constructs do not overwrite each other's.
  int hidden_slot(const char* kind, int depth) { return slot(absl::StrCat("(", kind, depth, ")")); }
  int find_slot(const std::string& name) const {
    auto it = slots_.find(name);
    return it == slots_.end() ? -1 : it->second;
  }
  int name_index(const std::string& name) {
    auto it = names_.find(name);
    if (it != names_.end()) return it->second;
    const int i = static_cast<int>(f_->names.size());
    f_->names.push_back(name);
    names_[name] = i;
    return i;
  }
  int constant(Value v) {
    f_->consts.push_back(std::move(v));
    return static_cast<int>(f_->consts.size() - 1);
  }
  int emit(Op op, int a = 0, int b = 0, int c = 0, int line = -1, uint8_t flags = 0) {
    Instr in;
    in.op = op;
    in.a = a;
    in.b = b;
    in.c = c;
    in.flags = flags;
    f_->code.push_back(in);
    f_->lines.push_back(line >= 0 ? line : line_);
    return static_cast<int>(f_->code.size() - 1);
  }
  int here() const { return static_cast<int>(f_->code.size()); }
  void patch(int at, int target) {
    if (f_->code[at].op == Op::kForNext) {
      f_->code[at].c = target;
    } else {
      f_->code[at].a = target;
    }
  }

  [[noreturn]] void fail(const std::string& msg) { throw CompileError{line_, msg}; }

  // ------------------------------------------------------------------ statements
  void stmt(const Stmt& s) {
    line_ = s.loc.line;
    last_line_ = line_;
    switch (s.kind) {
      case StmtKind::Expr:
        expr_stmt(s);
        break;
      case StmtKind::Assign:
        assign(s);
        break;
      case StmtKind::If:
        if_stmt(s);
        break;
      case StmtKind::For:
        for_stmt(s);
        break;
      case StmtKind::While:
        while_stmt(s);
        break;
      case StmtKind::Switch:
        switch_stmt(s);
        break;
      case StmtKind::Global:
      case StmtKind::Persistent:
        declare_stmt(s);
        break;
      case StmtKind::Break:
        if (loops_.empty()) fail("A BREAK statement appeared outside of a loop.");
        leave_tries(loops_.back().try_depth);
        loops_.back().breaks.push_back(emit(Op::kJump));
        break;
      case StmtKind::Continue:
        if (loops_.empty()) fail("A CONTINUE statement appeared outside of a loop.");
        leave_tries(loops_.back().try_depth);
        loops_.back().continues.push_back(emit(Op::kJump));
        break;
      case StmtKind::TryCatch:
        try_stmt(s);
        break;
      case StmtKind::Return:
        emit(Op::kReturn);
        break;
      case StmtKind::Command: {
        for (const auto& w : s.names) emit(Op::kConst, constant(Value::char_row(w)));
        emit(Op::kStmtCall, -1, name_index(s.text), static_cast<int>(s.names.size()), -1,
             s.print_result ? kPrint : 0);
        break;
      }
      default:
        fail("This statement is not supported yet.");
    }
  }

  void expr_stmt(const Stmt& s) {
    const Expr& e = *s.expr;
    const uint8_t flags = s.print_result ? kPrint : 0;
    if (superclass_constructor_call(e)) return;
    if (const Expr* call = method_call_target(e)) {
      // obj.method(args) / obj.name as a statement: nargout 0, an output goes to ans.
      const Expr& field = e.kind == ExprKind::Field ? e : *e.args[0];
      expr(*field.args[0]);
      const int nargs = e.kind == ExprKind::Field ? 0 : static_cast<int>(e.args.size() - 1);
      const bool dyn = e.kind == ExprKind::Index && any_list(e.args, 1);
      if (dyn) emit(Op::kMark);
      for (int i = 0; i < nargs; ++i) list_item(*e.args[i + 1], dyn);
      emit(Op::kMethodCall, name_index(call->text), nargs, 0, -1,
           static_cast<uint8_t>(flags | (dyn ? kDynArgs : 0)));
      return;
    }
    if (const std::string cls_call = static_call_name(e); !cls_call.empty()) {
      const bool dyn = e.kind == ExprKind::Index && any_list(e.args, 1);
      if (dyn) emit(Op::kMark);
      const int nargs = e.kind == ExprKind::Index ? static_cast<int>(e.args.size() - 1) : 0;
      for (int i = 0; i < nargs; ++i) list_item(*e.args[i + 1], dyn);
      emit(Op::kStmtCall, -1, name_index(cls_call), nargs, -1,
           static_cast<uint8_t>(flags | (dyn ? kDynArgs : 0)));
      return;
    }
    if (e.kind == ExprKind::Ident) {
      const int v = find_slot(e.text);
      emit(Op::kStmtCall, v, name_index(e.text), 0, -1, flags);
      return;
    }
    if (e.kind == ExprKind::Index && e.args[0]->kind == ExprKind::Ident) {
      const std::string& name = e.args[0]->text;
      const int v = find_slot(name);
      if (v < 0) {
        const bool dyn = any_list(e.args, 1);
        if (dyn) emit(Op::kMark);
        for (size_t i = 1; i < e.args.size(); ++i) list_item(*e.args[i], dyn);
        emit(Op::kStmtCall, -1, name_index(name), static_cast<int>(e.args.size() - 1), -1,
             static_cast<uint8_t>(flags | (dyn ? kDynArgs : 0)));
        return;
      }
    }
    expr(e);
    emit(Op::kStore, f_->ans_slot);
    if (s.print_result) emit(Op::kDisplay, f_->ans_slot, name_index("ans"));
  }

  void assign(const Stmt& s) {
    if (s.bracket_lhs && any_list(s.lhs, 0) && !may_be_list(*s.expr)) {
      list_assign(s);
      return;
    }
    if (s.lhs.size() == 1) {
      const Expr* target = s.lhs[0].get();
      if (!target) fail("Invalid use of '~' on the left side of an assignment.");
      if (target->kind == ExprKind::Index && is_empty_literal(*s.expr)) {
        // x(i) = [] deletes (only for the literal; a variable holding [] assigns).
        if (target->args[0]->kind == ExprKind::Ident) {
          const std::string& name = target->args[0]->text;
          const int v = slot(name);
          index_args(*target, v);
          emit(Op::kDeleteIndex, v, name_index(name), static_cast<int>(target->args.size() - 1));
          if (s.print_result) emit(Op::kDisplay, v, name_index(name));
        } else {
          store_path(*target, s.print_result, /*del=*/true);
        }
        return;
      }
      const bool element = target->kind == ExprKind::Index;
      const int fast = target->kind == ExprKind::Ident || element
                           ? scalar_fast_path(*s.expr, element ? target : nullptr, false)
                           : -1;
      expr(*s.expr);
      if (fast >= 0) {
        const std::string& name = element ? target->args[0]->text : target->text;
        const int v = slot(name);
        f_->code[fast].b = v;
        store(*target, false);
        f_->code[fast].c = here();  // the fast path stored the value: only the display is left
        if (s.print_result) emit(Op::kDisplay, v, name_index(name));
        return;
      }
      store(*target, s.print_result);
      return;
    }
    // [a, b, ...] = call(...) or = c{...} / s.f (a comma-separated list)
    const Expr& rhs = *s.expr;
    const int nout = static_cast<int>(s.lhs.size());
    if (rhs.kind == ExprKind::Index && rhs.args[0]->kind == ExprKind::Ident &&
        find_slot(rhs.args[0]->text) < 0) {
      const bool dyn = any_list(rhs.args, 1);
      if (dyn) emit(Op::kMark);
      for (size_t i = 1; i < rhs.args.size(); ++i) list_item(*rhs.args[i], dyn);
      emit(Op::kCall, name_index(rhs.args[0]->text), static_cast<int>(rhs.args.size() - 1), nout,
           -1, dyn ? kDynArgs : 0);
    } else if (rhs.kind == ExprKind::Ident && find_slot(rhs.text) < 0) {
      emit(Op::kCall, name_index(rhs.text), 0, nout);
    } else if (const std::string cls_call = static_call_name(rhs); !cls_call.empty()) {
      const int nargs = rhs.kind == ExprKind::Index ? static_cast<int>(rhs.args.size() - 1) : 0;
      for (int i = 0; i < nargs; ++i) expr(*rhs.args[i + 1]);
      emit(Op::kCall, name_index(cls_call), nargs, nout);
    } else if (const Expr* call = rhs.kind == ExprKind::Index ? method_call_target(rhs) : nullptr) {
      expr(*call->args[0]);
      const int nargs = static_cast<int>(rhs.args.size() - 1);
      for (int i = 0; i < nargs; ++i) expr(*rhs.args[i + 1]);
      emit(Op::kMethodCall, name_index(call->text), nargs, nout);
    } else if (may_be_list(rhs)) {
      emit(Op::kMark);
      list_item(rhs, true);
      emit(Op::kTakeN, nout);
    } else {
      fail("Multiple outputs require a function call on the right-hand side.");
    }
    for (int i = nout - 1; i >= 0; --i) {
      if (!s.lhs[i]) {
        emit(Op::kPop);
      } else {
        store(*s.lhs[i], false);
      }
    }
    display_targets(s);
  }

  // [a, b, ...] = ... without a semicolon shows each target's variable left to right, after
  // all are assigned (the values come off the stack last first).
  void display_targets(const Stmt& s) {
    if (!s.print_result) return;
    for (const auto& t : s.lhs) {
      const Expr* e = t.get();
      while (e && e->kind != ExprKind::Ident && !e->args.empty()) e = e->args[0].get();
      if (e && e->kind == ExprKind::Ident) emit(Op::kDisplay, slot(e->text), name_index(e->text));
    }
  }

  // [p.y, c{1:2}, a] = f(...): targets that are comma-separated lists take as many outputs as
  // they address, so nargout is counted at run time (kListCount) before the call.
  void list_assign(const Stmt& s) {
    const Expr& rhs = *s.expr;
    const bool call1 = rhs.kind == ExprKind::Index && rhs.args[0]->kind == ExprKind::Ident &&
                       find_slot(rhs.args[0]->text) < 0;
    const bool call0 = rhs.kind == ExprKind::Ident && find_slot(rhs.text) < 0;
    if (!call1 && !call0) fail("Multiple outputs require a function call on the right-hand side.");
    const int n = static_cast<int>(s.lhs.size());
    std::vector<int> count_slot(static_cast<size_t>(n), -1);
    int fixed = 0;
    for (int i = 0; i < n; ++i) {
      const Expr* t = s.lhs[static_cast<size_t>(i)].get();
      if (!t || !may_be_list(*t)) {
        ++fixed;
        continue;
      }
      int v = 0;
      const int path = push_path_args(*t, &v);
      emit(Op::kListCount, v, path);
      count_slot[static_cast<size_t>(i)] = hidden_slot("count", i);
      emit(Op::kStore, count_slot[static_cast<size_t>(i)]);
    }
    emit(Op::kConst, constant(Value::num(fixed)));
    for (int c : count_slot) {
      if (c < 0) continue;
      emit(Op::kLoad, c, name_index(f_->var_names[c]));
      emit(Op::kBinary, static_cast<int>(BinOp::Add));
    }
    if (call1) {
      const bool dyn = any_list(rhs.args, 1);
      if (dyn) emit(Op::kMark);
      for (size_t i = 1; i < rhs.args.size(); ++i) list_item(*rhs.args[i], dyn);
      emit(Op::kCall, name_index(rhs.args[0]->text), static_cast<int>(rhs.args.size() - 1), 0, -1,
           static_cast<uint8_t>(kDynOut | (dyn ? kDynArgs : 0)));
    } else {
      emit(Op::kCall, name_index(rhs.text), 0, 0, -1, kDynOut);
    }
    for (int i = n - 1; i >= 0; --i) {
      const Expr* t = s.lhs[static_cast<size_t>(i)].get();
      if (!t) {
        emit(Op::kPop);
      } else if (count_slot[static_cast<size_t>(i)] < 0) {
        store(*t, false);
      } else {
        int v = 0;
        const int path = push_path_args(*t, &v);
        emit(Op::kStoreList, v, path, count_slot[static_cast<size_t>(i)]);
      }
    }
    display_targets(s);
  }

  // An assignment target's access path: its root variable and levels, recorded as P[path].
  struct TargetPath {
    int var = -1;
    int path = -1;
    std::string root;
    std::vector<const Expr*> chain;  // levels, outermost (nearest the root) first
  };

  TargetPath record_path(const Expr& target) {
    TargetPath t;
    const Expr* e = &target;
    while (e->kind == ExprKind::Index || e->kind == ExprKind::CellIndex ||
           e->kind == ExprKind::Field || e->kind == ExprKind::DynField) {
      t.chain.push_back(e);
      e = e->args[0].get();
    }
    if (e->kind != ExprKind::Ident) fail("Invalid assignment target.");
    std::reverse(t.chain.begin(), t.chain.end());
    t.root = e->text;
    t.var = slot(e->text);
    std::vector<PathLevel> levels;
    for (const Expr* lv : t.chain) {
      PathLevel p{};
      switch (lv->kind) {
        case ExprKind::Index:
          p.kind = PathLevel::kParen;
          p.nargs = static_cast<int>(lv->args.size() - 1);
          break;
        case ExprKind::CellIndex:
          p.kind = PathLevel::kBrace;
          p.nargs = static_cast<int>(lv->args.size() - 1);
          break;
        case ExprKind::Field:
          p.kind = PathLevel::kField;
          p.name = name_index(lv->text);
          break;
        default:
          p.kind = PathLevel::kDynField;
          p.nargs = 1;
          break;
      }
      levels.push_back(p);
    }
    t.path = static_cast<int>(f_->paths.size());
    f_->paths.push_back(std::move(levels));
    return t;
  }

  // Pushes the arguments of every level of an assignment path (as kStorePath takes them) and
  // returns the path's index; *var is the root variable's slot.
  int push_path_args(const Expr& target, int* var) {
    const TargetPath t = record_path(target);
    *var = t.var;
    // `end` binds to the root variable in the first level only (deeper levels: no `end`).
    for (size_t k = 0; k < t.chain.size(); ++k) push_level_args(*t.chain[k], k == 0 ? t.var : -1);
    return t.path;
  }

  // Stores the value on top of the stack into an lvalue.
  void store(const Expr& target, bool print) {
    if (target.kind == ExprKind::Ident) {
      const int v = slot(target.text);
      emit(Op::kStore, v);
      if (print) emit(Op::kDisplay, v, name_index(target.text));
      return;
    }
    if (target.kind == ExprKind::Index && target.args[0]->kind == ExprKind::Ident) {
      const std::string& name = target.args[0]->text;
      const int v = slot(name);
      const int nargs = static_cast<int>(target.args.size() - 1);
      index_args(target, v);
      emit(Op::kStoreIndex, v, name_index(name), nargs);
      if (print) emit(Op::kDisplay, v, name_index(name));
      return;
    }
    store_path(target, print, /*del=*/false);
  }

  // Assignment through a chain of (), {}, .name and .(expr) levels rooted at a variable.
  void store_path(const Expr& target, bool print, bool del) {
    const TargetPath t = record_path(target);
    const std::vector<const Expr*>& chain = t.chain;
    const int v = t.var, path = t.path;
    if (del && f_->paths[path].back().kind != PathLevel::kParen) del = false;
    // Arguments level by level; `end` in level k refers to the value the first k levels reach.
    for (size_t k = 0; k < chain.size(); ++k) {
      const Expr* lv = chain[k];
      if (lv->kind == ExprKind::DynField) {
        expr(*lv->args[1]);
        continue;
      }
      if (lv->kind == ExprKind::Field) continue;
      int end_slot = v;
      if (k > 0 && contains_end_args(*lv)) {
        // Recompute the prefix's arguments for kPathGet, then keep the prefix in a temp.
        for (size_t j = 0; j < k; ++j) push_level_args(*chain[j], j == 0 ? v : -1);
        emit(Op::kPathGet, v, path, static_cast<int>(k));
        end_slot = hidden_slot("path", path_depth_++);
        emit(Op::kStore, end_slot);
        --path_depth_;
      }
      push_level_args(*lv, end_slot);
    }
    emit(Op::kStorePath, v, path, name_index(t.root), -1, del ? kDelete : 0);
    if (print) emit(Op::kDisplay, v, name_index(t.root));
  }

  // The arguments of one path level (end bound to end_slot; -1: `end` not allowed here).
  void push_level_args(const Expr& lv, int end_slot) {
    if (lv.kind == ExprKind::DynField) {
      expr(*lv.args[1]);
      return;
    }
    if (lv.kind == ExprKind::Field) return;
    if (end_slot >= 0) {
      index_args(lv, end_slot);
    } else {
      for (size_t i = 1; i < lv.args.size(); ++i) expr(*lv.args[i]);
    }
  }

  static bool contains_end_args(const Expr& lv) {
    for (size_t i = 1; i < lv.args.size(); ++i) {
      if (contains_end(*lv.args[i])) return true;
    }
    return false;
  }

  void try_stmt(const Stmt& s) {
    const int catch_slot = s.catch_var.empty() ? -1 : slot(s.catch_var);
    const int handler = emit(Op::kTry, 0, catch_slot);
    ++try_depth_;
    block(s.body);
    --try_depth_;
    emit(Op::kEndTry);
    const int skip = emit(Op::kJump);
    f_->code[handler].a = here();
    block(s.else_body);
    patch(skip, here());
  }

  // Leaving try blocks by break/continue pops their handlers.
  void leave_tries(int to_depth) {
    for (int d = try_depth_; d > to_depth; --d) emit(Op::kEndTry);
  }

  // A double-scalar fast path (bytecode.hpp: ScalarProgram) for `e`: emits kScalarExpr /
  // kScalarCond with its jump fields left for the caller, and returns its index; -1 when `e`
  // has none.
  int scalar_fast_path(const Expr& e, const Expr* target, bool condition) {
    ScalarNameLookup lookup{[this](const std::string& n) { return find_slot(n); },
                            [this](const std::string& n) { return name_index(n); }};
    std::optional<ScalarProgram> prog = build_scalar_program(e, target, lookup, condition);
    if (!prog) return -1;
    f_->scalar_programs.push_back(std::move(*prog));
    return emit(condition ? Op::kScalarCond : Op::kScalarExpr,
                static_cast<int>(f_->scalar_programs.size() - 1));
  }

  // The condition of if/elseif/while: returns the jumps to patch to the false target (the
  // general code's kJumpIfFalse, and the fast path's when there is one).
  std::vector<int> condition(const Expr& e) {
    const int fast = scalar_fast_path(e, nullptr, true);
    cond_expr(e);
    const int skip = emit(Op::kJumpIfFalse);
    if (fast < 0) return {skip};
    f_->code[fast].c = here();  // true: straight into the body
    return {skip, fast};
  }
  void patch_false(const std::vector<int>& jumps, int target) {
    for (int j : jumps) {
      if (f_->code[j].op == Op::kScalarCond) {
        f_->code[j].b = target;
      } else {
        patch(j, target);
      }
    }
  }

  void if_stmt(const Stmt& s) {
    std::vector<int> to_end;
    for (const auto& c : s.clauses) {
      line_ = c.cond->loc.line;
      const std::vector<int> skip = condition(*c.cond);
      block(c.body);
      to_end.push_back(emit(Op::kJump));
      patch_false(skip, here());
    }
    block(s.else_body);
    for (int j : to_end) patch(j, here());
  }

  void for_stmt(const Stmt& s) {
    const Expr& r = *s.expr;
    const int loop = f_->num_loops++;
    if (r.kind == ExprKind::Range) {
      expr(*r.args[0]);
      if (r.args.size() == 3) {
        expr(*r.args[1]);
        expr(*r.args[2]);
      } else {
        emit(Op::kConst, constant(Value::num(1.0)));
        expr(*r.args[1]);
      }
      emit(Op::kForRangeInit, loop);
    } else {
      expr(r);
      emit(Op::kForInit, loop);
    }
    const int top = here();
    const int next = emit(Op::kForNext, loop, slot(s.for_var), 0);
    loops_.push_back({});
    loops_.back().try_depth = try_depth_;
    block(s.body);
    emit(Op::kJump, top);
    patch(next, here());
    close_loop(top);
  }

  void while_stmt(const Stmt& s) {
    const int top = here();
    const Clause& c = s.clauses.at(0);
    const std::vector<int> exit = condition(*c.cond);
    loops_.push_back({});
    loops_.back().try_depth = try_depth_;
    block(c.body);
    emit(Op::kJump, top);
    patch_false(exit, here());
    close_loop(top);
  }

  // switch: the subject goes to a hidden slot; each case value (each element of a `case {...}`)
  // jumps to its body when it matches; no match falls through to the next case, then to
  // otherwise. Bodies end with a jump past the switch (no C-style fallthrough).
  void switch_stmt(const Stmt& s) {
    const int subject = hidden_slot("switch", switch_depth_++);
    expr(*s.expr);
    emit(Op::kSwitchSubject, subject);
    std::vector<int> to_end;
    for (const auto& c : s.clauses) {
      if (!c.cond) continue;  // the parser puts otherwise in else_body
      line_ = c.cond->loc.line;
      std::vector<int> to_body;
      if (c.cond->kind == ExprKind::Cell) {
        for (const auto& row : c.cond->rows) {
          for (const auto& item : row) {
            if (item->kind == ExprKind::Cell) {
              fail("Nested cell arrays as case values are not supported yet.");
            }
            expr(*item);
            to_body.push_back(emit(Op::kCaseJump, 0, subject));
          }
        }
      } else {
        expr(*c.cond);
        to_body.push_back(emit(Op::kCaseJump, 0, subject));
      }
      const int skip = emit(Op::kJump);
      for (int j : to_body) patch(j, here());
      block(c.body);
      to_end.push_back(emit(Op::kJump));
      patch(skip, here());
    }
    block(s.else_body);
    for (int j : to_end) patch(j, here());
    --switch_depth_;
  }

  void declare_stmt(const Stmt& s) {
    const bool is_global = s.kind == StmtKind::Global;
    for (const auto& n : s.names) {
      if (!is_global && is_script_) {
        fail("A PERSISTENT declaration is only allowed in a function.");
      }
      if (!is_global && args_.count(n)) {
        fail(absl::StrCat("The PERSISTENT declaration of '", n,
                          "' is not allowed because it is an input or output argument."));
      }
      if (is_global && params_.count(n)) {
        fail(absl::StrCat("The GLOBAL declaration of '", n,
                          "' is not allowed because it is an input argument."));
      }
      const int v = slot(n);
      f_->has_bindings = true;
      if (is_global) {
        emit(Op::kGlobal, v, name_index(n));
      } else {
        emit(Op::kPersistent, v, name_index(absl::StrCat(f_->filename, "|", f_->name, "|", n)));
      }
    }
  }

  void close_loop(int continue_target) {
    for (int j : loops_.back().breaks) patch(j, here());
    for (int j : loops_.back().continues) patch(j, continue_target);
    loops_.pop_back();
  }

  // ------------------------------------------------------------------ expressions
  void expr(const Expr& e) {
    switch (e.kind) {
      case ExprKind::Number:
        if (e.imaginary) {  // 3i: a complex constant with a zero real part
          auto z = std::make_shared<ComplexArray>();
          z->data[0] = {0.0, e.number};
          emit(Op::kConst, constant(Value::complex(std::move(z))));
          break;
        }
        if (!e.int_suffix.empty()) {  // 0x1F, 0b101u8, 0xFFs8: an integer-class constant
          ClassId cls = ClassId::UInt8;
          const bool is_signed = e.int_suffix[0] == 's';
          class_from_name((is_signed ? "int" : "uint") + e.int_suffix.substr(1), &cls);
          const Wide v = is_signed ? Wide{e.int_value} : Wide{e.uint_value};
          emit(Op::kConst, constant(Value::array(integer_scalar(cls, v))));
          break;
        }
        emit(Op::kConst, constant(Value::num(e.number)));
        break;
      case ExprKind::CharLit:
        emit(Op::kConst, constant(Value::char_row(e.text)));
        break;
      case ExprKind::StringLit:
        emit(Op::kConst, constant(Value::string_scalar(e.text)));
        break;
      case ExprKind::Ident: {
        const int v = find_slot(e.text);
        if (v >= 0) {
          emit(Op::kCallOrIndex, v, name_index(e.text), 0);
        } else {
          emit(Op::kCall, name_index(e.text), 0, 1);
        }
        break;
      }
      case ExprKind::Unary:
        expr(*e.args[0]);
        emit(Op::kUnary, static_cast<int>(e.uop));
        break;
      case ExprKind::Binary:
        binary(e);
        break;
      case ExprKind::Range:
        for (const auto& a : e.args) expr(*a);
        emit(Op::kRange, static_cast<int>(e.args.size()));
        break;
      case ExprKind::Index:
        index_expr(e);
        break;
      case ExprKind::Matrix:
        matrix(e);
        break;
      case ExprKind::End:
        if (end_ctx_.empty()) fail("'end' is only valid inside an index expression.");
        emit(Op::kEndOf, end_ctx_.back().slot, end_ctx_.back().pos, end_ctx_.back().count);
        break;
      case ExprKind::Colon:
        emit(Op::kColonAll);
        break;
      case ExprKind::CellIndex:
      case ExprKind::Field:
      case ExprKind::DynField:
        access(e, /*expand=*/false);
        break;
      case ExprKind::Cell:
        cell_literal(e);
        break;
      case ExprKind::FuncHandle:
        emit(Op::kMakeHandle, name_index(e.text));
        break;
      case ExprKind::AnonFunc:
        anon_function(e);
        break;
    }
  }

  // One item of an argument list / matrix row / cell row: a comma-separated list expands
  // when the list is dynamic.
  void list_item(const Expr& e, bool dyn) {
    if (dyn && may_be_list(e)) {
      access(e, /*expand=*/true);
    } else {
      expr(e);
    }
  }

  // c{...}, s.f, s.(name): the base, then the access (all values with expand).
  void access(const Expr& e, bool expand) {
    const uint8_t flags = expand ? kExpand : 0;
    if (const std::string cls_call = static_call_name(e); !cls_call.empty()) {
      emit(Op::kCall, name_index(cls_call), 0, 1);  // Cls.CONSTANT or Cls.staticMethod
      return;
    }
    if (e.kind == ExprKind::Field) {
      expr(*e.args[0]);
      emit(Op::kField, name_index(e.text), 0, 0, -1, flags);
      return;
    }
    if (e.kind == ExprKind::DynField) {
      expr(*e.args[0]);
      expr(*e.args[1]);
      emit(Op::kDynField, 0, 0, 0, -1, flags);
      return;
    }
    // c{args}: `end` refers to the base.
    const Expr& base = *e.args[0];
    const int nargs = static_cast<int>(e.args.size() - 1);
    bool any_end = false;
    for (int i = 0; i < nargs; ++i) any_end |= contains_end(*e.args[i + 1]);
    if (base.kind == ExprKind::Ident && find_slot(base.text) >= 0) {
      const int v = find_slot(base.text);
      emit(Op::kLoad, v, name_index(base.text));
      index_args(e, v);
    } else {
      expr(base);
      if (any_end) {
        const int tmp = hidden_slot("index", index_depth_++);
        emit(Op::kStore, tmp);
        emit(Op::kLoad, tmp, name_index(f_->var_names[tmp]));
        index_args(e, tmp);
        --index_depth_;
      } else {
        for (int i = 0; i < nargs; ++i) expr(*e.args[i + 1]);
      }
    }
    emit(Op::kIndexBrace, nargs, 0, 0, -1, flags);
  }

  // {a, b; c, d}: each item is one element (a cell item nests); c{:} items expand.
  void cell_literal(const Expr& e) {
    for (const auto& row : e.rows) {
      const bool dyn = any_list(row, 0);
      if (dyn) emit(Op::kMark);
      for (const auto& item : row) list_item(*item, dyn);
      emit(Op::kCellRow, static_cast<int>(row.size()), 0, 0, -1, dyn ? kDynArgs : 0);
    }
    emit(Op::kCellVcat, static_cast<int>(e.rows.size()));
  }

  // @(params) body: compiled into its own Function whose parameters are the declared ones
  // followed by the enclosing variables the body reads (captured by value at creation).
  void anon_function(const Expr& e) {
    std::set<std::string> bound(e.params.begin(), e.params.end());
    std::set<std::string> free;
    collect_idents(*e.args[0], bound, &free);
    std::vector<std::string> captures;
    for (const auto& n : free) {
      if (find_slot(n) >= 0) captures.push_back(n);
    }
    auto fn = std::make_unique<Function>();
    fn->name = absl::StrCat(f_->name, ">@anon", module_->anon.size());
    fn->filename = f_->filename;
    fn->anon_params = static_cast<int>(e.params.size());
    fn->anon_text = unparse_compact(e);
    std::vector<std::string> params = e.params;
    params.insert(params.end(), captures.begin(), captures.end());
    Function* raw = fn.get();
    const int index = static_cast<int>(module_->anon.size());
    module_->anon.push_back(std::move(fn));
    {
      FunctionCompiler body(raw, module_);
      body.line_ = line_;
      body.declare_anon(params);
      body.anon_body(*e.args[0]);
    }
    for (const auto& n : captures) emit(Op::kLoadOpt, find_slot(n));
    emit(Op::kMakeAnon, index, static_cast<int>(captures.size()));
  }

  void declare_anon(const std::vector<std::string>& params) {
    for (const auto& p : params) slot(p);
    f_->num_params = static_cast<int>(params.size());
    f_->output_slots.push_back(slot("(out)"));
    f_->ans_slot = slot("ans");
  }

  // The body's value is the single output; a call that returns nothing (@() disp(1)) leaves
  // the output unset instead of failing.
  void anon_body(const Expr& body) {
    if (body.kind == ExprKind::Index && body.args[0]->kind == ExprKind::Ident &&
        find_slot(body.args[0]->text) < 0) {
      const bool dyn = any_list(body.args, 1);
      if (dyn) emit(Op::kMark);
      for (size_t i = 1; i < body.args.size(); ++i) list_item(*body.args[i], dyn);
      emit(Op::kCall, name_index(body.args[0]->text), static_cast<int>(body.args.size() - 1), 1, -1,
           static_cast<uint8_t>(kOptionalOutput | (dyn ? kDynArgs : 0)));
    } else if (body.kind == ExprKind::Ident && find_slot(body.text) < 0) {
      emit(Op::kCall, name_index(body.text), 0, 1, -1, kOptionalOutput);
    } else {
      expr(body);
    }
    emit(Op::kStore, f_->output_slots[0]);
    finish();
  }

  // An if/while condition. Inside it (and only there) MATLAB short-circuits & and | when the
  // left operand is a scalar: `if a & b` skips b when a is a scalar false.
  void cond_expr(const Expr& e) {
    if (e.kind == ExprKind::Binary && (e.bop == BinOp::ElemAnd || e.bop == BinOp::ElemOr)) {
      cond_expr(*e.args[0]);
      const int skip = emit(Op::kCondJump, 0, e.bop == BinOp::ElemOr ? 1 : 0);
      cond_expr(*e.args[1]);
      emit(Op::kBinary, static_cast<int>(e.bop));
      patch(skip, here());
      return;
    }
    expr(e);
  }

  void binary(const Expr& e) {
    if (e.bop == BinOp::AndAnd || e.bop == BinOp::OrOr) {
      // a && b: if !a -> false; else truth(b). a || b: if a -> true; else truth(b).
      const bool is_and = e.bop == BinOp::AndAnd;
      expr(*e.args[0]);
      if (is_and) {
        const int f1 = emit(Op::kJumpIfFalse, 0, 0, 0, -1, kStrict);
        expr(*e.args[1]);
        const int f2 = emit(Op::kJumpIfFalse, 0, 0, 0, -1, kStrict);
        emit(Op::kConst, constant(Value::logical(true)));
        const int done = emit(Op::kJump);
        patch(f1, here());
        patch(f2, here());
        emit(Op::kConst, constant(Value::logical(false)));
        patch(done, here());
      } else {
        const int t1 = emit(Op::kJumpIfFalse, 0, 0, 0, -1, kStrict);
        emit(Op::kConst, constant(Value::logical(true)));
        const int done1 = emit(Op::kJump);
        patch(t1, here());
        expr(*e.args[1]);
        const int f2 = emit(Op::kJumpIfFalse, 0, 0, 0, -1, kStrict);
        emit(Op::kConst, constant(Value::logical(true)));
        const int done2 = emit(Op::kJump);
        patch(f2, here());
        emit(Op::kConst, constant(Value::logical(false)));
        patch(done1, here());
        patch(done2, here());
      }
      return;
    }
    expr(*e.args[0]);
    expr(*e.args[1]);
    emit(Op::kBinary, static_cast<int>(e.bop));
  }

  // Pushes the index arguments of `e` (args[1..]) with `end` bound to variable slot v.
  void index_args(const Expr& e, int v) {
    const int n = static_cast<int>(e.args.size() - 1);
    for (int i = 0; i < n; ++i) {
      end_ctx_.push_back({v, i, n});
      expr(*e.args[i + 1]);
      end_ctx_.pop_back();
    }
  }

  void index_expr(const Expr& e) {
    const Expr& base = *e.args[0];
    const int nargs = static_cast<int>(e.args.size() - 1);
    const bool dyn = any_list(e.args, 1);
    if (base.kind == ExprKind::Ident) {
      const int v = find_slot(base.text);
      if (dyn) emit(Op::kMark);
      if (v >= 0) {
        if (dyn) {
          for (int i = 0; i < nargs; ++i) {
            end_ctx_.push_back({v, i, nargs});
            list_item(*e.args[i + 1], true);
            end_ctx_.pop_back();
          }
        } else {
          index_args(e, v);
        }
        emit(Op::kCallOrIndex, v, name_index(base.text), nargs, -1,
             static_cast<uint8_t>((dyn ? kDynArgs : 0) | (nargs == 0 ? kParens : 0)));
      } else {
        // A function call: an `end` in its arguments belongs to an enclosing index, as in
        // x(min(end, 3)); with none, expr() reports it.
        for (int i = 0; i < nargs; ++i) list_item(*e.args[i + 1], dyn);
        emit(Op::kCall, name_index(base.text), nargs, 1, -1, dyn ? kDynArgs : 0);
      }
      return;
    }
    if (const std::string cls_call = static_call_name(e); !cls_call.empty()) {
      if (dyn) emit(Op::kMark);
      for (int i = 0; i < nargs; ++i) list_item(*e.args[i + 1], dyn);
      emit(Op::kCall, name_index(cls_call), nargs, 1, -1, dyn ? kDynArgs : 0);
      return;
    }
    if (const Expr* call = method_call_target(e)) {
      expr(*call->args[0]);
      if (dyn) emit(Op::kMark);
      for (int i = 0; i < nargs; ++i) list_item(*e.args[i + 1], dyn);
      emit(Op::kMethodCall, name_index(call->text), nargs, 1, -1, dyn ? kDynArgs : 0);
      return;
    }
    expr(base);
    bool any_end = false;
    for (int i = 0; i < nargs; ++i) any_end |= contains_end(*e.args[i + 1]);
    if (any_end) {
      // `end` refers to the base's value: keep it in a hidden slot for kEndOf.
      const int tmp = hidden_slot("index", index_depth_++);
      emit(Op::kStore, tmp);
      emit(Op::kLoad, tmp, name_index(f_->var_names[tmp]));
      index_args(e, tmp);
      --index_depth_;
    } else {
      for (int i = 0; i < nargs; ++i) expr(*e.args[i + 1]);
    }
    emit(Op::kIndex, nargs);
  }

  // ------------------------------------------------------------------ classes
  // Cls.name or Cls.name(args) where Cls is not a variable here: a static method or Constant
  // property of class Cls, called by the name "Cls.name" (the VM falls back to a variable or
  // function Cls when there is no such class). Empty when `e` is not of that form.
  std::string static_call_name(const Expr& e) const {
    const Expr* f = e.kind == ExprKind::Index ? e.args[0].get() : &e;
    if (f->kind != ExprKind::Field) return {};
    const Expr& base = *f->args[0];
    if (base.kind != ExprKind::Ident || find_slot(base.text) >= 0) return {};
    if (base.text.find('@') != std::string::npos) return {};
    return absl::StrCat(base.text, ".", f->text);
  }

  // obj.name(args) (or, for statements, obj.name): the Field node when the call can go
  // through kMethodCall: the base is not a class name and no argument uses `end` (which
  // needs the property's value; those compile as a field read then an index).
  const Expr* method_call_target(const Expr& e) const {
    const Expr* f = e.kind == ExprKind::Index ? e.args[0].get() : &e;
    if (f->kind != ExprKind::Field || !static_call_name(e).empty()) return nullptr;
    if (e.kind == ExprKind::Index) {
      for (size_t i = 1; i < e.args.size(); ++i) {
        if (contains_end(*e.args[i])) return nullptr;
      }
    }
    return f;
  }

  // obj@Base(args) in a constructor whose output is obj: obj = Base's constructor run on obj
  // (kCall "@Base" with obj first). Other name@Base(...) forms are ordinary calls.
  bool superclass_constructor_call(const Expr& e) {
    const Expr* callee = e.kind == ExprKind::Index ? e.args[0].get() : &e;
    if (callee->kind != ExprKind::Ident) return false;
    const size_t at = callee->text.find('@');
    if (at == std::string::npos || ctor_output_.empty()) return false;
    const std::string obj = callee->text.substr(0, at);
    if (obj != ctor_output_) return false;
    const int v = slot(obj);
    emit(Op::kLoad, v, name_index(obj));
    const int nargs = e.kind == ExprKind::Index ? static_cast<int>(e.args.size() - 1) : 0;
    for (int i = 0; i < nargs; ++i) expr(*e.args[i + 1]);
    emit(Op::kCall, name_index(callee->text.substr(at)), nargs + 1, 1);
    emit(Op::kStore, v);
    return true;
  }

 public:
  // A class's constructor: `obj@Base(...)` statements assign to this output variable.
  void set_constructor_output(std::string name) { ctor_output_ = std::move(name); }

  // A property default: a function with no parameters whose one output is `e`'s value.
  void property_default(const Expr& e) {
    f_->output_slots.push_back(slot("(out)"));
    f_->ans_slot = slot("ans");
    line_ = e.loc.line;
    last_line_ = line_;
    expr(e);
    emit(Op::kStore, f_->output_slots[0]);
    finish();
  }

 private:
  static bool contains_end(const Expr& e) {
    // Looks into inner indexes too: x(min(end, 2)) binds end to x (conservative for y(end)).
    if (e.kind == ExprKind::End) return true;
    for (const auto& a : e.args) {
      if (a && contains_end(*a)) return true;
    }
    return false;
  }

  void matrix(const Expr& e) {
    for (const auto& row : e.rows) {
      const bool dyn = any_list(row, 0);
      if (dyn) emit(Op::kMark);
      for (const auto& item : row) list_item(*item, dyn);
      emit(Op::kHorzcat, static_cast<int>(row.size()), 0, 0, -1, dyn ? kDynArgs : 0);
    }
    emit(Op::kVertcat, static_cast<int>(e.rows.size()));
  }

  struct LoopCtx {
    std::vector<int> breaks, continues;
    int try_depth = 0;  // try blocks open where the loop starts
  };
  struct EndCtx {
    int slot, pos, count;
  };

  Function* f_;
  Module* module_;
  absl::flat_hash_map<std::string, int> slots_;
  absl::flat_hash_map<std::string, int> names_;
  std::vector<LoopCtx> loops_;
  std::vector<EndCtx> end_ctx_;
  std::set<std::string> params_;  // parameter names
  std::set<std::string> args_;    // parameter and output names
  bool is_script_ = false;
  std::string ctor_output_;  // constructor output variable (empty outside constructors)
  int switch_depth_ = 0;
  int index_depth_ = 0;
  int path_depth_ = 0;
  int try_depth_ = 0;
  int line_ = 1;
  int last_line_ = 1;
};

void compile_function(const FunctionDef& def, const std::string& filename, Function* out,
                      Module* module, const std::string& ctor_output = {}) {
  out->name = def.name;
  out->filename = filename;
  FunctionCompiler fc(out, module);
  fc.set_constructor_output(ctor_output);
  fc.declare_vars(def.params, def.outputs, def.body);
  fc.block(def.body);
  fc.finish();
}

}  // namespace

absl::StatusOr<Module> compile_program(const Program& program) {
  Module m;
  m.filename = program.filename;
  try {
    m.script.name = program.filename;
    m.script.filename = program.filename;
    FunctionCompiler fc(&m.script, &m, /*is_script=*/true);
    fc.declare_vars({}, {}, program.body);
    fc.block(program.body);
    fc.finish();
    // A classdef file: its methods first (by their names: "area", "get.Radius", the class
    // name for the constructor), then one "(default)Prop" function per property default,
    // then the file's local functions. The runtime builds the class from these and the AST.
    std::vector<const FunctionDef*> defs;
    std::vector<std::string> ctor_outputs;
    std::vector<const PropertyDef*> defaults;
    for (const ClassDef& c : program.classes) {
      for (const FunctionDef& fd : c.methods) {
        defs.push_back(&fd);
        const bool ctor = fd.name == c.name && !fd.outputs.empty();
        ctor_outputs.push_back(ctor ? fd.outputs[0] : std::string());
      }
      for (const PropertyDef& p : c.properties) {
        if (p.default_value) defaults.push_back(&p);
      }
    }
    for (const FunctionDef& fd : program.functions) {
      defs.push_back(&fd);
      ctor_outputs.emplace_back();
    }
    m.functions.resize(defs.size() + defaults.size());
    size_t next = 0;
    for (size_t i = 0; i < defs.size() - program.functions.size(); ++i, ++next) {
      compile_function(*defs[i], program.filename, &m.functions[next], &m, ctor_outputs[i]);
    }
    for (const PropertyDef* p : defaults) {
      Function& f = m.functions[next++];
      f.name = absl::StrCat("(default)", p->name);
      f.filename = program.filename;
      FunctionCompiler dc(&f, &m);
      dc.property_default(*p->default_value);
    }
    for (const FunctionDef& fd : program.functions) {
      compile_function(fd, program.filename, &m.functions[next++], &m);
    }
  } catch (const CompileError& e) {
    return absl::InvalidArgumentError(absl::StrCat("Line ", e.line, ": ", e.message));
  }
  return m;
}

}  // namespace runmat::lang
