// Regular expressions: regexp regexpi regexprep on PCRE2, which covers MATLAB's syntax (named
// tokens (?<name>...), lookahead/lookbehind, lazy and possessive quantifiers) that std::regex
// lacks. MATLAB's defaults differ from PCRE's: '.' matches newlines ('dotall'), ^ and $ anchor
// the whole text ('stringanchors'), empty matches are skipped ('noemptymatch'), and \< \> are
// word-start and word-end anchors.
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>
#include <mutex>

#include "absl/strings/str_cat.h"
#include "builtins.hpp"
#include "runmat/core/containers.hpp"
#include "runmat/core/error.hpp"
#include "text_util.hpp"

namespace runmat::runtime {
namespace {

struct Options {
  bool ignore_case = false;
  bool dotall = true;
  bool line_anchors = false;
  bool free_spacing = false;
  bool empty_match = false;
  bool once = false;
  int nth = 0;  // regexprep: replace only the nth match (0 = all)
};

struct CodeDeleter {
  void operator()(pcre2_code* c) const { pcre2_code_free(c); }
};
struct MatchDataDeleter {
  void operator()(pcre2_match_data* m) const { pcre2_match_data_free(m); }
};

struct Compiled {
  std::unique_ptr<pcre2_code, CodeDeleter> code;
  uint32_t groups = 0;
  // Named groups in the order they appear: (group number, name).
  std::vector<std::pair<uint32_t, std::string>> names;
};

// MATLAB pattern -> PCRE2 pattern: \< and \> become lookaround word anchors.
std::string translate(const std::string& p) {
  std::string out;
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i] == '\\' && i + 1 < p.size()) {
      if (p[i + 1] == '<') {
        out += "\\b(?=\\w)";
        ++i;
        continue;
      }
      if (p[i + 1] == '>') {
        out += "\\b(?<=\\w)";
        ++i;
        continue;
      }
      out.push_back(p[i]);
      out.push_back(p[++i]);
      continue;
    }
    out.push_back(p[i]);
  }
  return out;
}

// Compiled patterns are cached: loops call regexp with the same pattern many times.
std::shared_ptr<const Compiled> compile(const std::string& pattern, const Options& o,
                                        const char* fname) {
  static std::map<std::string, std::shared_ptr<const Compiled>> cache;
  static std::mutex mu;  // sessions may run on several threads
  const std::lock_guard<std::mutex> lock(mu);
  uint32_t flags = 0;
  if (o.ignore_case) flags |= PCRE2_CASELESS;
  if (o.dotall) flags |= PCRE2_DOTALL;
  if (o.line_anchors) flags |= PCRE2_MULTILINE;
  if (o.free_spacing) flags |= PCRE2_EXTENDED;
  const std::string key = absl::StrCat(flags, ":", pattern);
  auto it = cache.find(key);
  if (it != cache.end()) return it->second;
  const std::string pcre_pattern = translate(pattern);
  int err = 0;
  PCRE2_SIZE offset = 0;
  pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pcre_pattern.data()),
                                   pcre_pattern.size(), flags, &err, &offset, nullptr);
  if (code == nullptr) {
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(err, msg, sizeof msg);
    throw_error(absl::StrCat("MATLAB:", fname, ":InvalidPattern").c_str(),
                "Invalid regular expression '%s' at position %d: %s.", pattern,
                static_cast<int>(offset) + 1, reinterpret_cast<const char*>(msg));
  }
  // JIT-compile where the platform supports it; without it matching is interpreted.
  pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
  auto c = std::make_shared<Compiled>();
  c->code.reset(code);
  pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &c->groups);
  uint32_t count = 0, entry = 0;
  PCRE2_SPTR table = nullptr;
  pcre2_pattern_info(code, PCRE2_INFO_NAMECOUNT, &count);
  pcre2_pattern_info(code, PCRE2_INFO_NAMEENTRYSIZE, &entry);
  pcre2_pattern_info(code, PCRE2_INFO_NAMETABLE, &table);
  for (uint32_t i = 0; i < count; ++i) {
    const PCRE2_SPTR e = table + i * entry;
    c->names.emplace_back((static_cast<uint32_t>(e[0]) << 8) | e[1],
                          reinterpret_cast<const char*>(e + 2));
  }
  std::sort(c->names.begin(), c->names.end());
  if (cache.size() > 256) cache.clear();
  cache[key] = c;
  return c;
}

// One match: [start, end) of the whole match and of every group (npos when unset).
struct Match {
  size_t start, end;
  std::vector<std::pair<size_t, size_t>> groups;
};

std::vector<Match> find_matches(const Compiled& re, const std::string& s, const Options& o,
                                bool first_only) {
  std::vector<Match> out;
  std::unique_ptr<pcre2_match_data, MatchDataDeleter> md(
      pcre2_match_data_create_from_pattern(re.code.get(), nullptr));
  size_t at = 0;
  const uint32_t flags = o.empty_match ? 0 : PCRE2_NOTEMPTY;
  while (at <= s.size()) {
    const int rc = pcre2_match(re.code.get(), reinterpret_cast<PCRE2_SPTR>(s.data()), s.size(), at,
                               flags, md.get(), nullptr);
    if (rc == PCRE2_ERROR_NOMATCH) break;
    if (rc < 0) {
      PCRE2_UCHAR msg[256];
      pcre2_get_error_message(rc, msg, sizeof msg);
      throw_error("MATLAB:regexp:MatchFailed", "Regular expression matching failed: %s.",
                  reinterpret_cast<const char*>(msg));
    }
    const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md.get());
    Match m{ov[0], ov[1], {}};
    for (uint32_t g = 1; g <= re.groups; ++g) {
      if (static_cast<int>(g) < rc && ov[2 * g] != PCRE2_UNSET) {
        m.groups.emplace_back(ov[2 * g], ov[2 * g + 1]);
      } else {
        m.groups.emplace_back(std::string::npos, std::string::npos);
      }
    }
    out.push_back(m);
    if (first_only) break;
    at = m.end > m.start ? m.end : m.end + 1;
  }
  return out;
}

enum class Out { Start, End, TokenExtents, Match, Tokens, Names, Split };

// Per-text outputs in the requested order.
struct TextMaker {
  bool as_string;  // the subject was a string: matches and pieces are strings
  Value text(const std::string& s) const {
    return as_string ? Value::string_scalar(s) : Value::char_row(s);
  }
  Value row(std::vector<std::string> parts) const {
    const Shape shape = Shape::row(static_cast<int64_t>(parts.size()));
    if (as_string) return make_string_array(shape, std::move(parts));
    std::vector<Value> cells;
    for (auto& p : parts) cells.push_back(Value::char_row(p));
    return make_cell(shape, std::move(cells));
  }
};

std::vector<std::string> token_texts(const Compiled& re, const std::string& s, const Match& m) {
  std::vector<std::string> t;
  if (re.groups == 0) {
    t.push_back(s.substr(m.start, m.end - m.start));
    return t;
  }
  for (const auto& [a, b] : m.groups) t.push_back(a == std::string::npos ? "" : s.substr(a, b - a));
  return t;
}

Value token_extents(const Compiled& re, const Match& m) {
  std::vector<std::pair<double, double>> ext;
  if (re.groups == 0) {
    ext.emplace_back(m.start + 1.0, static_cast<double>(m.end));
  } else {
    for (const auto& [a, b] : m.groups) {
      if (a == std::string::npos) {
        ext.emplace_back(m.start + 1.0, static_cast<double>(m.start));
      } else {
        ext.emplace_back(a + 1.0, static_cast<double>(b));
      }
    }
  }
  const int64_t k = static_cast<int64_t>(ext.size());
  std::vector<double> v(static_cast<size_t>(2 * k));
  for (int64_t i = 0; i < k; ++i) {
    v[i] = ext[i].first;
    v[i + k] = ext[i].second;
  }
  return double_array(Shape{k, 2}, v);
}

Value names_struct(const Compiled& re, const std::string& s, const std::vector<Match>& ms,
                   bool once, const TextMaker& tm) {
  const int64_t n = static_cast<int64_t>(ms.size());
  auto st = std::make_shared<StructArray>(once ? (n == 0 ? Shape{0, 0} : Shape::scalar())
                                               : (n == 0 ? Shape{0, 0} : Shape::row(n)));
  if (re.names.empty() && !once && n > 0) {
    // No named tokens: a 1x1 struct with no fields.
    st = std::make_shared<StructArray>(Shape::scalar());
  }
  for (const auto& nm : re.names) st->add_field(nm.second);
  st->values.assign(static_cast<size_t>(st->numel()) * st->fields.size(), Value::empty());
  for (int64_t e = 0; e < st->numel() && e < n; ++e) {
    for (size_t f = 0; f < re.names.size(); ++f) {
      const auto [a, b] = ms[e].groups[re.names[f].first - 1];
      st->at(e, static_cast<int>(f)) = tm.text(a == std::string::npos ? "" : s.substr(a, b - a));
    }
  }
  return Value::structure(std::move(st));
}

Value row_of_doubles(const std::vector<double>& v) {
  if (v.empty()) return Value::array(std::make_shared<Array>(ClassId::Double, Shape{1, 0}));
  return double_array(Shape::row(static_cast<int64_t>(v.size())), v);
}

std::vector<Value> regexp_one(const std::string& s, const Compiled& re, const Options& o,
                              const std::vector<Out>& outs, const TextMaker& tm) {
  const std::vector<Match> ms = find_matches(re, s, o, o.once);
  std::vector<Value> r;
  for (Out which : outs) {
    switch (which) {
      case Out::Start:
      case Out::End: {
        std::vector<double> v;
        for (const auto& m : ms) {
          v.push_back(which == Out::Start ? m.start + 1.0 : static_cast<double>(m.end));
        }
        if (o.once) {
          r.push_back(v.empty() ? Value::empty() : Value::num(v[0]));
        } else {
          r.push_back(row_of_doubles(v));
        }
        break;
      }
      case Out::TokenExtents: {
        if (o.once) {
          r.push_back(ms.empty() ? Value::empty() : token_extents(re, ms[0]));
          break;
        }
        std::vector<Value> cells;
        for (const auto& m : ms) cells.push_back(token_extents(re, m));
        const Shape shape = Shape::row(static_cast<int64_t>(cells.size()));
        r.push_back(make_cell(shape, std::move(cells)));
        break;
      }
      case Out::Match: {
        std::vector<std::string> t;
        for (const auto& m : ms) t.push_back(s.substr(m.start, m.end - m.start));
        if (o.once) {
          r.push_back(t.empty() ? (tm.as_string ? Value::string_scalar("") : Value::char_row(""))
                                : tm.text(t[0]));
          if (t.empty() && !tm.as_string) {
            r.back() = Value::array(std::make_shared<Array>(ClassId::Char, Shape{0, 0}));
          }
        } else {
          r.push_back(tm.row(std::move(t)));
        }
        break;
      }
      case Out::Tokens: {
        if (o.once) {
          r.push_back(ms.empty() ? make_cell(Shape{1, 0}, {}) : tm.row(token_texts(re, s, ms[0])));
          break;
        }
        std::vector<Value> cells;
        for (const auto& m : ms) cells.push_back(tm.row(token_texts(re, s, m)));
        const Shape shape = Shape::row(static_cast<int64_t>(cells.size()));
        r.push_back(make_cell(shape, std::move(cells)));
        break;
      }
      case Out::Names:
        r.push_back(names_struct(re, s, ms, o.once, tm));
        break;
      case Out::Split: {
        std::vector<std::string> parts;
        size_t at = 0;
        for (const auto& m : ms) {
          parts.push_back(s.substr(at, m.start - at));
          at = m.end;
        }
        parts.push_back(s.substr(at));
        r.push_back(tm.row(std::move(parts)));
        break;
      }
    }
  }
  return r;
}

std::string lowered(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Shared option words of regexp and regexprep; returns false for a word it does not know.
bool apply_option(const std::string& w, Options* o) {
  if (w == "once") {
    o->once = true;
  } else if (w == "ignorecase") {
    o->ignore_case = true;
  } else if (w == "matchcase") {
    o->ignore_case = false;
  } else if (w == "dotall") {
    o->dotall = true;
  } else if (w == "dotexceptnewline") {
    o->dotall = false;
  } else if (w == "lineanchors") {
    o->line_anchors = true;
  } else if (w == "stringanchors") {
    o->line_anchors = false;
  } else if (w == "freespacing") {
    o->free_spacing = true;
  } else if (w == "literalspacing") {
    o->free_spacing = false;
  } else if (w == "emptymatch") {
    o->empty_match = true;
  } else if (w == "noemptymatch") {
    o->empty_match = false;
  } else if (w == "warnings") {
    // MATLAB prints pattern warnings; PCRE2 reports none to print.
  } else {
    return false;
  }
  return true;
}

template <bool IgnoreCase>
Args regexp_fn(CallContext& ctx, Args& args) {
  const char* fname = IgnoreCase ? "regexpi" : "regexp";
  check_nargs(ctx, args, 2, SIZE_MAX);
  Options o;
  o.ignore_case = IgnoreCase;
  std::vector<Out> outs;
  for (size_t k = 2; k < args.size(); ++k) {
    const std::string w = lowered(text_scalar(args[k], fname, "Option"));
    if (w == "match") {
      outs.push_back(Out::Match);
    } else if (w == "tokens") {
      outs.push_back(Out::Tokens);
    } else if (w == "names") {
      outs.push_back(Out::Names);
    } else if (w == "start") {
      outs.push_back(Out::Start);
    } else if (w == "end") {
      outs.push_back(Out::End);
    } else if (w == "tokenextents") {
      outs.push_back(Out::TokenExtents);
    } else if (w == "split") {
      outs.push_back(Out::Split);
    } else if (!apply_option(w, &o)) {
      throw_error(absl::StrCat("MATLAB:", fname, ":InvalidOption").c_str(), "Invalid option '%s'.",
                  w);
    }
  }
  // Outputs not named by keyword follow in MATLAB's default order.
  for (Out d :
       {Out::Start, Out::End, Out::TokenExtents, Out::Match, Out::Tokens, Out::Names, Out::Split}) {
    if (std::find(outs.begin(), outs.end(), d) == outs.end()) outs.push_back(d);
  }
  const size_t nout = static_cast<size_t>(std::max(ctx.nargout, 1));
  if (outs.size() > nout) outs.resize(nout);
  const Value& str = args[0];
  const Value& pat = args[1];
  const bool str_many = str.is_cell() || (str.is_string() && str.numel() != 1);
  const bool pat_many = pat.is_cell() || (pat.is_string() && pat.numel() != 1);
  if (!str_many && !pat_many) {
    const std::string s = text_scalar(str, fname, "First argument");
    auto re = compile(text_scalar(pat, fname, "Expression"), o, fname);
    return regexp_one(s, *re, o, outs, TextMaker{str.is_string()});
  }
  // Cell or string arrays: every output is a cell of per-element results.
  TextArray ts = text_array(str, fname, "First argument");
  TextArray tp = text_array(pat, fname, "Expression");
  if (str_many && pat_many && ts.size() != tp.size()) {
    throw_error(absl::StrCat("MATLAB:", fname, ":CellArraySizeMismatch").c_str(),
                "Cell arrays of strings and expressions must be the same size.");
  }
  const Shape shape = str_many ? ts.shape : tp.shape;
  const size_t n = str_many ? ts.size() : tp.size();
  std::vector<std::vector<Value>> per_out(outs.size());
  for (size_t i = 0; i < n; ++i) {
    auto re = compile(tp.data[pat_many ? i : 0], o, fname);
    std::vector<Value> r =
        regexp_one(ts.data[str_many ? i : 0], *re, o, outs, TextMaker{str.is_string()});
    for (size_t k = 0; k < outs.size(); ++k) per_out[k].push_back(std::move(r[k]));
  }
  Args result;
  for (auto& cells : per_out) result.push_back(make_cell(shape, std::move(cells)));
  return result;
}

// The replacement text for one match: $0 (whole match), $N (token N), $<name>, and the
// escapes \n \t \\ \$ ...
std::string expand_replacement(const std::string& rep, const std::string& s, const Match& m,
                               const Compiled& re) {
  std::string out;
  auto group_text = [&](size_t g) -> std::string {
    if (g == 0) return s.substr(m.start, m.end - m.start);
    if (g > m.groups.size() || m.groups[g - 1].first == std::string::npos) return "";
    return s.substr(m.groups[g - 1].first, m.groups[g - 1].second - m.groups[g - 1].first);
  };
  for (size_t i = 0; i < rep.size(); ++i) {
    const char c = rep[i];
    if (c == '$' && i + 1 < rep.size()) {
      if (std::isdigit(static_cast<unsigned char>(rep[i + 1]))) {
        out += group_text(static_cast<size_t>(rep[i + 1] - '0'));
        ++i;
        continue;
      }
      if (rep[i + 1] == '<') {
        const size_t close = rep.find('>', i + 2);
        if (close != std::string::npos) {
          const std::string name = rep.substr(i + 2, close - i - 2);
          for (const auto& nm : re.names) {
            if (nm.second == name) out += group_text(nm.first);
          }
          i = close;
          continue;
        }
      }
    }
    if (c == '\\' && i + 1 < rep.size()) {
      const char e = rep[++i];
      switch (e) {
        case 'n':
          out.push_back('\n');
          break;
        case 't':
          out.push_back('\t');
          break;
        case 'r':
          out.push_back('\r');
          break;
        case 'f':
          out.push_back('\f');
          break;
        case 'v':
          out.push_back('\v');
          break;
        case 'a':
          out.push_back('\a');
          break;
        case 'b':
          out.push_back('\b');
          break;
        default:
          out.push_back(e);  // \\ \$ and any other escaped character: itself
          break;
      }
      continue;
    }
    out.push_back(c);
  }
  return out;
}

std::string replace_one(const std::string& s, const Compiled& re, const std::string& rep,
                        const Options& o) {
  const std::vector<Match> ms = find_matches(re, s, o, o.once && o.nth == 0);
  std::string out;
  size_t at = 0;
  for (size_t k = 0; k < ms.size(); ++k) {
    if (o.nth > 0 && static_cast<int>(k) + 1 != o.nth) continue;
    out.append(s, at, ms[k].start - at);
    out += expand_replacement(rep, s, ms[k], re);
    at = ms[k].end;
  }
  out.append(s, at, std::string::npos);
  return out;
}

// regexprep(str, expr, replace[, options]): several expressions apply in turn, each with its
// own replacement (or the single one).
Args regexprep_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 3, SIZE_MAX);
  Options o;
  for (size_t k = 3; k < args.size(); ++k) {
    if (args[k].is_numeric_like() && !args[k].is_char()) {
      const double n = args[k].scalar_double("N");
      if (!(n >= 1) || n != static_cast<int>(n)) {
        throw_error("MATLAB:regexprep:InvalidN", "N must be a positive integer.");
      }
      o.nth = static_cast<int>(n);
      continue;
    }
    const std::string w = lowered(text_scalar(args[k], "regexprep", "Option"));
    if (w == "preservecase") {
      throw_error("MATLAB:regexprep:UnsupportedOption",
                  "The 'preservecase' option is not supported.");
    }
    if (!apply_option(w, &o)) {
      throw_error("MATLAB:regexprep:InvalidOption", "Invalid option '%s'.", w);
    }
  }
  TextArray ts = text_array(args[0], "regexprep", "First argument");
  TextArray tp = text_array(args[1], "regexprep", "Expression");
  TextArray tr = text_array(args[2], "regexprep", "Replacement");
  if (tr.size() != 1 && tr.size() != tp.size()) {
    throw_error("MATLAB:regexprep:ReplacementSizeMismatch",
                "The replacement must be one text or one per expression.");
  }
  std::vector<std::string> out;
  for (size_t i = 0; i < ts.size(); ++i) {
    std::string s = ts.data[i];
    if (!ts.is_missing(i)) {
      for (size_t p = 0; p < tp.size(); ++p) {
        auto re = compile(tp.data[p], o, "regexprep");
        s = replace_one(s, *re, tr.data[tr.size() == 1 ? 0 : p], o);
      }
    }
    out.push_back(std::move(s));
  }
  return {text_result(ts, std::move(out))};
}

}  // namespace

void register_regexp_builtins(BuiltinRegistry& reg) {
  reg.add("regexp", regexp_fn<false>,
          "[start, end, te, match, tokens, names, split] = regexp(str, expr[, outputs][, "
          "'once'][, options]): regular expression matching (PCRE2, MATLAB syntax).");
  reg.add("regexpi", regexp_fn<true>, "regexpi(str, expr, ...): regexp ignoring case.");
  reg.add("regexprep", regexprep_fn,
          "regexprep(str, expr, replace[, 'once' | N | 'ignorecase']): replace matches; $0 is "
          "the match, $N token N, $<name> a named token.");
}

}  // namespace runmat::runtime
