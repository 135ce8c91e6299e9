// sort, unique and ismember of cellstr and string arrays. The numeric versions live in
// builtins_cumulative.cpp and builtins_sets.cpp; these wrap them (registered after them) and
// handle text themselves: order is by character code, as MATLAB sorts text.
#include <algorithm>
#include <cctype>
#include <numeric>
#include <stdexcept>

#include "absl/container/flat_hash_map.h"
#include "builtins.hpp"
#include "runmat/core/error.hpp"
#include "text_util.hpp"

namespace runmat::runtime {
namespace {

BuiltinFn g_numeric_sort = nullptr;
BuiltinFn g_numeric_unique = nullptr;
BuiltinFn g_numeric_ismember = nullptr;

bool is_text_array(const Value& v) {
  return v.is_string() || (v.is_cell() && is_text_value(v));
}

std::string lowered(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

Value index_column_or_row(const std::vector<double>& idx, bool column) {
  const int64_t n = static_cast<int64_t>(idx.size());
  return double_array(column ? Shape{n, 1} : Shape{1, n}, idx);
}

// sort(C[, dim][, 'ascend'|'descend']) of a cellstr or string array: a vector sorts as one,
// a matrix column by column (or along dim). Ties keep their order; <missing> sorts last.
Args sort_fn(CallContext& ctx, Args& args) {
  if (args.empty() || !is_text_array(args[0])) return g_numeric_sort(ctx, args);
  check_nargs(ctx, args, 1, 3);
  TextArray t = text_array(args[0], "sort");
  bool descend = false;
  int dim = -1;
  for (size_t k = 1; k < args.size(); ++k) {
    if (args[k].is_char() || args[k].is_string()) {
      const std::string m = lowered(args[k].to_text());
      if (m != "ascend" && m != "descend") {
        throw_error("MATLAB:sort:sortDirection", "Sort direction must be 'ascend' or 'descend'.");
      }
      descend = m == "descend";
    } else {
      dim = static_cast<int>(args[k].scalar_double("Dimension")) - 1;
    }
  }
  const Shape s = t.shape;
  if (dim < 0) {
    dim = 0;
    while (dim < s.ndims() && s.dim(dim) == 1) ++dim;
    if (dim == s.ndims()) dim = 0;
  }
  int64_t inner = 1, outer = 1;
  const int64_t extent = dim < s.ndims() ? s.dim(dim) : 1;
  for (int d = 0; d < dim && d < s.ndims(); ++d) inner *= s.dim(d);
  for (int d = dim + 1; d < s.ndims(); ++d) outer *= s.dim(d);
  std::vector<std::string> out(t.data.size());
  std::vector<uint8_t> missing(t.missing.empty() ? 0 : t.data.size());
  std::vector<double> idx(t.data.size());
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t i = 0; i < inner; ++i) {
      std::vector<int64_t> order(static_cast<size_t>(extent));
      std::iota(order.begin(), order.end(), 0);
      auto at = [&](int64_t e) { return static_cast<size_t>(i + e * inner + o * inner * extent); };
      std::stable_sort(order.begin(), order.end(), [&](int64_t x, int64_t y) {
        const bool mx = t.is_missing(at(x)), my = t.is_missing(at(y));
        if (mx || my) return !mx && my;
        return descend ? t.data[at(x)] > t.data[at(y)] : t.data[at(x)] < t.data[at(y)];
      });
      for (int64_t e = 0; e < extent; ++e) {
        out[at(e)] = t.data[at(order[e])];
        if (!missing.empty()) missing[at(e)] = t.is_missing(at(order[e]));
        idx[at(e)] = static_cast<double>(order[e] + 1);
      }
    }
  }
  TextArray like = t;
  like.missing = missing;
  Args r{text_result(like, std::move(out))};
  if (ctx.nargout > 1) r.push_back(double_array(s, idx));
  return r;
}

// unique of a cellstr/string array: sorted (or 'stable') distinct texts with ia and ic.
// A row input gives a row; anything else a column (as MATLAB does for cellstr).
Args unique_fn(CallContext& ctx, Args& args) {
  if (args.empty() || !is_text_array(args[0])) return g_numeric_unique(ctx, args);
  check_nargs(ctx, args, 1, 3);
  TextArray t = text_array(args[0], "unique");
  bool stable = false, last = false;
  for (size_t k = 1; k < args.size(); ++k) {
    const std::string m = lowered(text_scalar(args[k], "unique", "Option"));
    if (m == "stable") {
      stable = true;
    } else if (m == "last") {
      last = true;
    } else {
      if (m != "sorted" && m != "first") {  // the defaults
        throw_error("MATLAB:UNIQUE:UnknownFlag", "Unknown flag '%s'.", m);
      }
    }
  }
  const size_t n = t.data.size();
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  if (!stable) {
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return t.data[a] < t.data[b]; });
  }
  std::vector<std::string> out;
  std::vector<double> ia, ic(n);
  absl::flat_hash_map<std::string, size_t> slot;
  for (size_t k : order) {
    auto [it, fresh] = slot.emplace(t.data[k], out.size());
    if (fresh) {
      out.push_back(t.data[k]);
      ia.push_back(static_cast<double>(k + 1));
    } else if (last) {
      ia[it->second] = std::max(ia[it->second], static_cast<double>(k + 1));
    } else {
      ia[it->second] = std::min(ia[it->second], static_cast<double>(k + 1));
    }
    ic[k] = static_cast<double>(it->second + 1);
  }
  const bool row = t.shape.ndims() == 2 && t.shape.rows() == 1 && n > 0;
  const int64_t m = static_cast<int64_t>(out.size());
  TextArray like = t;
  like.missing.clear();
  Args r{text_result(like, std::move(out), row ? Shape{1, m} : Shape{m, 1})};
  if (ctx.nargout > 1) r.push_back(index_column_or_row(ia, true));
  if (ctx.nargout > 2) r.push_back(index_column_or_row(ic, true));
  return r;
}

// ismember(a, s) with text: tf (and loc, the lowest index in s) of a's shape.
Args ismember_fn(CallContext& ctx, Args& args) {
  if (args.size() < 2 || !(is_text_array(args[0]) || is_text_array(args[1]))) {
    return g_numeric_ismember(ctx, args);
  }
  check_nargs(ctx, args, 2, 2);
  TextArray a = text_array(args[0], "ismember");
  TextArray s = text_array(args[1], "ismember");
  absl::flat_hash_map<std::string, size_t> first;
  for (size_t i = 0; i < s.data.size(); ++i) {
    if (!s.is_missing(i)) first.emplace(s.data[i], i + 1);
  }
  std::vector<uint8_t> tf;
  std::vector<double> loc;
  for (size_t i = 0; i < a.data.size(); ++i) {
    auto it = a.is_missing(i) ? first.end() : first.find(a.data[i]);
    tf.push_back(it != first.end());
    loc.push_back(it != first.end() ? static_cast<double>(it->second) : 0.0);
  }
  const Shape shape = a.shape;  // a char matrix: one element per row
  Args r{logical_array(shape, tf)};
  if (ctx.nargout > 1) r.push_back(double_array(shape, loc));
  return r;
}

}  // namespace

void register_text_sets_builtins(BuiltinRegistry& reg) {
  // The numeric versions must already be registered: this family wraps them.
  auto keep = [&](const char* name, BuiltinFn* slot) {
    const Builtin* b = reg.find(name);
    if (b == nullptr || b->fn == nullptr) {
      throw std::logic_error(std::string("register_text_sets_builtins needs ") + name);
    }
    *slot = b->fn;
    return b->help;
  };
  const std::string sort_help = keep("sort", &g_numeric_sort);
  const std::string unique_help = keep("unique", &g_numeric_unique);
  const std::string ismember_help = keep("ismember", &g_numeric_ismember);
  reg.add("sort", sort_fn, sort_help + " Cellstr and string arrays sort by character code.");
  reg.add("unique", unique_fn, unique_help + " Cellstr and string arrays are supported.");
  reg.add("ismember", ismember_fn, ismember_help + " Text and cellstr/string sets are supported.");
}

}  // namespace runmat::runtime
