// Comparing and searching text: strcmp strcmpi strncmp strncmpi strfind contains startsWith
// endsWith count replace erase split join pad extractBefore extractAfter extractBetween
// insertBefore insertAfter.
#include <algorithm>
#include <cctype>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "builtins.hpp"
#include "runmat/core/error.hpp"
#include "text_util.hpp"

namespace runmat::runtime {
namespace {

std::string lowered(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// One side of a strcmp: its elements, or nothing comparable (numbers, structs, char matrices
// compared whole). `whole` holds a char matrix's text with its shape for whole-array compares.
struct CmpSide {
  bool text = false;   // a comparable text value
  bool array = false;  // cell or string array (elementwise); else one text
  Shape shape = Shape::scalar();
  std::vector<std::string> data;
  std::vector<uint8_t> valid;  // per element: a char row / non-missing string
};

CmpSide cmp_side(const Value& v) {
  CmpSide s;
  if (v.is_char()) {
    s.text = true;
    s.shape = v.shape();
    // A char matrix compares as a whole: equal texts need equal shapes (checked by the caller).
    s.data.push_back(v.to_text());
    s.valid.push_back(1);
    return s;
  }
  if (v.is_string()) {
    s.text = true;
    s.array = v.numel() != 1;
    s.shape = v.shape();
    s.data = v.string().data;
    for (size_t i = 0; i < s.data.size(); ++i) s.valid.push_back(!v.string().is_missing(i));
    return s;
  }
  if (v.is_cell()) {
    s.text = true;
    s.array = true;
    s.shape = v.shape();
    for (const Value& e : v.cell().data) {
      const bool ok = e.is_char() && e.shape().rows() <= 1;
      s.data.push_back(ok ? e.to_text() : std::string());
      s.valid.push_back(ok);
    }
    return s;
  }
  return s;
}

// strcmp/strcmpi/strncmp/strncmpi: logical scalar for two texts, elementwise for cell/string
// arrays (a scalar text expands). Non-text operands compare false.
template <bool IgnoreCase, bool PrefixN>
Args strcmp_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, PrefixN ? 3 : 2, PrefixN ? 3 : 2);
  size_t n = std::string::npos;
  if (PrefixN) {
    const double d = args[2].scalar_double("N");
    if (!(d >= 0) || d != std::floor(d)) {
      throw_error("MATLAB:strncmp:InvalidN", "N must be a nonnegative integer.");
    }
    n = std::isinf(d) ? std::string::npos : static_cast<size_t>(d);
  }
  const CmpSide a = cmp_side(args[0]), b = cmp_side(args[1]);
  auto eq = [&](const CmpSide& x, size_t i, const CmpSide& y, size_t j) {
    if (!x.valid[i] || !y.valid[j]) return false;
    std::string s = x.data[i].substr(0, n), t = y.data[j].substr(0, n);
    if (PrefixN && n != std::string::npos && (x.data[i].size() < n || y.data[j].size() < n)) {
      // Shorter than n: equal only when both texts are whole and identical.
      if (x.data[i].size() != y.data[j].size()) return false;
    }
    if (IgnoreCase) return lowered(s) == lowered(t);
    return s == t;
  };
  if (!a.array && !b.array) {
    if (!a.text || !b.text) return {Value::logical(false)};
    // Char arrays of different shapes differ (strcmp compares size too), except under N.
    const bool char_pair = args[0].is_char() && args[1].is_char();
    if (char_pair && !PrefixN && !(a.shape == b.shape) &&
        !(args[0].numel() == 0 && args[1].numel() == 0)) {
      return {Value::logical(false)};
    }
    if (char_pair && (args[0].shape().rows() > 1 || args[1].shape().rows() > 1) &&
        !(a.shape == b.shape)) {
      return {Value::logical(false)};
    }
    return {Value::logical(eq(a, 0, b, 0))};
  }
  if (!a.text || !b.text) {
    const CmpSide& arr = a.array ? a : b;
    return {logical_array(arr.shape, std::vector<uint8_t>(arr.data.size(), 0))};
  }
  if (a.array && b.array && !(a.shape == b.shape) && a.data.size() != 1 && b.data.size() != 1) {
    throw_error("MATLAB:strcmp:InputsSizeMismatch",
                "Inputs must be the same size or either one can be a scalar.");
  }
  // A char matrix (several rows) against a cell compares row by row in MATLAB; rows here.
  CmpSide ca = a, cb = b;
  auto char_rows = [](const Value& v, CmpSide& s) {
    if (v.is_char() && v.shape().rows() > 1) {
      TextArray t = text_array(v, "strcmp");
      s.data = t.data;
      s.valid.assign(t.size(), 1);
      s.shape = t.shape;
      s.array = true;
    }
  };
  char_rows(args[0], ca);
  char_rows(args[1], cb);
  const CmpSide& big = (ca.array && ca.data.size() != 1) ? ca : cb;
  const size_t count = big.data.size();
  std::vector<uint8_t> bits(count);
  for (size_t i = 0; i < count; ++i) {
    bits[i] = eq(ca, ca.data.size() == 1 ? 0 : i, cb, cb.data.size() == 1 ? 0 : i);
  }
  return {logical_array(big.shape, bits)};
}

// strfind(str, pattern): 1-based starts of every (overlapping) match; a cell gives a cell.
std::vector<double> find_all(const std::string& s, const std::string& p) {
  std::vector<double> out;
  if (p.empty() || p.size() > s.size()) return out;
  for (size_t i = 0; i + p.size() <= s.size(); ++i) {
    if (s.compare(i, p.size(), p) == 0) out.push_back(static_cast<double>(i + 1));
  }
  return out;
}

Value index_row(const std::vector<double>& idx) {
  if (idx.empty()) return Value::empty();
  return double_array(Shape::row(static_cast<int64_t>(idx.size())), idx);
}

Args strfind_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 4);
  const Value& str = args[0];
  const std::string pat = text_scalar(args[1], "strfind", "Pattern");
  bool force_cell = false;
  if (args.size() == 4) {
    if (lowered(text_scalar(args[2], "strfind", "Option")) != "forcecelloutput") {
      throw_error("MATLAB:strfind:InvalidOption", "Option must be 'ForceCellOutput'.");
    }
    force_cell = args[3].scalar_double("ForceCellOutput") != 0;
  }
  if (str.is_cell() || (str.is_string() && str.numel() != 1)) {
    TextArray t = text_array(str, "strfind");
    std::vector<Value> cells;
    for (const auto& s : t.data) cells.push_back(index_row(find_all(s, pat)));
    return {make_cell(t.shape, std::move(cells))};
  }
  if (!is_text_scalar(str)) {
    throw_error("MATLAB:strfind:InvalidFirstInput",
                "First argument must be text or a cell array of character vectors.");
  }
  Value r = index_row(find_all(text_scalar(str, "strfind"), pat));
  if (force_cell) return {make_cell(Shape::scalar(), {r})};
  return {r};
}

// Patterns of contains/startsWith/endsWith/count/erase/replace: any of several texts.
std::vector<std::string> patterns_of(const Value& v, const char* fname) {
  TextArray t = text_array(v, fname, "Pattern");
  return t.data;
}

// Trailing 'IgnoreCase', tf.
bool take_ignore_case(Args& args, size_t first, const char* fname) {
  bool ic = false;
  for (size_t k = first; k < args.size(); k += 2) {
    if (lowered(text_scalar(args[k], fname, "Parameter name")) != "ignorecase" ||
        k + 1 >= args.size()) {
      throw_error(absl::StrCat("MATLAB:", fname, ":InvalidParameter").c_str(),
                  "Expected 'IgnoreCase' followed by true or false.");
    }
    ic = args[k + 1].scalar_double("IgnoreCase") != 0;
  }
  return ic;
}

template <int Mode>  // 0 contains, 1 startsWith, 2 endsWith
Args match_fn(CallContext& ctx, Args& args) {
  static const char* const kNames[] = {"contains", "startsWith", "endsWith"};
  const char* fname = kNames[Mode];
  check_nargs(ctx, args, 2, 4);
  const bool ic = take_ignore_case(args, 2, fname);
  TextArray t = text_array(args[0], fname, "First argument");
  std::vector<std::string> pats = patterns_of(args[1], fname);
  std::vector<uint8_t> bits;
  for (size_t i = 0; i < t.size(); ++i) {
    if (t.is_missing(i)) {
      bits.push_back(0);
      continue;
    }
    const std::string s = ic ? lowered(t.data[i]) : t.data[i];
    bool hit = false;
    for (std::string p : pats) {
      if (ic) p = lowered(p);
      if (Mode == 0) hit = s.find(p) != std::string::npos;
      if (Mode == 1) hit = s.compare(0, p.size(), p) == 0;
      if (Mode == 2) hit = s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0;
      if (hit) break;
    }
    bits.push_back(hit);
  }
  return {logical_array(t.shape, bits)};
}

// Non-overlapping leftmost matches of any pattern (longest pattern first at one position).
struct Hit {
  size_t pos, len, pat;
};

std::vector<Hit> scan(const std::string& s, const std::vector<std::string>& pats, bool ic) {
  std::vector<Hit> hits;
  const std::string hay = ic ? lowered(s) : s;
  std::vector<std::string> p = pats;
  if (ic) {
    for (auto& x : p) x = lowered(x);
  }
  size_t i = 0;
  while (i < hay.size()) {
    size_t best = std::string::npos;
    for (size_t k = 0; k < p.size(); ++k) {
      if (p[k].empty() || hay.compare(i, p[k].size(), p[k]) != 0) continue;
      if (best == std::string::npos || p[k].size() > p[best].size()) best = k;
    }
    if (best == std::string::npos) {
      ++i;
      continue;
    }
    hits.push_back({i, p[best].size(), best});
    i += p[best].size();
  }
  return hits;
}

Args count_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 4);
  const bool ic = take_ignore_case(args, 2, "count");
  TextArray t = text_array(args[0], "count", "First argument");
  const auto pats = patterns_of(args[1], "count");
  std::vector<double> n;
  for (size_t i = 0; i < t.size(); ++i) {
    n.push_back(t.is_missing(i) ? std::nan("")
                                : static_cast<double>(scan(t.data[i], pats, ic).size()));
  }
  return {double_array(t.shape, n)};
}

// replace(str, old, new): every old (any of several) by the matching new (or the one new).
std::string replace_hits(const std::string& s, const std::vector<Hit>& hits,
                         const std::vector<std::string>& news) {
  std::string out;
  size_t at = 0;
  for (const Hit& h : hits) {
    out.append(s, at, h.pos - at);
    out += news.size() == 1 ? news[0] : news[h.pat];
    at = h.pos + h.len;
  }
  out.append(s, at, std::string::npos);
  return out;
}

Args replace_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 3, 3);
  TextArray t = text_array(args[0], "replace", "First argument");
  const auto olds = patterns_of(args[1], "replace");
  const auto news = text_array(args[2], "replace", "Replacement").data;
  if (news.size() != 1 && news.size() != olds.size()) {
    throw_error("MATLAB:replace:SizeMismatch", "NEW must be a scalar or the same size as OLD.");
  }
  std::vector<std::string> out;
  for (size_t i = 0; i < t.size(); ++i) {
    out.push_back(t.is_missing(i) ? t.data[i]
                                  : replace_hits(t.data[i], scan(t.data[i], olds, false), news));
  }
  return {text_result(t, std::move(out))};
}

Args erase_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 2);
  TextArray t = text_array(args[0], "erase", "First argument");
  const auto pats = patterns_of(args[1], "erase");
  std::vector<std::string> out;
  for (size_t i = 0; i < t.size(); ++i) {
    out.push_back(replace_hits(t.data[i], scan(t.data[i], pats, false), {std::string()}));
  }
  return {text_result(t, std::move(out))};
}

// split(str[, delimiter]): a column of pieces for one text; for N texts with equal piece
// counts, N-by-pieces (a column input) or pieces along a new dimension. Whitespace collapses.
Args split_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 4);
  TextArray t = text_array(args[0], "split", "First argument");
  std::vector<std::string> delims = {" ", "\f", "\n", "\r", "\t", "\v"};
  bool collapse = true;
  size_t k = 1;
  if (args.size() % 2 == 0) {
    delims = patterns_of(args[1], "split");
    k = 2;
  }
  for (; k + 1 < args.size(); k += 2) {
    if (lowered(text_scalar(args[k], "split", "Parameter name")) != "collapsedelimiters") {
      throw_error("MATLAB:split:InvalidParameter", "Expected 'CollapseDelimiters'.");
    }
    collapse = args[k + 1].scalar_double("CollapseDelimiters") != 0;
  }
  std::vector<std::vector<std::string>> pieces;
  for (const auto& s : t.data) {
    std::vector<Hit> hits = scan(s, delims, false);
    std::vector<std::string> p;
    size_t at = 0;
    for (size_t h = 0; h < hits.size(); ++h) {
      const bool adjacent = h > 0 && hits[h - 1].pos + hits[h - 1].len == hits[h].pos;
      if (!(collapse && adjacent)) p.push_back(s.substr(at, hits[h].pos - at));
      at = hits[h].pos + hits[h].len;
    }
    p.push_back(s.substr(at));
    pieces.push_back(std::move(p));
  }
  const size_t n = pieces.size(), m = pieces.empty() ? 0 : pieces[0].size();
  for (const auto& p : pieces) {
    if (p.size() != m) {
      throw_error("MATLAB:split:NumSubstringsMismatch",
                  "Element %d of the text contains %d delimiters while the previous elements "
                  "have %d. All elements must contain the same number of delimiters.",
                  static_cast<int>(&p - &pieces[0]) + 1, static_cast<int>(p.size()) - 1,
                  static_cast<int>(m) - 1);
    }
  }
  std::vector<std::string> out;
  Shape shape;
  if (n == 1) {
    out = pieces[0];
    shape = Shape::column(static_cast<int64_t>(m));
  } else if (t.shape.cols() == 1 || t.shape.rows() > 1) {
    // n-by-1 input: n-by-m output (column-major: piece j of every text is column j).
    for (size_t j = 0; j < m; ++j) {
      for (size_t i = 0; i < n; ++i) out.push_back(pieces[i][j]);
    }
    shape = Shape{static_cast<int64_t>(n), static_cast<int64_t>(m)};
  } else {
    // 1-by-n input: pieces along the third dimension.
    for (size_t j = 0; j < m; ++j) {
      for (size_t i = 0; i < n; ++i) out.push_back(pieces[i][j]);
    }
    shape = Shape{1, static_cast<int64_t>(n), static_cast<int64_t>(m)};
  }
  TextArray like = t;
  like.missing.clear();
  if (like.kind == TextKind::Char) like.kind = TextKind::Cell;
  return {text_result(like, std::move(out), shape)};
}

// join(str[, delimiter][, dim]): joins along the last dimension whose size is not 1.
Args join_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 3);
  TextArray t = text_array(args[0], "join", "First argument");
  if (t.kind == TextKind::Char) {
    return {args[0]};
  }
  std::string delim = " ";
  int dim = -1;
  for (size_t k = 1; k < args.size(); ++k) {
    if (args[k].is_numeric_like() && !args[k].is_char()) {
      dim = static_cast<int>(args[k].scalar_double("Dimension")) - 1;
    } else {
      delim = text_scalar(args[k], "join", "Delimiter");
    }
  }
  const Shape s = t.shape;
  if (dim < 0) {
    dim = 1;
    for (int d = s.ndims() - 1; d >= 0; --d) {
      if (s.dim(d) != 1) {
        dim = d;
        break;
      }
    }
  }
  Shape::Dims od(s.dims().begin(), s.dims().end());
  while (static_cast<int>(od.size()) <= dim) od.push_back(1);
  const int64_t extent = od[dim];
  int64_t inner = 1, outer = 1;
  for (int d = 0; d < dim; ++d) inner *= od[d];
  for (size_t d = dim + 1; d < od.size(); ++d) outer *= od[d];
  od[dim] = 1;
  std::vector<std::string> out;
  std::vector<uint8_t> missing;
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t i = 0; i < inner; ++i) {
      std::string acc;
      bool miss = false;
      for (int64_t e = 0; e < extent; ++e) {
        const size_t idx = static_cast<size_t>(i + e * inner + o * inner * extent);
        if (e > 0) acc += delim;
        acc += t.data[idx];
        miss = miss || t.is_missing(idx);
      }
      out.push_back(acc);
      missing.push_back(miss);
    }
  }
  TextArray like = t;
  like.missing = missing;
  return {text_result(like, std::move(out), Shape(od))};
}

// pad(str[, n][, side][, padChar]): pads to n (default: the longest element).
Args pad_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 4);
  TextArray t = text_array(args[0], "pad", "First argument");
  size_t width = 0;
  bool have_width = false;
  std::string side = "right";
  char fill = ' ';
  size_t k = 1;
  if (k < args.size() && args[k].is_numeric_like() && !args[k].is_char()) {
    const double w = args[k].scalar_double("Number of characters");
    if (!(w >= 0) || w != std::floor(w)) {
      throw_error("MATLAB:pad:InvalidWidth", "Number of characters must be a nonnegative integer.");
    }
    width = static_cast<size_t>(w);
    have_width = true;
    ++k;
  }
  if (k < args.size()) {
    const std::string a = lowered(text_scalar(args[k], "pad", "Side"));
    if (a == "left" || a == "right" || a == "both") {
      side = a;
      ++k;
    }
  }
  if (k < args.size()) {
    const std::string p = text_scalar(args[k], "pad", "Pad character");
    if (p.size() != 1) {
      throw_error("MATLAB:pad:InvalidPadCharacter", "Pad character must be a single character.");
    }
    fill = p[0];
    ++k;
  }
  if (k != args.size())
    throw_error("MATLAB:pad:InvalidSide", "Side must be 'left', 'right' or 'both'.");
  if (!have_width) {
    for (size_t i = 0; i < t.size(); ++i) width = std::max(width, t.data[i].size());
  }
  std::vector<std::string> out;
  for (size_t i = 0; i < t.size(); ++i) {
    const std::string& s = t.data[i];
    if (t.is_missing(i) || s.size() >= width) {
      out.push_back(s);
      continue;
    }
    const size_t n = width - s.size();
    if (side == "left") {
      out.push_back(std::string(n, fill) + s);
    } else if (side == "right") {
      out.push_back(s + std::string(n, fill));
    } else {
      out.push_back(std::string(n / 2, fill) + s + std::string(n - n / 2, fill));
    }
  }
  return {text_result(t, std::move(out))};
}

// A position argument of extractBefore/After and insertBefore/After: a number (1-based) or
// a pattern (its first occurrence). Returns npos when the pattern does not occur.
struct Boundary {
  bool numeric = false;
  double pos = 0;
  std::vector<std::string> pats;
};

Boundary boundary_of(const Value& v, const char* fname) {
  Boundary b;
  if (v.is_numeric_like() && !v.is_char()) {
    b.numeric = true;
    b.pos = v.scalar_double("Position");
    if (b.pos != std::floor(b.pos)) {
      throw_error(absl::StrCat("MATLAB:", fname, ":InvalidPosition").c_str(),
                  "Position must be an integer.");
    }
    return b;
  }
  b.pats = patterns_of(v, fname);
  return b;
}

// Where the boundary falls in s: {start, end} of the pattern match (0-based), or the number.
bool locate(const std::string& s, const Boundary& b, size_t* start, size_t* end, size_t from = 0) {
  if (b.numeric) {
    *start = static_cast<size_t>(b.pos);
    *end = *start;
    return true;
  }
  size_t best = std::string::npos, len = 0;
  for (const auto& p : b.pats) {
    const size_t at = s.find(p, from);
    if (at != std::string::npos && (best == std::string::npos || at < best)) {
      best = at;
      len = p.size();
    }
  }
  if (best == std::string::npos) return false;
  *start = best;
  *end = best + len;
  return true;
}

void check_range(double pos, size_t lo, size_t hi, const char* fname) {
  if (pos < static_cast<double>(lo) || pos > static_cast<double>(hi)) {
    throw_error(absl::StrCat("MATLAB:", fname, ":OutOfRange").c_str(),
                "Numeric position exceeds the number of characters.");
  }
}

template <bool Before>
Args extract_side_fn(CallContext& ctx, Args& args) {
  const char* fname = Before ? "extractBefore" : "extractAfter";
  check_nargs(ctx, args, 2, 2);
  TextArray t = text_array(args[0], fname, "First argument");
  const Boundary b = boundary_of(args[1], fname);
  std::vector<std::string> out;
  std::vector<uint8_t> missing(t.size(), 0);
  for (size_t i = 0; i < t.size(); ++i) {
    const std::string& s = t.data[i];
    size_t st = 0, en = 0;
    if (b.numeric) {
      // extractBefore(s, p): s(1:p-1); extractAfter(s, p): s(p+1:end).
      check_range(b.pos, Before ? 1 : 0, s.size() + (Before ? 1 : 0), fname);
      const size_t p = static_cast<size_t>(b.pos);
      out.push_back(Before ? s.substr(0, p - 1) : s.substr(p));
      continue;
    }
    if (!locate(s, b, &st, &en)) {
      // No match: <missing> for strings, '' otherwise.
      missing[i] = 1;
      out.emplace_back();
      continue;
    }
    out.push_back(Before ? s.substr(0, st) : s.substr(en));
  }
  if (t.kind == TextKind::String) {
    for (size_t i = 0; i < t.size(); ++i) missing[i] = missing[i] || t.is_missing(i);
    return {make_string_array(t.shape, std::move(out), std::move(missing))};
  }
  return {text_result(t, std::move(out))};
}

// extractBetween(str, start, end[, 'Boundaries', 'inclusive'|'exclusive']): numeric positions
// are inclusive; pattern boundaries exclusive. With patterns, every start..end pair is taken.
Args extract_between_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 3, 5);
  TextArray t = text_array(args[0], "extractBetween", "First argument");
  const Boundary b0 = boundary_of(args[1], "extractBetween");
  const Boundary b1 = boundary_of(args[2], "extractBetween");
  bool inclusive = b0.numeric;
  if (args.size() == 5) {
    if (lowered(text_scalar(args[3], "extractBetween", "Parameter name")) != "boundaries") {
      throw_error("MATLAB:extractBetween:InvalidParameter", "Expected 'Boundaries'.");
    }
    inclusive = lowered(text_scalar(args[4], "extractBetween", "Boundaries")) == "inclusive";
  }
  std::vector<std::string> out;
  for (size_t i = 0; i < t.size(); ++i) {
    const std::string& s = t.data[i];
    if (b0.numeric && b1.numeric) {
      check_range(b0.pos, 1, s.size() + 1, "extractBetween");
      check_range(b1.pos, b0.pos - 1, s.size(), "extractBetween");
      size_t st = static_cast<size_t>(b0.pos) - 1, en = static_cast<size_t>(b1.pos);
      if (!inclusive) {
        st += 1;
        en = en > 0 ? en - 1 : 0;
      }
      out.push_back(st < en ? s.substr(st, en - st) : std::string());
      continue;
    }
    size_t from = 0, s0, e0, s1, e1;
    while (locate(s, b0, &s0, &e0, from) && locate(s, b1, &s1, &e1, e0)) {
      const size_t a = inclusive ? s0 : e0, z = inclusive ? e1 : s1;
      out.push_back(s.substr(a, z - a));
      from = e1;
      if (b0.numeric || b1.numeric) break;
    }
  }
  if (t.size() == 1) {
    // One text: every match, as a column; a char vector answers with a cell (as MATLAB's).
    TextArray like = t;
    like.missing.clear();
    if (t.kind == TextKind::Char) like.kind = TextKind::Cell;
    const Shape shape{static_cast<int64_t>(out.size()), 1};
    return {text_result(like, std::move(out), shape)};
  }
  if (out.size() != t.size()) {
    throw_error("MATLAB:extractBetween:MultipleMatches",
                "Each element must have exactly one match when the input has several elements.");
  }
  return {text_result(t, std::move(out))};
}

template <bool Before>
Args insert_fn(CallContext& ctx, Args& args) {
  const char* fname = Before ? "insertBefore" : "insertAfter";
  check_nargs(ctx, args, 3, 3);
  TextArray t = text_array(args[0], fname, "First argument");
  const Boundary b = boundary_of(args[1], fname);
  const std::string ins = text_scalar(args[2], fname, "New text");
  std::vector<std::string> out;
  for (size_t i = 0; i < t.size(); ++i) {
    std::string s = t.data[i];
    if (b.numeric) {
      check_range(b.pos, Before ? 1 : 0, s.size() + (Before ? 1 : 0), fname);
      s.insert(Before ? static_cast<size_t>(b.pos) - 1 : static_cast<size_t>(b.pos), ins);
      out.push_back(s);
      continue;
    }
    // Every occurrence of the pattern gets the text.
    std::string r;
    size_t at = 0, st, en;
    while (locate(s, b, &st, &en, at) && en > st) {
      r.append(s, at, st - at);
      if (Before) r += ins;
      r.append(s, st, en - st);
      if (!Before) r += ins;
      at = en;
    }
    r.append(s, at, std::string::npos);
    out.push_back(r);
  }
  return {text_result(t, std::move(out))};
}

}  // namespace

void register_text_search_builtins(BuiltinRegistry& reg) {
  reg.add("strcmp", strcmp_fn<false, false>,
          "strcmp(a, b): true where texts are identical (elementwise for cell/string arrays).");
  reg.add("strcmpi", strcmp_fn<true, false>, "strcmpi(a, b): strcmp ignoring case.");
  reg.add("strncmp", strcmp_fn<false, true>,
          "strncmp(a, b, n): true where the first n characters are identical.");
  reg.add("strncmpi", strcmp_fn<true, true>, "strncmpi(a, b, n): strncmp ignoring case.");
  reg.add("strfind", strfind_fn,
          "strfind(str, pattern): starting indices of every occurrence of pattern.");
  reg.add("contains", match_fn<0>,
          "contains(str, pattern[, 'IgnoreCase', tf]): true where str contains a pattern.");
  reg.add("startsWith", match_fn<1>,
          "startsWith(str, pattern[, 'IgnoreCase', tf]): true where str starts with a pattern.");
  reg.add("endsWith", match_fn<2>,
          "endsWith(str, pattern[, 'IgnoreCase', tf]): true where str ends with a pattern.");
  reg.add("count", count_fn, "count(str, pattern[, 'IgnoreCase', tf]): number of occurrences.");
  reg.add("replace", replace_fn, "replace(str, old, new): replace every occurrence of old.");
  reg.add("erase", erase_fn, "erase(str, pattern): delete every occurrence of pattern.");
  reg.add("split", split_fn,
          "split(str[, delimiter]): split text at whitespace or delimiters (string column).");
  reg.add("join", join_fn, "join(str[, delimiter][, dim]): join text along a dimension.");
  reg.add("pad", pad_fn, "pad(str[, n][, side][, padChar]): pad text to a common length.");
  reg.add("extractBefore", extract_side_fn<true>,
          "extractBefore(str, pos|pattern): text before a position or pattern.");
  reg.add("extractAfter", extract_side_fn<false>,
          "extractAfter(str, pos|pattern): text after a position or pattern.");
  reg.add("extractBetween", extract_between_fn,
          "extractBetween(str, start, end): text between positions (inclusive) or patterns.");
  reg.add("insertBefore", insert_fn<true>,
          "insertBefore(str, pos|pattern, new): insert text before a position or pattern.");
  reg.add("insertAfter", insert_fn<false>,
          "insertAfter(str, pos|pattern, new): insert text after a position or pattern.");
}

}  // namespace runmat::runtime
