// containers.Map (see map_object.hpp): keys, type rules and the constructor forms.
#include "map_object.hpp"

#include <charconv>
#include <iterator>
#include <map>
#include <memory>
#include <variant>

#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "runmat/core/containers.hpp"
#include "runmat/core/error.hpp"
#include "runmat/core/integer.hpp"
#include "text_util.hpp"

namespace runmat::runtime {
namespace {

// One key: text (KeyType char), a double (double, single) or an exact integer (int32 ...
// uint64). A map's keys all have one alternative, so std::variant's ordering is the key order
// keys() reports: ASCII for text, ascending for numbers.
using MapKey = std::variant<std::string, double, Wide>;

// The entries of one map. Created non-const (make_map) and reached through the object's
// `meta`, which every copy of the handle shares.
class MapStore final : public ClassMeta {
 public:
  std::string key_type = "char";
  std::string value_type = "any";
  std::map<MapKey, Value> entries;
};

const char* const kKeyTypes[] = {"char", "double", "single", "int32", "uint32", "int64", "uint64"};
const char* const kValueTypes[] = {"any",    "char",  "logical", "double", "single",
                                   "int8",   "uint8", "int16",   "uint16", "int32",
                                   "uint32", "int64", "uint64"};

[[noreturn]] void no_key() {
  throw_error("MATLAB:Containers:Map:NoKey", "The specified key is not present in this container.");
}

[[noreturn]] void key_mismatch() {
  throw_error("MATLAB:Containers:TypeMismatch",
              "Specified key type does not match the type expected for this container.");
}

const MapStore* find_store(const Value& v) {
  if (!v.is_object() || v.object().class_name != kMapClass) return nullptr;
  return dynamic_cast<const MapStore*>(v.object().meta.get());
}

// The store is created mutable (make_map) and only its `meta` pointer is const: writing
// through it is well-defined, and every copy of the handle sees the change.
MapStore& store(const Value& v) {
  const MapStore* s = find_store(v);
  if (!s) throw_error("RunMat:internal", "Not a containers.Map.");
  return const_cast<MapStore&>(*s);
}

void sync_count(const Value& map) {
  Value alias = map;  // a handle object: mutable_object() is the shared object itself
  alias.mutable_object().props[0] = Value::num(static_cast<double>(store(map).entries.size()));
}

bool is_real_scalar(const Value& v) {
  return (v.is_numeric_like() && !v.is_char() && v.numel() == 1);
}

MapKey key_of(const MapStore& s, const Value& k) {
  if (s.key_type == "char") {
    if (!is_text_scalar(k)) key_mismatch();
    return k.to_text();
  }
  if (!is_real_scalar(k) || k.cls() == ClassId::Logical) key_mismatch();
  ClassId cls = ClassId::Double;
  class_from_name(s.key_type, &cls);
  if (is_float_class(cls)) {
    const double d = k.elem(0);
    return cls == ClassId::Single ? static_cast<double>(static_cast<float>(d)) : d;
  }
  if (has_integer_elements(k.cls())) return saturate(cls, get_wide(*k.as_array(), 0));
  return saturate_double(cls, k.elem(0));
}

Value key_value(const MapStore& s, const MapKey& k) {
  if (const auto* t = std::get_if<std::string>(&k)) return Value::char_row(*t);
  ClassId cls = ClassId::Double;
  class_from_name(s.key_type, &cls);
  if (const auto* d = std::get_if<double>(&k)) return Value::scalar_of(cls, *d);
  return Value::array(integer_scalar(cls, std::get<Wide>(k)));
}

std::string key_text(const MapKey& k) {
  if (const auto* t = std::get_if<std::string>(&k)) return *t;
  if (const auto* w = std::get_if<Wide>(&k)) return wide_to_string(*w);
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof(buf), std::get<double>(k));
  return std::string(buf, r.ptr);
}

// A value checked against (and converted to) the map's ValueType.
Value conform(const MapStore& s, const Value& v) {
  if (s.value_type == "any") return v;
  auto mismatch = [] {
    throw_error("MATLAB:Containers:TypeMismatch",
                "Specified value type does not conform to the type expected for this container.");
  };
  if (s.value_type == "char") {
    if (!v.is_char() && !(v.is_string() && v.numel() == 1)) mismatch();
    return v.is_char() ? v : Value::char_row(v.to_text());
  }
  if (!is_real_scalar(v)) mismatch();
  ClassId cls = ClassId::Double;
  class_from_name(s.value_type, &cls);
  if (v.cls() == cls) return v;
  auto out = std::make_shared<Array>(cls, Shape::scalar());
  if (has_integer_elements(v.cls()) && is_integer_class(cls)) {
    convert_element(*v.as_array(), 0, *out, 0);
  } else {
    out->set_from_double(0, v.elem(0));
    if (cls == ClassId::Logical) out->mutable_data<uint8_t>()[0] = v.elem(0) != 0;
  }
  if (cls == ClassId::Double) return Value::num(out->data<double>()[0]);
  return Value::array(std::move(out));
}

// The elements of a numeric or logical array as scalars of its class.
std::vector<Value> elements(const Value& v) {
  std::vector<Value> out;
  const ArrayPtr a = v.as_array();
  for (int64_t i = 0; i < a->numel(); ++i) {
    if (a->cls() == ClassId::Double) {
      out.push_back(Value::num(a->data<double>()[i]));
      continue;
    }
    auto e = std::make_shared<Array>(a->cls(), Shape::scalar());
    convert_element(*a, i, *e, 0);
    out.push_back(Value::array(std::move(e)));
  }
  return out;
}

// The keys a keys argument holds: a cell's elements, a string array's, a numeric array's, or
// one char vector.
std::vector<Value> split_keys(const Value& keys) {
  std::vector<Value> out;
  if (keys.is_cell()) {
    for (const Value& k : keys.cell().data) out.push_back(k);
  } else if (keys.is_string()) {
    for (const std::string& t : keys.string().data) out.push_back(Value::char_row(t));
  } else if (keys.is_char()) {
    out.push_back(keys);
  } else if (keys.is_numeric_like()) {
    out = elements(keys);
  } else {
    throw_error("MATLAB:Containers:Map:InvalidKeys",
                "Keys must be a cell array, a character vector, or a numeric array.");
  }
  return out;
}

// The values for `n` keys: a cell's elements or a numeric array's, one per key; with one key
// given outside a cell, the value as given (a 1x1 cell is unwrapped).
std::vector<Value> split_values(const Value& v, size_t n, bool keys_in_cell) {
  const bool count_matches = v.numel() == static_cast<int64_t>(n);
  if (v.is_cell() && (count_matches || (n == 1 && v.numel() == 1))) return v.cell().data;
  if (n == 1 && (!keys_in_cell || !v.is_cell())) return {v};
  if (v.is_numeric_like() && count_matches) return elements(v);
  throw_error("MATLAB:Containers:Map:KeyValueNumberMismatch",
              "The number of keys and values must be the same.");
}

std::string infer_key_type(const std::vector<Value>& keys) {
  std::string type;
  for (const Value& k : keys) {
    std::string t;
    if (is_text_scalar(k)) {
      t = "char";
    } else if (is_real_scalar(k) && k.cls() != ClassId::Logical) {
      t = std::string(class_name(k.cls()));
      bool allowed = false;
      for (const char* a : kKeyTypes) allowed |= t == a;
      if (!allowed) t = "double";
    } else {
      throw_error("MATLAB:Containers:Map:InvalidKeys",
                  "Keys must be character vectors or real numeric scalars.");
    }
    if (!type.empty() && t != type && !(t != "char" && type != "char")) key_mismatch();
    if (type.empty()) type = t;
  }
  return type.empty() ? "char" : type;
}

// ValueType of uniform values: one numeric class of scalars (or logical), or char vectors.
std::string infer_value_type(const std::vector<Value>& values) {
  if (values.empty()) return "any";
  std::string type;
  for (const Value& v : values) {
    std::string t;
    if (v.is_char() && v.shape().rows() <= 1) {
      t = "char";
    } else if (is_real_scalar(v)) {
      t = std::string(class_name(v.cls()));
    } else {
      return "any";
    }
    if (!type.empty() && t != type) return "any";
    type = t;
  }
  for (const char* a : kValueTypes) {
    if (type == a) return type;
  }
  return "any";
}

std::string type_option(const Value& v, const char* what, const char* const* allowed, size_t n) {
  if (!is_text_scalar(v)) {
    throw_error("MATLAB:Containers:Map:InvalidType", "%s must be a character vector.", what);
  }
  std::string t = v.to_text();
  for (size_t i = 0; i < n; ++i) {
    if (absl::EqualsIgnoreCase(t, allowed[i])) return allowed[i];
  }
  throw_error("MATLAB:Containers:Map:UnsupportedType", "Unsupported %s '%s'.", what, t);
}

bool is_option_name(const Value& v) {
  if (!is_text_scalar(v)) return false;
  const std::string t = v.to_text();
  return absl::EqualsIgnoreCase(t, "KeyType") || absl::EqualsIgnoreCase(t, "ValueType") ||
         absl::EqualsIgnoreCase(t, "UniformValues");
}

Value wrap(std::shared_ptr<MapStore> s) {
  auto o = std::make_shared<ObjectValue>();
  o->class_name = kMapClass;
  o->is_handle = true;
  o->names = {"Count", "KeyType", "ValueType"};
  o->props = {Value::num(static_cast<double>(s->entries.size())), Value::char_row(s->key_type),
              Value::char_row(s->value_type)};
  o->meta = std::move(s);
  return Value::object(std::move(o));
}

const Value& single_key_arg(const std::vector<Value>& args) {
  if (args.size() != 1) {
    throw_error("MATLAB:Containers:Map:OneKey",
                "Only one key at a time can be used to index a containers.Map.");
  }
  return args[0];
}

}  // namespace

bool is_map(const Value& v) {
  return find_store(v) != nullptr;
}

Value make_map(const std::vector<Value>& args) {
  auto s = std::make_shared<MapStore>();
  size_t opt = 0;
  std::vector<Value> keys, values;
  bool with_entries = !args.empty() && !is_option_name(args[0]);
  if (with_entries) {
    if (args.size() < 2) {
      throw_error("MATLAB:Containers:Map:KeyValueNumberMismatch",
                  "The number of keys and values must be the same.");
    }
    keys = split_keys(args[0]);
    values = split_values(args[1], keys.size(), args[0].is_cell());
    opt = 2;
  }
  bool uniform = true;
  if ((args.size() - opt) % 2 != 0) {
    throw_error("MATLAB:Containers:Map:OptionsMustBePairs",
                "Options must be given as name-value pairs.");
  }
  for (size_t i = opt; i + 1 < args.size(); i += 2) {
    const std::string name = is_text_scalar(args[i]) ? args[i].to_text() : "";
    if (absl::EqualsIgnoreCase(name, "UniformValues")) {
      if (!is_real_scalar(args[i + 1])) {
        throw_error("MATLAB:Containers:Map:InvalidUniformValues",
                    "UniformValues must be true or false.");
      }
      uniform = args[i + 1].elem(0) != 0;
    } else if (!with_entries && absl::EqualsIgnoreCase(name, "KeyType")) {
      s->key_type = type_option(args[i + 1], "KeyType", kKeyTypes, std::size(kKeyTypes));
    } else if (!with_entries && absl::EqualsIgnoreCase(name, "ValueType")) {
      s->value_type = type_option(args[i + 1], "ValueType", kValueTypes, std::size(kValueTypes));
    } else {
      throw_error("MATLAB:Containers:Map:UnknownOption", "Unknown parameter '%s'.", name);
    }
  }
  if (with_entries) {
    s->key_type = infer_key_type(keys);
    s->value_type = uniform ? infer_value_type(values) : "any";
    for (size_t i = 0; i < keys.size(); ++i) {
      s->entries[key_of(*s, keys[i])] = conform(*s, values[i]);
    }
  }
  return wrap(std::move(s));
}

Value map_get(const Value& map, const std::vector<Value>& args) {
  const MapStore& s = store(map);
  auto it = s.entries.find(key_of(s, single_key_arg(args)));
  if (it == s.entries.end()) no_key();
  return it->second;
}

void map_set(const Value& map, const std::vector<Value>& args, const Value& v) {
  MapStore& s = store(map);
  s.entries[key_of(s, single_key_arg(args))] = conform(s, v);
  sync_count(map);
}

int64_t map_count(const Value& map) {
  return static_cast<int64_t>(store(map).entries.size());
}

Value map_keys(const Value& map) {
  const MapStore& s = store(map);
  std::vector<Value> out;
  for (const auto& [k, v] : s.entries) out.push_back(key_value(s, k));
  const Shape shape = Shape::row(static_cast<int64_t>(out.size()));
  return make_cell(shape, std::move(out));
}

Value map_values(const Value& map) {
  const MapStore& s = store(map);
  std::vector<Value> out;
  for (const auto& [k, v] : s.entries) out.push_back(v);
  const Shape shape = Shape::row(static_cast<int64_t>(out.size()));
  return make_cell(shape, std::move(out));
}

Value map_values_of(const Value& map, const Value& which) {
  const MapStore& s = store(map);
  if (!which.is_cell()) {
    throw_error("MATLAB:Containers:Map:KeysMustBeCell",
                "Specify the keys as a cell array when you request values.");
  }
  std::vector<Value> out;
  for (const Value& k : which.cell().data) {
    auto it = s.entries.find(key_of(s, k));
    if (it == s.entries.end()) no_key();
    out.push_back(it->second);
  }
  return make_cell(which.shape(), std::move(out));
}

Value map_is_key(const Value& map, const Value& which) {
  const MapStore& s = store(map);
  auto has = [&](const Value& k) {
    const bool text = is_text_scalar(k);
    if (text != (s.key_type == "char")) return false;  // a key of the other kind is absent
    if (!text && (!is_real_scalar(k) || k.cls() == ClassId::Logical)) return false;
    return s.entries.count(key_of(s, k)) != 0;
  };
  if (!which.is_cell()) return Value::logical(has(which));
  std::vector<uint8_t> bits;
  for (const Value& k : which.cell().data) bits.push_back(has(k));
  return logical_array(which.shape(), bits);
}

void map_remove(const Value& map, const Value& which) {
  MapStore& s = store(map);
  std::vector<MapKey> doomed;
  for (const Value& k : which.is_cell() ? which.cell().data : std::vector<Value>{which}) {
    MapKey key = key_of(s, k);
    if (!s.entries.count(key)) no_key();
    doomed.push_back(std::move(key));
  }
  for (const MapKey& k : doomed) s.entries.erase(k);
  sync_count(map);
}

std::string map_display_body(const Value& map) {
  const MapStore& s = store(map);
  return absl::StrFormat(
      "  Map with properties:\n\n        Count: %d\n      KeyType: %s\n    ValueType: %s\n",
      s.entries.size(), s.key_type, s.value_type);
}

void map_entries(const Value& map, std::vector<std::string>* keys, std::vector<Value>* values) {
  for (const auto& [k, v] : store(map).entries) {
    keys->push_back(key_text(k));
    values->push_back(v);
  }
}

}  // namespace runmat::runtime
