// Indexing for every kind of value: paren indexing `x(i)` dispatches to numeric arrays
// (indexing.hpp) or to cell, struct and string arrays; brace indexing `c{i}` and field access
// `s.f` produce comma-separated lists (several values) when they select several elements.
#pragma once

#include <string>
#include <vector>

#include "runmat/core/value.hpp"

namespace runmat::runtime {

Value index_paren(const Value& base, const std::vector<Value>& args);
void assign_paren(Value& base, const std::vector<Value>& args, const Value& rhs);
void delete_paren(Value& base, const std::vector<Value>& args);

// c{args}: the selected elements, in order (a comma-separated list).
std::vector<Value> index_brace(const Value& base, const std::vector<Value>& args);
// c{args} = rhs; an undefined or [] base becomes a cell array.
void assign_brace(Value& base, const std::vector<Value>& args, const Value& rhs);

// s.name: one value per struct element (a comma-separated list); objects give a property.
std::vector<Value> get_field(const Value& base, const std::string& name);
// s.name = rhs on a scalar struct (an undefined or [] base becomes a 1x1 struct) or object.
void set_field(Value& base, const std::string& name, const Value& rhs);

// c.' for cell, string and struct matrices (handles and objects are 1x1: themselves).
Value transpose_container(const Value& v);

// The text of a dynamic field name s.(expr): a char vector or string scalar.
std::string field_name_of(const Value& v);

}  // namespace runmat::runtime
