// RunMat bytecode: the instruction set the compiler (compiler.hpp) emits and the VM
// (libs/runtime/src/vm.cpp) executes. A stack machine: operands are pushed, instructions pop
// them and push results. Every instruction has the same layout, documented here in one place
// (as Lua's lopcodes.h does):
//
//   Instr { Op op; uint8_t flags; int32_t a, b, c; }
//
// Notation: S = operand stack, V[i] = variable slot i of the current frame, K[i] = constant i,
// N[i] = name i (function names, variable names for messages).
//
//   kConst        a          push K[a]
//   kLoad         a b        push V[a]; if undefined: error "Unrecognized function or variable
//   N[b]" kStore        a          V[a] = pop kPop                     pop and discard kUnary a a =
//   UnOp: push op(pop) kBinary       a          a = BinOp: r = pop, l = pop, push l op r kCall a b
//   c      call function N[a] with b args from S, c outputs pushed (c >= 1) kCallOrIndex  a b c
//   V[a] defined ? push V[a](c args) : push N[b](c args) (1 output);
//                            a = -1 when the name is never a variable in this scope
//   kStmtCall     a b c      statement `name(args)` / `name`: like kCallOrIndex but with
//                            nargout = 0; a returned value goes to `ans` (slot in flags-less
//                            field: the frame's ans slot). flags & kPrint: display it
//   kIndex        a          pop a args, pop base, push base(args)
//   kEndOf        a b c      push the value of `end` for dimension b of c index positions of V[a]
//   kColonAll                push the magic ':' index
//   kRange        a          a = 2: r = pop, l = pop, push l:r; a = 3: stop, step, start
//   kHorzcat      a          pop a values, push [v1, v2, ...]
//   kVertcat      a          pop a values, push [v1; v2; ...]
//   kJump         a          pc = a
//   kJumpIfFalse  a          c = pop; if !truth(c): pc = a. flags & kStrict: c must be a
//                            logical scalar (&&, ||)
//   kForInit      a          loop state L[a] = iterate over columns of pop
//   kForRangeInit a          loop state L[a] = range (stop = pop, step = pop, start = pop),
//                            no array is built
//   kForNext      a b c      if L[a] has more: V[b] = next column, else pc = c
//   kDisplay      a b        display V[a] under the name N[b]
//   kStoreIndex   a b c      c args popped, then value = pop; V[a](args) = value (name N[b])
//   kReturn                  return from the current function/script
//   kSwitchSubject a         V[a] = pop, the subject of a switch; error unless it is a scalar
//                            or a char vector ("SWITCH expression must be a scalar or ...")
//   kCaseJump     a b        c = pop (one case value); if V[b] matches c: pc = a. Numbers
//                            match by ==, char vectors by equal text (strcmp); a number never
//                            matches a char. `case {x, y}` emits one kCaseJump per element
//   kGlobal       a b        bind V[a] to the session's global variable N[b] (created as []
//                            on first declaration); later reads/writes of V[a] go to it
//   kPersistent   a b        bind V[a] to the persistent variable keyed N[b] (file|function|
//                            name; created as [] on the first call that declares it)
//   kDeleteIndex  a b c      c args popped; V[a](args) = [] (deletion; name N[b]). Compiled
//                            only for the literal `[]` on the right-hand side
//   kCondJump     a b        condition-only & and |: top of S stays; if it is a scalar whose
//                            truth is false (b = 0, for &) or true (b = 1, for |): pc = a,
//                            skipping the right operand (MATLAB's short-circuit in if/while)
//
// Scalar fast paths (the general code for the same statement follows; see ScalarProgram):
//   kScalarExpr   a b c      run R[a] on the double scalars it reads; when it completes:
//                            V[b] = its result (or, for `v(i) = ...`, the element of R[a]'s
//                            target array), pc = c (past the general code). When an operand
//                            is not a double scalar, an index is out of range, or a step would
//                            leave the real doubles (sqrt(-1), (-8)^(1/3)), nothing is
//                            written: the general code runs
//   kScalarCond   a b c      a condition: run R[a]; when it completes with a number (not NaN):
//                            pc = b if it is 0, else pc = c (the body); otherwise fall through
//                            to the general condition code
//
// Cells, structs, handles, errors:
//   kMark                    remember the stack height: the next instruction flagged kDynArgs
//                            takes every value pushed since then as its argument list (so a
//                            comma-separated list such as c{:} or s.f can supply any number)
//   kCellRow      a          pop a values (kDynArgs: since the mark), push a 1xa cell
//   kCellVcat     a          pop a cell rows, push them stacked vertically
//   kIndexBrace   a          pop a args, pop base, push base{args}: every element with kExpand
//                            (a comma-separated list), else exactly one
//   kField        a          pop base, push base.N[a] (all elements with kExpand)
//   kDynField                pop name, pop base, push base.(name) (kExpand as kField)
//   kStorePath    a b c      V[a] = rhs through the access path P[b] (levels of (), {}, .name
//                            and .(expr)); the levels' arguments are on top of S in order, the
//                            rhs below them; N[c] names V[a]. kDelete: no rhs, the last ()
//                            level deletes (x.f(2) = [])
//   kPathGet      a b c      push the value at the first c levels of P[b] from V[a] (undefined
//                            when it does not exist yet), for `end` in a later level's
//                            arguments; the arguments of those levels are on top of S
//   kTakeN        a          [a, b] = c{...}: exactly a values since the mark stay on S (more
//                            are dropped; fewer is MATLAB's "Insufficient number of outputs")
//   kTry          a b        push a handler: an error in the try block jumps to a with the
//                            stack restored and (b >= 0) V[b] = the MException
//   kEndTry                  pop the innermost handler (end of a try block, or leaving it by
//                            break/continue)
//   kMakeHandle   a          push @N[a]
//   kMakeAnon     a b        pop b captured values, push a handle to anonymous function A[a]
//   kLoadOpt      a          push V[a] even when undefined (captures of anonymous functions)
//
// Multiple assignment to comma-separated-list targets ([p.y] = deal(0), [c{1:2}] = f()):
//   kListCount    a b        push how many values the target V[a] through path P[b] takes
//                            (numel of the struct array for .name, the number of addressed
//                            elements for {}, else 1); the levels' arguments are on top of S
//   kStoreList    a b c      pop the levels' arguments, then V[c] values (the count stored by
//                            kListCount); assign them element by element through P[b] of V[a]
//   kCall/kTakeN with flags & kDynOut: nargout is not c/a but a number on S (for kCall popped
//   after the arguments; for kTakeN the value just below the mark)
//
// Classes (classdef objects, libs/runtime/src/class_*.cpp):
//   kMethodCall   a b c      obj.name(args): pop b args, pop base. When base is a classdef
//                            object whose class has a method N[a] (and no property N[a]): call
//                            N[a](base, args...) and push c outputs; otherwise push
//                            base.N[a](args) (the property or field indexed, or a function
//                            handle stored there called). c = 0: a statement: an output goes
//                            to ans (displayed with kPrint) and nothing is pushed
//   Calls by name also reach classes: N[i] = "Cls.name" is a static method or Constant
//   property of class Cls; "@Cls" (first argument: the object under construction) runs the
//   superclass constructor Cls on it (obj@Cls(args) in a constructor); "name@Cls" calls the
//   superclass method (name@Cls(obj, args)).
//
// Each instruction has a source line in Function::lines (same index) for error messages.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "runmat/core/value.hpp"
#include "runmat/lang/ast.hpp"

namespace runmat::lang {

enum class Op : uint8_t {
  kConst,
  kLoad,
  kStore,
  kPop,
  kUnary,
  kBinary,
  kCall,
  kCallOrIndex,
  kStmtCall,
  kIndex,
  kEndOf,
  kColonAll,
  kRange,
  kHorzcat,
  kVertcat,
  kJump,
  kJumpIfFalse,
  kForInit,
  kForRangeInit,
  kForNext,
  kDisplay,
  kStoreIndex,
  kReturn,
  kSwitchSubject,
  kCaseJump,
  kGlobal,
  kPersistent,
  kDeleteIndex,
  kCondJump,
  kScalarExpr,
  kScalarCond,
  kMark,
  kCellRow,
  kCellVcat,
  kIndexBrace,
  kField,
  kDynField,
  kStorePath,
  kPathGet,
  kTakeN,
  kTry,
  kEndTry,
  kMakeHandle,
  kMakeAnon,
  kLoadOpt,
  kListCount,
  kStoreList,
  kMethodCall,
  kOpCount  // number of opcodes (not an instruction)
};

enum InstrFlags : uint8_t {
  kPrint = 1,
  kStrict = 2,
  kDynArgs = 4,          // the argument count is "everything since the last kMark"
  kExpand = 8,           // a comma-separated list may yield any number of values
  kDelete = 16,          // kStorePath: deletion
  kOptionalOutput = 32,  // kCall: a function that returns nothing pushes an undefined value
  kParens = 64,          // kCallOrIndex: written with parentheses (h() calls a handle; h does not)
  kDynOut = 128          // kCall/kTakeN: the output count is a value on the stack
};

// One level of an assignment target such as s.a{2}(3): its kind, argument count (the
// arguments are pushed by the code before kStorePath) and, for .name, the name N[name].
struct PathLevel {
  enum Kind : uint8_t { kParen, kBrace, kField, kDynField } kind;
  int nargs = 0;  // kDynField: 1 (the name expression)
  int name = -1;
};

struct Instr {
  Op op;
  uint8_t flags = 0;
  int32_t a = 0, b = 0, c = 0;
};

// A straight-line program over double scalars, compiled next to the general code of an
// assignment `x = expr` or a condition whose expression uses only variables, numeric
// literals, + - * / \ ^ (and the element-wise forms), unary minus, comparisons, && || & |,
// and calls of the scalar math builtins (sin, mod, ...; see the runtime's scalar_math.hpp).
// The VM runs it when every variable read holds a double scalar; it is the interpreter's fast
// path for the scalar loops that make up much of real MATLAB code (as Lua keeps numbers in
// registers instead of boxing them on a stack).
struct ScalarOperand {
  enum Kind : uint8_t { kSlot, kConst, kStep } kind = kConst;
  // kSlot: V[slots[index]]; kConst: consts[index]; kStep: the result of steps[index]
  int32_t index = 0;
};

// Longer programs gain little (such statements are rare in hot loops); the VM evaluates into
// fixed-size arrays.
inline constexpr size_t kScalarProgramMaxSteps = 32;
inline constexpr size_t kScalarProgramMaxSlots = 16;

struct ScalarStep {
  enum Kind : uint8_t { kUnary, kBinary, kCall, kIndex } kind = kBinary;
  uint8_t op = 0;     // kUnary: UnOp (Neg, Plus); kBinary: BinOp
  uint8_t nargs = 0;  // kCall: 0..2 arguments; kIndex: 1 or 2 subscripts
  int32_t name = -1;  // kCall: N[name], the function called; kIndex: the array, arrays[name]
  ScalarOperand x, y;
  // kCall: what N[name] resolved to when last checked (a runtime inline cache: the owner of
  // the function lookup, its generation and the math operation; see the VM's scalar path).
  mutable const void* cache_owner = nullptr;
  mutable uint64_t cache_generation = 0;
  mutable int32_t cache_op = -1;
};

// Whether MATLAB gives a logical result for the operator (comparisons and & | && ||).
inline bool is_logical_binop(BinOp op) {
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

struct ScalarProgram {
  std::vector<ScalarStep> steps;
  std::vector<double> consts;
  std::vector<int32_t> slots;   // every V[i] read as a scalar, each once: checked before running
  std::vector<int32_t> arrays;  // every V[i] indexed (x(i), x(i,j)): real double arrays
  ScalarOperand result;
  // `v(i) = ...` / `v(i,j) = ...`: the element written instead of a variable (target_nsubs > 0):
  // V[target_slot] must be a real double array owned by the variable alone, i in range.
  int32_t target_slot = -1;
  uint8_t target_nsubs = 0;
  ScalarOperand target_subs[2];
};

struct Function {
  std::string name;
  std::string filename;
  int num_params = 0;             // slots 0..num_params-1
  bool varargin = false;          // the last parameter is varargin (extra inputs as a cell)
  bool varargout = false;         // the last output is varargout (extra outputs from a cell)
  std::vector<int> output_slots;  // where outputs are read from on return
  int ans_slot = -1;
  int num_loops = 0;          // loop-state slots used by for loops
  bool has_bindings = false;  // has kGlobal/kPersistent (the VM then binds slots)
  // slot -> name (for who/display/errors). Compiler temporaries have names no MATLAB
  // identifier can take: "(switch0)" holds a switch subject, "(index0)" a computed value that
  // `end` refers to; who/whos-style listings should skip names starting with '('.
  std::vector<std::string> var_names;
  std::vector<Instr> code;
  std::vector<int> lines;
  std::vector<Value> consts;
  std::vector<std::string> names;              // function names and identifiers referenced by N[i]
  std::vector<std::vector<PathLevel>> paths;   // P[i], for kStorePath/kPathGet
  std::vector<ScalarProgram> scalar_programs;  // R[i], for kScalarExpr/kScalarCond
  // Anonymous functions: the number of declared parameters (captured variables follow them)
  // and the normalized source text func2str shows ("@(x)x.^2").
  int anon_params = -1;
  std::string anon_text;
};

struct Module {
  std::string filename;
  Function script;                  // top-level statements (empty for function files)
  std::vector<Function> functions;  // local functions, in file order
  // A[i]: anonymous function bodies (stable addresses: handles point at them).
  std::vector<std::unique_ptr<Function>> anon;
  const Function* find_function(const std::string& name) const {
    for (const auto& f : functions) {
      if (f.name == name) return &f;
    }
    return nullptr;
  }
};

// Human-readable listing, for tests and debugging.
std::string disassemble(const Function& f);

}  // namespace runmat::lang
