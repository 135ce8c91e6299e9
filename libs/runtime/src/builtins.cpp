#include "builtins.hpp"

#include <algorithm>
#include <cmath>

#include "runmat/core/error.hpp"

namespace runmat::runtime {

void BuiltinRegistry::add(std::string name, BuiltinFn fn, std::string help) {
  Builtin b{name, fn, std::move(help)};
  table_[name] = std::move(b);
}

const Builtin* BuiltinRegistry::find(std::string_view name) const {
  auto it = table_.find(absl::string_view(name.data(), name.size()));
  return it == table_.end() ? nullptr : &it->second;
}

std::vector<std::string> BuiltinRegistry::names() const {
  std::vector<std::string> out;
  out.reserve(table_.size());
  for (const auto& [k, v] : table_) out.push_back(k);
  std::sort(out.begin(), out.end());
  return out;
}

const BuiltinRegistry& builtins() {
  static const BuiltinRegistry reg = [] {
    BuiltinRegistry r;
    register_construction_builtins(r);
    register_math_builtins(r);
    register_reduction_builtins(r);
    register_io_builtins(r);
    register_gpu_builtins(r);
    register_misc_builtins(r);
    register_shape_builtins(r);
    register_matrix_construction_builtins(r);
    register_cumulative_builtins(r);
    register_cell_builtins(r);
    register_function_builtins(r);
    register_error_builtins(r);
    register_operator_builtins(r);
    register_equality_builtins(r);
    register_complex_builtins(r);
    register_integer_builtins(r);
    register_special_builtins(r);
    register_trig_extra_builtins(r);
    register_integer_math_builtins(r);
    register_index_grid_builtins(r);
    register_linalg_builtins(r);
    register_stats_builtins(r);
    register_poly_builtins(r);
    register_fft_builtins(r);
    register_optim_builtins(r);
    register_ode_builtins(r);
    register_quad_builtins(r);
    register_sets_builtins(r);
    register_string_builtins(r);
    register_text_search_builtins(r);
    register_text_convert_builtins(r);
    register_regexp_builtins(r);
    register_text_sets_builtins(r);
    register_workspace_builtins(r);
    register_file_builtins(r);
    register_filesystem_builtins(r);
    register_time_builtins(r);
    register_csv_builtins(r);
    register_matfile_builtins(r);
    register_json_builtins(r);
    register_map_builtins(r);
    register_class_builtins(r);
    register_eval_builtins(r);
    return r;
  }();
  return reg;
}

void check_nargs(const CallContext& ctx, const Args& args, size_t min, size_t max) {
  if (args.size() < min) throw_error("MATLAB:minrhs", "Not enough input arguments.");
  if (args.size() > max) throw_error("MATLAB:TooManyInputs", "Too many input arguments.");
}

ClassId take_class_arg(Args& args, ClassId fallback) {
  if (!args.empty() && args.back().is_char()) {
    const std::string s = args.back().to_text();
    ClassId cls;  // numeric classes (int8 ... uint64 included) and logical
    if (!class_from_name(s, &cls) || cls == ClassId::Char) {
      throw_error("MATLAB:invalidInput", "Unsupported class name '%s'.", s);
    }
    args.pop_back();
    return cls;
  }
  return fallback;
}

// 2^48 elements: far beyond any memory, small enough that products cannot overflow int64.
constexpr double kMaxElements = 281474976710656.0;

Shape shape_from_args(const CallContext& ctx, const Args& args) {
  auto to_dim = [](double d) -> int64_t {
    if (std::isnan(d)) throw_error("MATLAB:NonIntegerInput", "Size inputs must be integers.");
    if (d != std::floor(d)) throw_error("MATLAB:NonIntegerInput", "Size inputs must be integers.");
    if (d > kMaxElements) {
      throw_error("MATLAB:array:SizeLimitExceeded",
                  "Requested array exceeds the maximum possible variable size.");
    }
    return d < 0 ? 0 : static_cast<int64_t>(d);
  };
  // The product of the dims must not overflow either (zeros(1e10, 1e10)).
  auto checked = [](Shape s) {
    double total = 1;
    for (int64_t d : s.dims()) total *= static_cast<double>(d);
    if (total > kMaxElements) {
      throw_error("MATLAB:array:SizeLimitExceeded",
                  "Requested array exceeds the maximum possible variable size.");
    }
    return s;
  };
  if (args.empty()) return Shape::scalar();
  if (args.size() == 1) {
    const Value& v = args[0];
    if (v.numel() == 1) {
      const int64_t n = to_dim(v.elem(0));
      return checked(Shape{n, n});
    }
    Shape::Dims d;
    for (int64_t i = 0; i < v.numel(); ++i) d.push_back(to_dim(v.elem(i)));
    return checked(Shape(d));
  }
  Shape::Dims d;
  for (const auto& a : args) d.push_back(to_dim(a.scalar_double("Size input")));
  return checked(Shape(d));
}

}  // namespace runmat::runtime

#include "runmat/builtins_list.hpp"

namespace runmat::runtime {
std::vector<std::string> builtin_names() {
  return builtins().names();
}
std::string builtin_help(const std::string& name) {
  const Builtin* b = builtins().find(name);
  return b ? b->help : std::string();
}
}  // namespace runmat::runtime
