// Set and ordering builtins: unique ismember union intersect setdiff setxor sortrows
// issorted, on numeric, logical and char arrays. Every function works on "rows": the elements
// of the input (one-element rows), or its matrix rows with 'rows'. NaN sorts last and is
// never equal to anything, so each NaN is its own distinct value, as in MATLAB.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "builtins_numeric.hpp"
#include "reductions.hpp"

namespace runmat::runtime {
namespace {

// Row-major rows of doubles.
struct Rows {
  int64_t n = 0, w = 1;
  std::vector<double> d;
  const double* row(int64_t i) const { return d.data() + i * w; }
};

Rows as_rows(const Value& v, bool by_rows) {
  Rows r;
  const std::vector<double> col = to_doubles(v);
  if (!by_rows) {
    r.n = v.numel();
    r.d = col;
    return r;
  }
  const Shape s = v.shape();
  r.n = s.rows();
  r.w = s.cols();
  r.d.resize(col.size());
  for (int64_t i = 0; i < r.n; ++i) {
    for (int64_t j = 0; j < r.w; ++j) r.d[i * r.w + j] = col[j * r.n + i];
  }
  return r;
}

// Total order: lexicographic, NaN after every number (NaN ties NaN for ordering only).
int compare(const double* a, const double* b, int64_t w) {
  for (int64_t k = 0; k < w; ++k) {
    const bool na = std::isnan(a[k]), nb = std::isnan(b[k]);
    if (na || nb) {
      if (na && nb) continue;
      return na ? 1 : -1;
    }
    if (a[k] < b[k]) return -1;
    if (a[k] > b[k]) return 1;
  }
  return 0;
}

bool same(const double* a, const double* b, int64_t w) {
  for (int64_t k = 0; k < w; ++k) {
    if (!(a[k] == b[k])) return false;  // NaN is never equal
  }
  return true;
}

// Indices of r in stable sorted order.
std::vector<int64_t> sorted_order(const Rows& r) {
  std::vector<int64_t> idx(static_cast<size_t>(r.n));
  std::iota(idx.begin(), idx.end(), 0);
  std::stable_sort(idx.begin(), idx.end(),
                   [&](int64_t a, int64_t b) { return compare(r.row(a), r.row(b), r.w) < 0; });
  return idx;
}

// Options shared by the set functions.
struct SetOptions {
  bool rows = false, stable = false, last = false;
};

SetOptions take_options(Args& args, size_t min_args) {
  SetOptions o;
  while (args.size() > min_args && args.back().is_char()) {
    const std::string s = lower_text(args.back());
    if (s == "rows") {
      o.rows = true;
    } else if (s == "stable") {
      o.stable = true;
    } else if (s == "sorted") {
      o.stable = false;
    } else if (s == "first") {
      o.last = false;
    } else if (s == "last") {
      o.last = true;
    } else if (s == "legacy") {
      throw_error("RunMat:notImplemented", "The 'legacy' flag is not supported.");
    } else {
      throw_error("MATLAB:UNIQUE:UnknownFlag", "Unknown flag '%s'.", args.back().to_text());
    }
    args.pop_back();
  }
  return o;
}

// Result class of a set operation on two inputs.
ClassId set_class(const Value& a, const Value& b) {
  if (a.cls() == b.cls()) return a.cls();
  return float_result(a.cls(), b.cls());
}

bool row_like(const Value& v) {
  const Shape s = v.shape();
  return (s.ndims() == 2 && s.rows() == 1) || s == Shape{0, 0};
}

// Builds the output from chosen rows of a and b (src: 0 for a, 1 for b).
Value build(const Rows& a, const Rows& b, const std::vector<std::pair<int, int64_t>>& picks,
            bool by_rows, bool row_vector, ClassId cls) {
  const int64_t n = static_cast<int64_t>(picks.size()), w = a.w;
  std::vector<double> out(static_cast<size_t>(n * w));
  for (int64_t i = 0; i < n; ++i) {
    const Rows& src = picks[i].first == 0 ? a : b;
    for (int64_t j = 0; j < w; ++j) out[j * n + i] = src.row(picks[i].second)[j];
  }
  Shape shape = by_rows ? Shape{n, w} : (row_vector ? Shape::row(n) : Shape::column(n));
  return from_doubles(out, shape, cls);
}

Value index_column(const std::vector<double>& v) {
  return from_doubles(v, Shape::column(static_cast<int64_t>(v.size())), ClassId::Double);
}

void require_rows_compatible(const Value& a, const Value& b, bool rows) {
  if (rows && a.shape().cols() != b.shape().cols() && a.numel() > 0 && b.numel() > 0) {
    throw_error("MATLAB:ISMEMBER:AandBColnumAgree",
                "A and B must have the same number of columns.");
  }
}

Rows check_rows_input(const Value& v, bool rows) {
  if (rows && v.shape().ndims() > 2) {
    throw_error("MATLAB:UNIQUE:ANotAMatrix",
                "A must be a 2-D matrix when the 'rows' flag is "
                "specified.");
  }
  return as_rows(require_numeric(v, "set function"), rows);
}

// ---- unique ------------------------------------------------------------------------------------

// Groups of equal rows: each group lists its member indices in ascending original order.
std::vector<std::vector<int64_t>> groups_of(const Rows& r) {
  const std::vector<int64_t> idx = sorted_order(r);
  std::vector<std::vector<int64_t>> groups;
  for (int64_t i : idx) {
    if (!groups.empty() && same(r.row(groups.back().front()), r.row(i), r.w)) {
      groups.back().push_back(i);
    } else {
      groups.push_back({i});
    }
  }
  return groups;
}

Args unique_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 4);
  const SetOptions o = take_options(args, 1);
  if (args.size() != 1) throw_error("MATLAB:UNIQUE:UnknownInput", "Unknown input.");
  const Value& a = args[0];
  const Rows r = check_rows_input(a, o.rows);
  std::vector<std::vector<int64_t>> groups = groups_of(r);
  if (o.stable) {
    std::stable_sort(groups.begin(), groups.end(),
                     [](const auto& x, const auto& y) { return x.front() < y.front(); });
  }
  std::vector<std::pair<int, int64_t>> picks;
  std::vector<double> ia, ic(static_cast<size_t>(r.n));
  for (size_t g = 0; g < groups.size(); ++g) {
    const int64_t rep = o.last ? groups[g].back() : groups[g].front();
    picks.push_back({0, rep});
    ia.push_back(static_cast<double>(rep + 1));
    for (int64_t i : groups[g]) ic[i] = static_cast<double>(g + 1);
  }
  const bool row_vector = a.shape().ndims() == 2 && a.shape().rows() == 1;
  Args out{build(r, r, picks, o.rows, row_vector, a.cls())};
  if (ctx.nargout >= 2) out.push_back(index_column(ia));
  if (ctx.nargout >= 3) out.push_back(index_column(ic));
  return out;
}

// ---- ismember ----------------------------------------------------------------------------------

Args ismember_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 3);
  const SetOptions o = take_options(args, 2);
  const Value &av = args[0], &bv = args[1];
  require_rows_compatible(av, bv, o.rows);
  const Rows a = check_rows_input(av, o.rows), b = check_rows_input(bv, o.rows);
  const std::vector<int64_t> order = sorted_order(b);
  std::vector<double> tf(static_cast<size_t>(a.n)), loc(static_cast<size_t>(a.n));
  for (int64_t i = 0; i < a.n; ++i) {
    // The first equal row in stable sorted order has the lowest index in b.
    auto it = std::lower_bound(order.begin(), order.end(), i, [&](int64_t bi, int64_t ai) {
      return compare(b.row(bi), a.row(ai), a.w) < 0;
    });
    const bool hit = it != order.end() && same(b.row(*it), a.row(i), a.w);
    tf[i] = hit ? 1 : 0;
    loc[i] = hit ? static_cast<double>(*it + 1) : 0;
  }
  const Shape shape = o.rows ? Shape::column(a.n) : av.shape();
  Args out{from_doubles(tf, shape, ClassId::Logical)};
  if (ctx.nargout >= 2) out.push_back(from_doubles(loc, shape, ClassId::Double));
  return out;
}

// ---- union intersect setdiff setxor ------------------------------------------------------------

enum class SetOp { Union, Intersect, Setdiff, Setxor };

// First (lowest-index) member of each distinct value of r, in sorted order.
std::vector<int64_t> distinct_firsts(const Rows& r) {
  std::vector<int64_t> firsts;
  for (const auto& g : groups_of(r)) firsts.push_back(g.front());
  return firsts;
}

bool contains(const Rows& r, const std::vector<int64_t>& sorted_firsts, const double* row) {
  auto it =
      std::lower_bound(sorted_firsts.begin(), sorted_firsts.end(), row,
                       [&](int64_t i, const double* x) { return compare(r.row(i), x, r.w) < 0; });
  return it != sorted_firsts.end() && same(r.row(*it), row, r.w);
}

template <SetOp Op>
Args set_op_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 4);
  const SetOptions o = take_options(args, 2);
  if (args.size() != 2) throw_error("MATLAB:UNIQUE:UnknownInput", "Unknown input.");
  const Value &av = args[0], &bv = args[1];
  require_rows_compatible(av, bv, o.rows);
  const Rows a = check_rows_input(av, o.rows), b = check_rows_input(bv, o.rows);
  const std::vector<int64_t> fa = distinct_firsts(a), fb = distinct_firsts(b);
  // Candidates (source, index) with the membership rule of each operation.
  std::vector<std::pair<int, int64_t>> picks;
  for (int64_t i : fa) {
    const bool in_b = contains(b, fb, a.row(i));
    const bool keep = Op == SetOp::Union || (Op == SetOp::Intersect && in_b) ||
                      ((Op == SetOp::Setdiff || Op == SetOp::Setxor) && !in_b);
    if (keep) picks.push_back({0, i});
  }
  if (Op == SetOp::Union || Op == SetOp::Setxor) {
    for (int64_t i : fb) {
      if (!contains(a, fa, b.row(i))) picks.push_back({1, i});
    }
  }
  auto row_of = [&](const std::pair<int, int64_t>& p) {
    return (p.first == 0 ? a : b).row(p.second);
  };
  if (o.stable) {
    // Order of first appearance: a's values in a's order, then b's in b's order.
    std::stable_sort(picks.begin(), picks.end(), [](const auto& x, const auto& y) {
      return x.first != y.first ? x.first < y.first : x.second < y.second;
    });
  } else {
    std::stable_sort(picks.begin(), picks.end(), [&](const auto& x, const auto& y) {
      return compare(row_of(x), row_of(y), a.w) < 0;
    });
  }
  // setdiff follows A's orientation; the others give a row only when both inputs are rows
  // (or one of them is []).
  const bool a_row = av.shape().ndims() == 2 && av.shape().rows() == 1;
  const bool row_vector = Op == SetOp::Setdiff
                              ? a_row
                              : row_like(av) && row_like(bv) &&
                                    !(av.shape() == Shape{0, 0} && bv.shape() == Shape{0, 0});
  const ClassId cls = Op == SetOp::Setdiff ? av.cls() : set_class(av, bv);
  Args out{build(a, b, picks, o.rows, row_vector, cls)};
  if (ctx.nargout >= 2) {
    std::vector<double> ia, ib;
    for (const auto& p : picks)
      (p.first == 0 ? ia : ib).push_back(static_cast<double>(p.second + 1));
    if (Op == SetOp::Intersect) {
      // Each common value also has its first index in b.
      ib.clear();
      for (const auto& p : picks) {
        auto it = std::lower_bound(
            fb.begin(), fb.end(), a.row(p.second),
            [&](int64_t i, const double* x) { return compare(b.row(i), x, b.w) < 0; });
        ib.push_back(static_cast<double>(*it + 1));
      }
    }
    out.push_back(index_column(ia));
    if (Op != SetOp::Setdiff && ctx.nargout >= 3) out.push_back(index_column(ib));
  }
  return out;
}

// ---- sortrows issorted
// ---------------------------------------------------------------------------

Args sortrows_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 3);
  const Value& av = require_numeric(args[0], "sortrows");
  if (av.shape().ndims() > 2) {
    throw_error("MATLAB:sortrows:inputDimensionMismatch", "A must be a 2-D matrix.");
  }
  const Rows r = as_rows(av, true);
  // Column spec: signed 1-based columns (negative: descending); default all ascending.
  std::vector<int64_t> cols;
  bool all_descend = false;
  for (size_t k = 1; k < args.size(); ++k) {
    if (args[k].is_char()) {
      const std::string s = lower_text(args[k]);
      if (s != "ascend" && s != "descend") {
        throw_error("MATLAB:sortrows:sortDirection",
                    "Sorting direction must be 'ascend' or 'descend'.");
      }
      all_descend = s == "descend";
    } else {
      for (double c : to_doubles(args[k])) {
        if (c == 0 || c != std::floor(c) || std::fabs(c) > static_cast<double>(r.w)) {
          throw_error("MATLAB:sortrows:COLmismatchX",
                      "Column sorting vector must contain integers with absolute value between "
                      "1 and the number of columns in the first argument.");
        }
        cols.push_back(static_cast<int64_t>(c));
      }
    }
  }
  if (cols.empty()) {
    for (int64_t j = 1; j <= r.w; ++j) cols.push_back(all_descend ? -j : j);
  } else if (all_descend) {
    for (int64_t& c : cols) c = -c;
  }
  std::vector<int64_t> idx(static_cast<size_t>(r.n));
  std::iota(idx.begin(), idx.end(), 0);
  std::stable_sort(idx.begin(), idx.end(), [&](int64_t x, int64_t y) {
    for (int64_t c : cols) {
      const int64_t j = std::abs(c) - 1;
      int cmp = compare(r.row(x) + j, r.row(y) + j, 1);
      // Descending reverses numbers and puts NaN first, as sort(..., 'descend') does.
      if (c < 0) cmp = -cmp;
      if (cmp != 0) return cmp < 0;
    }
    return false;
  });
  const ArrayPtr src = av.as_array();
  ArrayPtr out = new_array(src->cls(), src->shape());
  for (int64_t i = 0; i < r.n; ++i) {
    for (int64_t j = 0; j < r.w; ++j) copy_element(*src, j * r.n + idx[i], *out, j * r.n + i);
  }
  Args res{wrap_array(std::move(out))};
  if (ctx.nargout >= 2) {
    std::vector<double> index(idx.begin(), idx.end());
    for (double& d : index) d += 1;
    res.push_back(index_column(index));
  }
  return res;
}

// issorted(A), issorted(A, dim), issorted(A, direction), issorted(A, 'rows').
Args issorted_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 3);
  const Value& av = require_numeric(args[0], "issorted");
  std::string dir = "ascend";
  bool rows = false;
  int dim = -1;
  for (size_t k = 1; k < args.size(); ++k) {
    if (args[k].is_char()) {
      const std::string s = lower_text(args[k]);
      if (s == "rows") {
        rows = true;
      } else if (s == "ascend" || s == "descend" || s == "monotonic" || s == "strictascend" ||
                 s == "strictdescend" || s == "strictmonotonic") {
        dir = s;
      } else {
        throw_error("MATLAB:issorted:UnknownSortDirection",
                    "Sorting direction must be 'ascend', 'descend', 'monotonic', "
                    "'strictascend', 'strictdescend', or 'strictmonotonic'.");
      }
    } else {
      dim = dim_from_value(args[k]);
    }
  }
  auto sorted = [&](const Rows& r, std::vector<int64_t> seq) {
    auto check = [&](bool descending, bool strict) {
      for (size_t i = 1; i < seq.size(); ++i) {
        int c = compare(r.row(seq[i - 1]), r.row(seq[i]), r.w);
        if (descending) c = -c;
        // Descending order puts NaN first, which compare's reversal already encodes.
        if (c > 0 || (strict && c == 0)) return false;
      }
      return true;
    };
    const bool strict = dir.rfind("strict", 0) == 0;
    if (dir == "ascend" || dir == "strictascend") return check(false, strict);
    if (dir == "descend" || dir == "strictdescend") return check(true, strict);
    return check(false, strict) || check(true, strict);
  };
  if (rows) {
    const Rows r = as_rows(av, true);
    std::vector<int64_t> seq(static_cast<size_t>(r.n));
    std::iota(seq.begin(), seq.end(), 0);
    return {Value::logical(sorted(r, seq))};
  }
  const Shape s = av.shape();
  if (dim < 0) dim = s.is_vector() ? default_reduce_dim(s) : 0;
  const Rows r = as_rows(av, false);
  const DimLayout l = layout_around(s, dim);
  bool ok = true;
  for (int64_t o = 0; o < l.outer && ok; ++o) {
    for (int64_t i = 0; i < l.inner && ok; ++i) {
      std::vector<int64_t> seq;
      for (int64_t e = 0; e < l.extent; ++e) seq.push_back((o * l.extent + e) * l.inner + i);
      ok = sorted(r, seq);
    }
  }
  return {Value::logical(ok)};
}

}  // namespace

void register_sets_builtins(BuiltinRegistry& reg) {
  reg.add("unique", unique_fn,
          "[C, ia, ic] = unique(A), unique(A, 'stable'), unique(A, 'rows'), unique(..., "
          "'last'): distinct values (sorted; ia first occurrences, C = A(ia), A = C(ic)).");
  reg.add("ismember", ismember_fn,
          "[tf, loc] = ismember(A, S), ismember(A, S, 'rows'): membership and lowest index in S.");
  reg.add("union", set_op_fn<SetOp::Union>,
          "[C, ia, ib] = union(A, B), union(..., 'stable'), union(..., 'rows'): set union.");
  reg.add("intersect", set_op_fn<SetOp::Intersect>,
          "[C, ia, ib] = intersect(A, B), intersect(..., 'stable'), intersect(..., 'rows'): "
          "common values.");
  reg.add("setdiff", set_op_fn<SetOp::Setdiff>,
          "[C, ia] = setdiff(A, B), setdiff(..., 'stable'), setdiff(..., 'rows'): values of A "
          "not in B.");
  reg.add("setxor", set_op_fn<SetOp::Setxor>,
          "[C, ia, ib] = setxor(A, B), setxor(..., 'stable'), setxor(..., 'rows'): values in "
          "exactly one of A and B.");
  reg.add("sortrows", sortrows_fn,
          "[B, i] = sortrows(A), sortrows(A, column), sortrows(A, 'descend'): sorts rows (a "
          "negative column sorts it descending).");
  reg.add("issorted", issorted_fn,
          "issorted(A), issorted(A, dim), issorted(A, direction), issorted(A, 'rows'): true if "
          "already sorted.");
}

}  // namespace runmat::runtime
