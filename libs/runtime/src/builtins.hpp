// Builtin function registry. Adding a function = one file (or one function in a family file)
// and one line in that family's register_* function: reg.add("name", fn, "help text").
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "runmat/core/value.hpp"

namespace runmat::runtime {

class Runtime;
class Vm;

struct CallContext {
  Runtime& rt;
  int nargout;  // 0 when called as a statement
  std::string_view name;
  Vm* vm = nullptr;  // the calling interpreter (for builtins that call functions: feval, cellfun)
};

using Args = std::vector<Value>;
using BuiltinFn = Args (*)(CallContext& ctx, Args& args);

struct Builtin {
  std::string name;
  BuiltinFn fn = nullptr;
  std::string help;
};

class BuiltinRegistry {
 public:
  void add(std::string name, BuiltinFn fn, std::string help);
  const Builtin* find(std::string_view name) const;
  std::vector<std::string> names() const;  // sorted

 private:
  absl::flat_hash_map<std::string, Builtin> table_;
};

// The process-wide registry with every family registered (built once, on first use).
const BuiltinRegistry& builtins();

// Families (one file each).
void register_construction_builtins(BuiltinRegistry& reg);
void register_math_builtins(BuiltinRegistry& reg);
void register_reduction_builtins(BuiltinRegistry& reg);
void register_io_builtins(BuiltinRegistry& reg);
void register_gpu_builtins(BuiltinRegistry& reg);
void register_misc_builtins(BuiltinRegistry& reg);
void register_shape_builtins(BuiltinRegistry& reg);
void register_matrix_construction_builtins(BuiltinRegistry& reg);
void register_cumulative_builtins(BuiltinRegistry& reg);
void register_cell_builtins(BuiltinRegistry& reg);
void register_function_builtins(BuiltinRegistry& reg);
void register_error_builtins(BuiltinRegistry& reg);
void register_operator_builtins(BuiltinRegistry& reg);
void register_equality_builtins(BuiltinRegistry& reg);
void register_complex_builtins(BuiltinRegistry& reg);
void register_integer_builtins(BuiltinRegistry& reg);
void register_special_builtins(BuiltinRegistry& reg);
void register_trig_extra_builtins(BuiltinRegistry& reg);
void register_integer_math_builtins(BuiltinRegistry& reg);
void register_index_grid_builtins(BuiltinRegistry& reg);
void register_linalg_builtins(BuiltinRegistry& reg);
void register_stats_builtins(BuiltinRegistry& reg);
void register_poly_builtins(BuiltinRegistry& reg);
void register_fft_builtins(BuiltinRegistry& reg);
void register_optim_builtins(BuiltinRegistry& reg);
void register_ode_builtins(BuiltinRegistry& reg);
void register_quad_builtins(BuiltinRegistry& reg);
void register_sets_builtins(BuiltinRegistry& reg);
void register_string_builtins(BuiltinRegistry& reg);
void register_text_search_builtins(BuiltinRegistry& reg);
void register_text_convert_builtins(BuiltinRegistry& reg);
void register_regexp_builtins(BuiltinRegistry& reg);
void register_text_sets_builtins(BuiltinRegistry& reg);  // after sort/unique/ismember
void register_workspace_builtins(BuiltinRegistry& reg);
void register_file_builtins(BuiltinRegistry& reg);
void register_filesystem_builtins(BuiltinRegistry& reg);
void register_time_builtins(BuiltinRegistry& reg);
void register_csv_builtins(BuiltinRegistry& reg);
void register_matfile_builtins(BuiltinRegistry& reg);
void register_json_builtins(BuiltinRegistry& reg);
void register_map_builtins(BuiltinRegistry& reg);
void register_class_builtins(BuiltinRegistry& reg);  // class_builtins.cpp
void register_eval_builtins(BuiltinRegistry& reg);

// Argument helpers shared by the families.
void check_nargs(const CallContext& ctx, const Args& args, size_t min, size_t max);
// Trailing class-name argument ('single', 'int32', ...): removes it, returns the class.
ClassId take_class_arg(Args& args, ClassId fallback);
// Size arguments as in zeros(n), zeros(m,n,...), zeros([m n]).
Shape shape_from_args(const CallContext& ctx, const Args& args);

}  // namespace runmat::runtime
