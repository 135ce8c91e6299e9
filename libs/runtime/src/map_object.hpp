// containers.Map: a handle object (every copy is the same map) from keys (char vectors or
// real numeric scalars of one KeyType) to values (anything, or scalars of one ValueType).
//
// A Map is an ObjectValue of class "containers.Map" with is_handle set, so copies of the Value
// share it. Its visible properties (Count, KeyType, ValueType) are ordinary object properties,
// which dot reads, display and fieldnames see without special cases; the entries live in a
// MapStore held by the object's `meta` pointer (the one slot ObjectValue has for runtime-owned
// state; classdef objects keep their ClassInfo there). The indexing, display and size builtins
// call the functions below where a Map behaves unlike other objects.
#pragma once

#include <string>
#include <vector>

#include "runmat/core/value.hpp"

namespace runmat::runtime {

inline constexpr const char* kMapClass = "containers.Map";

bool is_map(const Value& v);

// containers.Map(...) with MATLAB's constructor forms (see builtins_map.cpp).
Value make_map(const std::vector<Value>& args);

// M(key): the value; MATLAB:Containers:Map:NoKey when absent.
Value map_get(const Value& map, const std::vector<Value>& args);
// M(key) = v (the map changes for every copy).
void map_set(const Value& map, const std::vector<Value>& args, const Value& v);

int64_t map_count(const Value& map);
// Sorted keys as a 1xN cell; the values in key order, or of the keys in `which` (a cell or one
// key) in its shape.
Value map_keys(const Value& map);
Value map_values(const Value& map);
Value map_values_of(const Value& map, const Value& which);
// isKey: a logical scalar, or a logical array shaped like a cell of keys.
Value map_is_key(const Value& map, const Value& which);
// remove(M, key or cell of keys); MATLAB:Containers:Map:NoKey when one is absent.
void map_remove(const Value& map, const Value& which);

// What display and disp print for a map ("  Map with properties:" and the three properties,
// their values unquoted, as MATLAB shows them).
std::string map_display_body(const Value& map);

// The entries with their keys as text (numbers in shortest form), for jsonencode.
void map_entries(const Value& map, std::vector<std::string>* keys, std::vector<Value>* values);

}  // namespace runmat::runtime
