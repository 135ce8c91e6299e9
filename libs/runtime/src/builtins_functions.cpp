// Function handles and applying functions: feval func2str str2func cellfun arrayfun
// structfun isa.
#include <cctype>
#include <functional>

#include "absl/strings/str_format.h"
#include "builtins.hpp"
#include "container_concat.hpp"
#include "container_index.hpp"
#include "runmat/core/containers.hpp"
#include "runmat/core/error.hpp"
#include "vm.hpp"

namespace runmat::runtime {
namespace {

// The same elements in another shape (column-major order kept).
Value reshape_to(Value v, const Shape& shape) {
  if (v.is_struct()) {
    v.mutable_structure().shape = shape;
  } else if (v.is_complex()) {
    v.mutable_complex().shape = shape;
  }
  return v;
}

Vm& vm_of(CallContext& ctx) {
  if (!ctx.vm) throw_error("RunMat:internal", "%s needs an interpreter.", std::string(ctx.name));
  return *ctx.vm;
}

Args feval_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, SIZE_MAX);
  const Value fn = args[0];
  return vm_of(ctx).call_value(fn, Args(args.begin() + 1, args.end()), ctx.nargout);
}

Args func2str_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  if (!args[0].is_handle()) {
    throw_error("MATLAB:func2str:InputNotFunctionHandle",
                "Input argument must be a function handle.");
  }
  return {Value::char_row(args[0].handle().text)};
}

// str2func('sin') or str2func('@(x) x+1') (the text is compiled like source code).
Args str2func_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  if (!(args[0].is_char() || args[0].is_string())) {
    throw_error("MATLAB:str2func:InvalidInput",
                "Input must be a character vector or string scalar.");
  }
  const std::string text = args[0].to_text();
  if (!text.empty() && text[0] == '@') return {vm_of(ctx).eval_expression(text)};
  return {vm_of(ctx).make_named_handle(text)};
}

// Options after the data arguments: 'UniformOutput', tf and 'ErrorHandler', h.
struct ApplyOptions {
  bool uniform = true;
  Value error_handler;
};

ApplyOptions take_options(Args& args, size_t first_data) {
  ApplyOptions o;
  while (args.size() >= first_data + 2) {
    const Value& key = args[args.size() - 2];
    if (!(key.is_char() || key.is_string())) break;
    std::string k = key.to_text();
    for (char& ch : k) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (k == "uniformoutput") {
      o.uniform = args.back().scalar_double("UniformOutput") != 0;
    } else if (k == "errorhandler") {
      o.error_handler = args.back();
    } else {
      break;
    }
    args.resize(args.size() - 2);
  }
  return o;
}

// Collects per-call outputs into arrays (uniform) or cell arrays of `shape`.
class OutputCollector {
 public:
  OutputCollector(int nout, Shape shape, bool uniform, const char* fn)
      : nout_(nout), shape_(shape), uniform_(uniform), fn_(fn) {
    items_.resize(static_cast<size_t>(nout));
  }
  void add(int64_t index, Args& outs) {
    for (int k = 0; k < nout_; ++k) {
      if (static_cast<int>(outs.size()) <= k) {
        throw_error("MATLAB:TooManyOutputs", "Too many output arguments.");
      }
      Value& v = outs[static_cast<size_t>(k)];
      if (uniform_) {
        // Uniform outputs are scalars: numbers, logicals, chars, complex numbers or 1x1
        // structs (which concatenate into a struct array).
        const bool scalar_kind = v.is_numeric_like() || v.is_complex() || v.is_struct();
        if (!scalar_kind || v.numel() != 1) {
          throw_error(absl::StrFormat("MATLAB:%s:NotAScalarOutput", fn_).c_str(),
                      "Non-scalar in Uniform output, at index %d, output %d.\nSet "
                      "'UniformOutput' to false.",
                      index + 1, k + 1);
        }
      }
      items_[static_cast<size_t>(k)].push_back(std::move(v));
    }
  }
  Args finish() {
    Args out;
    for (int k = 0; k < nout_; ++k) {
      auto& vals = items_[static_cast<size_t>(k)];
      bool any_container = false;
      for (const Value& v : vals) any_container |= v.is_struct() || v.is_complex();
      if (uniform_ && any_container) {
        // Structs and complex scalars concatenate (fields must match, as for [s1, s2]).
        Value joined = vals.empty() ? Value::empty() : concat_values(vals, /*horizontal=*/true);
        if (joined.numel() == shape_.numel() && shape_.numel() > 0) {
          joined = reshape_to(joined, shape_);
        }
        out.push_back(std::move(joined));
        continue;
      }
      if (!uniform_) {
        auto c = std::make_shared<CellArray>();
        c->shape = shape_;
        c->data = std::move(vals);
        out.push_back(Value::cell(std::move(c)));
        continue;
      }
      ClassId cls = vals.empty() ? ClassId::Double : vals[0].cls();
      for (const Value& v : vals) {
        if (v.cls() != cls) {
          // MATLAB requires one class; double and logical mix to double.
          if ((cls == ClassId::Logical && v.cls() == ClassId::Double) ||
              (cls == ClassId::Double && v.cls() == ClassId::Logical)) {
            cls = ClassId::Double;
          } else {
            throw_error(absl::StrFormat("MATLAB:%s:MismatchInOutputTypes", fn_).c_str(),
                        "Mismatch in type of outputs, at index %d, output %d (%s versus %s).\nSet "
                        "'UniformOutput' to false.",
                        static_cast<int>(&v - vals.data()) + 1, k + 1,
                        std::string(class_name(v.cls())), std::string(class_name(cls)));
          }
        }
      }
      auto a = std::make_shared<Array>(cls, shape_);
      for (size_t i = 0; i < vals.size(); ++i) {
        a->set_from_double(static_cast<int64_t>(i), vals[i].elem(0));
      }
      if (cls == ClassId::Double && shape_.numel() == 1) {
        out.push_back(Value::num(vals[0].elem(0)));
      } else {
        out.push_back(Value::array(std::move(a)));
      }
    }
    return out;
  }

 private:
  int nout_;
  Shape shape_;
  bool uniform_;
  const char* fn_;
  std::vector<Args> items_;
};

// Calls fn on each index's arguments, with MATLAB's ErrorHandler protocol.
Args apply_each(CallContext& ctx, const Value& fn, int64_t n, const Shape& shape,
                const ApplyOptions& opt, const char* name,
                const std::function<Args(int64_t)>& args_at) {
  Vm& vm = vm_of(ctx);
  const int nout = std::max(ctx.nargout, 1);
  OutputCollector out(nout, shape, opt.uniform, name);
  for (int64_t i = 0; i < n; ++i) {
    Args a = args_at(i);
    Args r;
    try {
      r = vm.call_value(fn, a, ctx.nargout == 0 ? 0 : nout);
    } catch (const MatlabError& e) {
      if (!opt.error_handler.is_defined()) throw;
      auto s = std::make_shared<StructArray>(Shape::scalar());
      s->add_field("message");
      s->add_field("identifier");
      s->add_field("index");
      s->at(0, 0) = Value::char_row(e.message());
      s->at(0, 1) = Value::char_row(e.identifier());
      s->at(0, 2) = Value::num(static_cast<double>(i + 1));
      Args ha{Value::structure(std::move(s))};
      ha.insert(ha.end(), a.begin(), a.end());
      r = vm.call_value(opt.error_handler, ha, nout);
    }
    if (ctx.nargout == 0 && r.empty()) continue;  // a function with no outputs (disp)
    out.add(i, r);
  }
  if (ctx.nargout == 0 && n > 0) {
    // Nothing was returned by any call: no result at all.
  }
  return out.finish();
}

Args cellfun_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, SIZE_MAX);
  ApplyOptions opt = take_options(args, 2);
  const Value fn = args[0];
  Shape shape;
  for (size_t k = 1; k < args.size(); ++k) {
    if (!args[k].is_cell()) {
      throw_error("MATLAB:cellfun:NotACell",
                  "Input #%d expected to be a cell array, was %s "
                  "instead.",
                  static_cast<int>(k + 1), args[k].class_name());
    }
    if (k == 1) {
      shape = args[k].shape();
    } else if (args[k].shape() != shape) {
      throw_error("MATLAB:cellfun:ArgumentSizeMismatch",
                  "All of the input arguments must be of the same size and shape.\nPrevious "
                  "inputs had size %s, but input #%d has size %s.",
                  shape.to_string(), static_cast<int>(k + 1), args[k].shape().to_string());
    }
  }
  // Legacy name forms that MATLAB evaluates without a call: cellfun('isempty', c) etc.
  return apply_each(ctx, fn, shape.numel(), shape, opt, "cellfun", [&](int64_t i) {
    Args a;
    for (size_t k = 1; k < args.size(); ++k)
      a.push_back(args[k].cell().data[static_cast<size_t>(i)]);
    return a;
  });
}

Args arrayfun_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, SIZE_MAX);
  ApplyOptions opt = take_options(args, 2);
  const Value fn = args[0];
  const Shape shape = args[1].shape();
  for (size_t k = 2; k < args.size(); ++k) {
    if (args[k].shape() != shape) {
      throw_error("MATLAB:arrayfun:ArgumentSizeMismatch",
                  "All of the input arguments must be of the same size and shape.\nPrevious "
                  "inputs had size %s, but input #%d has size %s.",
                  shape.to_string(), static_cast<int>(k + 1), args[k].shape().to_string());
    }
  }
  return apply_each(ctx, fn, shape.numel(), shape, opt, "arrayfun", [&](int64_t i) {
    Args a;
    for (size_t k = 1; k < args.size(); ++k) {
      a.push_back(index_paren(args[k], {Value::num(static_cast<double>(i + 1))}));
    }
    return a;
  });
}

Args structfun_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, SIZE_MAX);
  ApplyOptions opt = take_options(args, 2);
  if (!args[1].is_struct() || args[1].numel() != 1) {
    throw_error("MATLAB:structfun:NotAScalarStructure", "Input must be a scalar structure.");
  }
  const StructArray& s = args[1].structure();
  const auto nf = static_cast<int64_t>(s.fields.size());
  Args out = apply_each(ctx, args[0], nf, Shape::column(nf), opt, "structfun",
                        [&](int64_t i) { return Args{s.at(0, static_cast<int>(i))}; });
  if (!opt.uniform) {
    // Non-uniform structfun returns a struct with the same fields.
    for (Value& v : out) {
      auto r = std::make_shared<StructArray>(Shape::scalar());
      r->fields = s.fields;
      r->values = v.cell().data;
      v = Value::structure(std::move(r));
    }
  }
  return out;
}

}  // namespace

void register_function_builtins(BuiltinRegistry& reg) {
  reg.add("feval", feval_fn, "feval(f, args...): calls a function handle or a named function.");
  reg.add("func2str", func2str_fn, "func2str(f): text of a function handle.");
  reg.add("str2func", str2func_fn, "str2func(text): function handle from a name or '@(x) ...'.");
  reg.add("cellfun", cellfun_fn,
          "cellfun(f, c, ..., 'UniformOutput', tf, 'ErrorHandler', h): applies f to each cell.");
  reg.add("arrayfun", arrayfun_fn,
          "arrayfun(f, a, ..., 'UniformOutput', tf): applies f to each array element.");
  reg.add("structfun", structfun_fn,
          "structfun(f, s, 'UniformOutput', tf): applies f to each field of a scalar struct.");
}

}  // namespace runmat::runtime
