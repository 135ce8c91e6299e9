// Text arguments of the string builtins. MATLAB's text functions accept three shapes of text
// (a char row vector, a string array, a cell array of char vectors) and answer in the class they
// were given; TextArray is the common form they work on, and text_result() turns the answer back
// into the caller's class. Chars are code units stored one per byte, as in Value::char_row.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runmat/core/containers.hpp"
#include "runmat/core/value.hpp"

namespace runmat::runtime {

enum class TextKind { Char, String, Cell };

struct TextArray {
  TextKind kind = TextKind::Char;
  Shape shape = Shape::scalar();  // a char vector is one element
  std::vector<std::string> data;
  std::vector<uint8_t> missing;  // string arrays only; empty when none is missing
  bool is_missing(size_t i) const { return !missing.empty() && missing[i]; }
  size_t size() const { return data.size(); }
};

// True for a char row vector (or '' of any empty size), a string array, a cellstr.
bool is_text_value(const Value& v);
// True for a char row vector / '' or a string scalar.
bool is_text_scalar(const Value& v);
// The text array of v; throws `id` with MATLAB's "must be text" message for other values.
// A multi-row char matrix gives one element per row (trailing blanks kept).
TextArray text_array(const Value& v, const char* fname, const char* what = "Input");
// The single text of a char row / string scalar / 1x1 cellstr; throws otherwise.
std::string text_scalar(const Value& v, const char* fname, const char* what = "Input");

// A value of `like`'s class holding `data` in `shape` (char: data must hold one element).
Value text_result(const TextArray& like, std::vector<std::string> data, const Shape& shape);
Value text_result(const TextArray& like, std::vector<std::string> data);

// Rows of a char matrix padded with blanks to the longest ('' rows stay, as char() keeps them).
Value char_matrix(const std::vector<std::string>& rows);
// Row r of a char matrix value (column-major storage).
std::string char_row_text(const Value& v, int64_t r);

Value make_string_array(const Shape& shape, std::vector<std::string> data,
                        std::vector<uint8_t> missing = {});
Value make_cell(const Shape& shape, std::vector<Value> data);
Value logical_array(const Shape& shape, const std::vector<uint8_t>& bits);
Value double_array(const Shape& shape, const std::vector<double>& values);

// MATLAB's whitespace (isspace): space, \t \n \v \f \r.
inline bool is_matlab_space(unsigned char c) {
  return c == ' ' || (c >= 9 && c <= 13);
}

// Expands \n \t \\ ... as sprintf does (strjoin/strsplit delimiters, regexprep replacements).
std::string unescape_text(const std::string& s);

// The text MATLAB's string() gives a number: up to 5 significant digits after the point for
// non-integers ("3.1416"), all digits for integers ("100000"), "true"/"false" for logicals.
std::string number_to_string(double v, ClassId cls);

}  // namespace runmat::runtime
