// Values -> MAT-file version 5 data elements (see mat_file.hpp). Every element is written in
// the class's own storage type (double as miDOUBLE, int16 as miINT16, char as miUINT16, ...),
// little-endian, padded to 8 bytes; data of at most 4 bytes uses the spec's small element
// format, as MATLAB does.
#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <ctime>
#include <string>

#include "mat_file.hpp"
#include "runmat/core/containers.hpp"
#include "runmat/core/error.hpp"

namespace runmat::runtime::matfile {
namespace {

void put_u32(std::string& out, uint32_t v) {
  char b[4];
  std::memcpy(b, &v, 4);  // the host is little-endian (the header says "IM")
  out.append(b, 4);
}

void pad8(std::string& out) {
  out.append((8 - out.size() % 8) % 8, '\0');
}

// A data element: small format (tag and data in 8 bytes) up to 4 bytes, else tag + padded data.
void put_element(std::string& out, uint32_t type, const void* data, size_t n) {
  if (n <= 4) {
    put_u32(out, static_cast<uint32_t>(n << 16) | type);
    const size_t at = out.size();
    out.append(4, '\0');
    if (n > 0) std::memcpy(&out[at], data, n);
    return;
  }
  put_u32(out, type);
  put_u32(out, static_cast<uint32_t>(n));
  out.append(static_cast<const char*>(data), n);
  pad8(out);
}

struct ClassInfo {
  MxClass mx;
  MiType mi;
};

ClassInfo class_info(ClassId c) {
  switch (c) {
    case ClassId::Double:
      return {mxDOUBLE, miDOUBLE};
    case ClassId::Single:
      return {mxSINGLE, miSINGLE};
    case ClassId::Logical:
      return {mxUINT8, miUINT8};
    case ClassId::Char:
      return {mxCHAR, miUINT16};
    case ClassId::Int8:
      return {mxINT8, miINT8};
    case ClassId::Int16:
      return {mxINT16, miINT16};
    case ClassId::Int32:
      return {mxINT32, miINT32};
    case ClassId::Int64:
      return {mxINT64, miINT64};
    case ClassId::UInt8:
      return {mxUINT8, miUINT8};
    case ClassId::UInt16:
      return {mxUINT16, miUINT16};
    case ClassId::UInt32:
      return {mxUINT32, miUINT32};
    case ClassId::UInt64:
      return {mxUINT64, miUINT64};
  }
  return {mxDOUBLE, miDOUBLE};
}

// Array flags, dimensions and name: the start of every miMATRIX.
void put_preamble(std::string& out, uint32_t flags, const Shape& shape, const std::string& name) {
  const uint32_t words[2] = {flags, 0};
  put_element(out, miUINT32, words, sizeof(words));
  std::string dims;
  for (int64_t d : shape.dims()) {
    const int32_t v = static_cast<int32_t>(d);
    dims.append(reinterpret_cast<const char*>(&v), 4);
  }
  put_element(out, miINT32, dims.data(), dims.size());
  put_element(out, miINT8, name.data(), name.size());
}

void put_matrix(std::string& out, const std::string& name, const Value& v);

void put_char_row(std::string& out, const std::string& name, const std::string& text) {
  Value row = Value::char_row(text);
  put_matrix(out, name, row);
}

void put_contents(std::string& out, const std::string& name, const Value& v) {
  switch (v.kind()) {
    case Value::Kind::Num: {
      const double d = v.num();
      put_preamble(out, mxDOUBLE, Shape::scalar(), name);
      put_element(out, miDOUBLE, &d, sizeof(d));
      return;
    }
    case Value::Kind::Array: {
      const Array& a = *v.arr();
      const ClassInfo ci = class_info(a.cls());
      const uint32_t flags = ci.mx | (a.cls() == ClassId::Logical ? kFlagLogical : 0);
      put_preamble(out, flags, a.shape(), name);
      put_element(out, ci.mi, a.numel() ? a.host_bytes() : nullptr, a.byte_size());
      return;
    }
    case Value::Kind::Complex: {
      const ComplexArray& z = v.complex();
      put_preamble(out, (z.single ? mxSINGLE : mxDOUBLE) | kFlagComplex, z.shape, name);
      for (int part = 0; part < 2; ++part) {
        if (z.single) {
          std::vector<float> f(z.data.size());
          for (size_t i = 0; i < f.size(); ++i) {
            f[i] = static_cast<float>(part ? z.data[i].imag() : z.data[i].real());
          }
          put_element(out, miSINGLE, f.data(), f.size() * sizeof(float));
        } else {
          std::vector<double> d(z.data.size());
          for (size_t i = 0; i < d.size(); ++i) d[i] = part ? z.data[i].imag() : z.data[i].real();
          put_element(out, miDOUBLE, d.data(), d.size() * sizeof(double));
        }
      }
      return;
    }
    case Value::Kind::Cell: {
      const CellArray& c = v.cell();
      put_preamble(out, mxCELL, c.shape, name);
      for (const Value& e : c.data) put_matrix(out, "", e);
      return;
    }
    case Value::Kind::Struct: {
      const StructArray& s = v.structure();
      put_preamble(out, mxSTRUCT, s.shape, name);
      size_t longest = 0;
      for (const auto& f : s.fields) longest = std::max(longest, f.size());
      // MATLAB pads every field name to 32 bytes (64 beyond 31 characters).
      const int32_t len = longest < 32 ? 32 : 64;
      put_element(out, miINT32, &len, sizeof(len));
      std::string names(s.fields.size() * static_cast<size_t>(len), '\0');
      for (size_t f = 0; f < s.fields.size(); ++f) {
        std::memcpy(&names[f * static_cast<size_t>(len)], s.fields[f].data(), s.fields[f].size());
      }
      put_element(out, miINT8, names.data(), names.size());
      for (const Value& e : s.values) put_matrix(out, "", e);
      return;
    }
    case Value::Kind::String: {
      const StringArray& s = v.string();
      if (s.shape.is_scalar()) {
        put_char_row(out, name, s.data[0]);
        return;
      }
      put_preamble(out, mxCELL, s.shape, name);
      for (const std::string& t : s.data) put_char_row(out, "", t);
      return;
    }
    default:
      throw_error("RunMat:internal", "MAT-file writer: unsupported value.");
  }
}

// An miMATRIX element: the tag's byte count is patched in once the contents are written.
void put_matrix(std::string& out, const std::string& name, const Value& v) {
  const size_t at = out.size();
  put_u32(out, miMATRIX);
  put_u32(out, 0);
  put_contents(out, name, v);
  const uint32_t n = static_cast<uint32_t>(out.size() - at - 8);
  std::memcpy(&out[at + 4], &n, 4);
}

}  // namespace

std::string file_header() {
  char when[64];
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  std::strftime(when, sizeof(when), "%a %b %e %H:%M:%S %Y", &tm);
  std::string h = std::string("MATLAB 5.0 MAT-file, Platform: GLNXA64, Created on: ") + when;
  h.resize(116, ' ');
  h.append(8, '\0');  // no subsystem data
  const uint16_t version = 0x0100;
  h.append(reinterpret_cast<const char*>(&version), 2);
  h.append("IM", 2);
  return h;
}

std::string unsupported_reason(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::Handle:
      return "function_handle";
    case Value::Kind::Object:
      return v.class_name();
    case Value::Kind::Cell:
      for (const Value& e : v.cell().data) {
        std::string why = unsupported_reason(e);
        if (!why.empty()) return why;
      }
      return "";
    case Value::Kind::Struct:
      for (const Value& e : v.structure().values) {
        std::string why = unsupported_reason(e);
        if (!why.empty()) return why;
      }
      return "";
    case Value::Kind::Undefined:
    case Value::Kind::Colon:
      return "undefined";
    default:
      return "";
  }
}

std::string encode_variable(const std::string& name, const Value& v, bool compress) {
  std::string plain;
  put_matrix(plain, name, v);
  if (plain.size() > 0xFFFFFFF0u) {  // byte counts are 32-bit before version 7.3
    throw_error("MATLAB:save:sizeTooBigForMATFile",
                "Variable '%s' cannot be saved to a MAT-file whose version is older than 7.3, "
                "because it is larger than 4 GB.",
                name);
  }
  if (!compress) return plain;
  uLongf size = compressBound(static_cast<uLong>(plain.size()));
  std::string packed(size, '\0');
  if (compress2(reinterpret_cast<Bytef*>(packed.data()), &size,
                reinterpret_cast<const Bytef*>(plain.data()), static_cast<uLong>(plain.size()),
                Z_DEFAULT_COMPRESSION) != Z_OK) {
    throw_error("MATLAB:save:couldNotWriteFile", "Unable to compress variable '%s'.", name);
  }
  packed.resize(size);
  // A compressed element is not padded: the next element follows its last byte (as MATLAB).
  std::string out;
  put_u32(out, miCOMPRESSED);
  put_u32(out, static_cast<uint32_t>(packed.size()));
  out += packed;
  return out;
}

}  // namespace runmat::runtime::matfile
