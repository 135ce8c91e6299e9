#include "runmat/core/containers.hpp"

#include "runmat/core/error.hpp"

namespace runmat {

int StructArray::find_field(std::string_view name) const {
  for (size_t f = 0; f < fields.size(); ++f) {
    if (fields[f] == name) return static_cast<int>(f);
  }
  return -1;
}

int StructArray::add_field(const std::string& name) {
  if (int f = find_field(name); f >= 0) return f;
  const size_t nf = fields.size(), n = static_cast<size_t>(numel());
  std::vector<Value> grown;
  grown.reserve(n * (nf + 1));
  for (size_t e = 0; e < n; ++e) {
    for (size_t f = 0; f < nf; ++f) grown.push_back(std::move(values[e * nf + f]));
    grown.push_back(Value::empty());
  }
  values = std::move(grown);
  fields.push_back(name);
  return static_cast<int>(nf);
}

void StructArray::remove_field(int f) {
  const size_t nf = fields.size(), n = static_cast<size_t>(numel());
  std::vector<Value> kept;
  kept.reserve(n * (nf - 1));
  for (size_t e = 0; e < n; ++e) {
    for (size_t k = 0; k < nf; ++k) {
      if (static_cast<int>(k) != f) kept.push_back(std::move(values[e * nf + k]));
    }
  }
  values = std::move(kept);
  fields.erase(fields.begin() + f);
}

void StructArray::reshape_grow(const Shape& s) {
  const size_t nf = fields.size();
  std::vector<Value> grown(static_cast<size_t>(s.numel()) * nf, Value::empty());
  const Shape old = shape;
  std::vector<int64_t> ix(static_cast<size_t>(std::max(old.ndims(), 1)), 0);
  for (int64_t i = 0; i < old.numel(); ++i) {
    int64_t off = 0, stride = 1;
    for (int d = 0; d < old.ndims(); ++d) {
      off += ix[d] * stride;
      stride *= s.dim(d);
    }
    for (size_t f = 0; f < nf; ++f) grown[off * nf + f] = std::move(values[i * nf + f]);
    for (int d = 0; d < old.ndims(); ++d) {
      if (++ix[d] < old.dim(d)) break;
      ix[d] = 0;
    }
  }
  values = std::move(grown);
  shape = s;
}

int ObjectValue::find(std::string_view name) const {
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return static_cast<int>(i);
  }
  return -1;
}

const Value& ObjectValue::get(std::string_view name) const {
  const int i = find(name);
  if (i < 0) {
    throw_error("MATLAB:noSuchMethodOrField",
                "Unrecognized method, property, or field '%s' for "
                "class '%s'.",
                std::string(name), class_name);
  }
  return props[i];
}

void ObjectValue::set(const std::string& name, Value v) {
  const int i = find(name);
  if (i >= 0) {
    props[i] = std::move(v);
  } else {
    names.push_back(name);
    props.push_back(std::move(v));
  }
}

}  // namespace runmat
