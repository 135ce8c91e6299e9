// MAT-file version 5 data elements -> Values (see mat_file.hpp). Reads what MATLAB, Octave and
// SciPy write: either byte order, compressed or not, numeric data stored in any element type
// (MATLAB stores a double array of small integers as miUINT8, for instance), char data as
// UTF-8/16/32 or bytes, and sparse matrices (made full). Every read is bounds-checked: a
// malformed file is a MATLAB error, never a crash.
#include <zlib.h>

#include <cmath>
#include <cstring>
#include <string>

#include "mat_file.hpp"
#include "runmat/core/containers.hpp"
#include "runmat/core/error.hpp"
#include "runmat/core/integer.hpp"

namespace runmat::runtime::matfile {
namespace {

[[noreturn]] void corrupt(const std::string& filename) {
  throw_error("MATLAB:load:unableToReadMatFile",
              "Unable to read MAT-file %s. File might be corrupt.", filename);
}

// Nesting deeper than this is refused: a crafted file must not exhaust the stack.
constexpr int kMaxDepth = 200;

struct Element {
  uint32_t type = 0;
  std::string_view data;
};

// Reads consecutive data elements from a byte range.
class Cursor {
 public:
  Cursor(std::string_view bytes, bool swap, const std::string& filename)
      : bytes_(bytes), swap_(swap), filename_(filename) {}

  bool at_end() const { return pos_ >= bytes_.size(); }
  size_t pos() const { return pos_; }

  uint32_t u32_at(size_t at) const {
    if (at + 4 > bytes_.size()) corrupt(filename_);
    uint32_t v;
    std::memcpy(&v, bytes_.data() + at, 4);
    return swap_ ? __builtin_bswap32(v) : v;
  }

  // The next element (small or full format); `padded` false for top-level miCOMPRESSED,
  // which MATLAB does not pad.
  Element next() {
    const uint32_t word = u32_at(pos_);
    Element e;
    if ((word >> 16) != 0) {  // small data element: n (<= 4) in the high half
      e.type = word & 0xFFFF;
      const uint32_t n = word >> 16;
      if (n > 4 || pos_ + 8 > bytes_.size()) corrupt(filename_);
      e.data = bytes_.substr(pos_ + 4, n);
      pos_ += 8;
      return e;
    }
    e.type = word;
    const uint64_t n = u32_at(pos_ + 4);
    if (pos_ + 8 + n > bytes_.size()) corrupt(filename_);
    e.data = bytes_.substr(pos_ + 8, n);
    pos_ += 8 + n;
    if (e.type != miCOMPRESSED) pos_ += (8 - n % 8) % 8;
    return e;
  }

  Element expect(uint32_t type) {
    Element e = next();
    if (e.type != type) corrupt(filename_);
    return e;
  }

 private:
  std::string_view bytes_;
  bool swap_;
  const std::string& filename_;
  size_t pos_ = 0;
};

size_t mi_size(uint32_t type) {
  switch (type) {
    case miINT8:
    case miUINT8:
    case miUTF8:
      return 1;
    case miINT16:
    case miUINT16:
    case miUTF16:
      return 2;
    case miINT32:
    case miUINT32:
    case miSINGLE:
    case miUTF32:
      return 4;
    case miDOUBLE:
    case miINT64:
    case miUINT64:
      return 8;
    default:
      return 0;
  }
}

// The numbers of a numeric element, read one at a time in either byte order.
class Numbers {
 public:
  Numbers(const Element& e, bool swap, const std::string& filename)
      : e_(e), swap_(swap), size_(mi_size(e.type)) {
    if (size_ == 0 || e.data.size() % size_ != 0) corrupt(filename);
  }
  size_t count() const { return e_.data.size() / size_; }
  bool is_float() const { return e_.type == miSINGLE || e_.type == miDOUBLE; }

  double as_double(size_t i) const {
    switch (e_.type) {
      case miSINGLE: {
        const uint32_t b = raw32(i);
        float f;
        std::memcpy(&f, &b, 4);
        return f;
      }
      case miDOUBLE: {
        const uint64_t b = raw64(i);
        double d;
        std::memcpy(&d, &b, 8);
        return d;
      }
      default:
        return static_cast<double>(as_wide(i));
    }
  }

  Wide as_wide(size_t i) const {
    switch (e_.type) {
      case miINT8:
        return static_cast<int8_t>(e_.data[i]);
      case miUINT8:
      case miUTF8:
        return static_cast<uint8_t>(e_.data[i]);
      case miINT16:
        return static_cast<int16_t>(raw16(i));
      case miUINT16:
      case miUTF16:
        return raw16(i);
      case miINT32:
        return static_cast<int32_t>(raw32(i));
      case miUINT32:
      case miUTF32:
        return raw32(i);
      case miINT64:
        return static_cast<int64_t>(raw64(i));
      case miUINT64:
        return raw64(i);
      default:
        return static_cast<Wide>(as_double(i));
    }
  }

 private:
  uint16_t raw16(size_t i) const {
    uint16_t v;
    std::memcpy(&v, e_.data.data() + 2 * i, 2);
    return swap_ ? __builtin_bswap16(v) : v;
  }
  uint32_t raw32(size_t i) const {
    uint32_t v;
    std::memcpy(&v, e_.data.data() + 4 * i, 4);
    return swap_ ? __builtin_bswap32(v) : v;
  }
  uint64_t raw64(size_t i) const {
    uint64_t v;
    std::memcpy(&v, e_.data.data() + 8 * i, 8);
    return swap_ ? __builtin_bswap64(v) : v;
  }
  const Element& e_;
  bool swap_;
  size_t size_;
};

bool class_of(uint8_t mx, ClassId* out) {
  switch (mx) {
    case mxDOUBLE:
      *out = ClassId::Double;
      return true;
    case mxSINGLE:
      *out = ClassId::Single;
      return true;
    case mxCHAR:
      *out = ClassId::Char;
      return true;
    case mxINT8:
      *out = ClassId::Int8;
      return true;
    case mxUINT8:
      *out = ClassId::UInt8;
      return true;
    case mxINT16:
      *out = ClassId::Int16;
      return true;
    case mxUINT16:
      *out = ClassId::UInt16;
      return true;
    case mxINT32:
      *out = ClassId::Int32;
      return true;
    case mxUINT32:
      *out = ClassId::UInt32;
      return true;
    case mxINT64:
      *out = ClassId::Int64;
      return true;
    case mxUINT64:
      *out = ClassId::UInt64;
      return true;
    default:
      return false;
  }
}

// Fills `dst` from the element's numbers with MATLAB's conversion to dst's class (exact for
// integers of any width).
void fill(Array& dst, const Numbers& n) {
  const int64_t count = dst.numel();
  const ClassId cls = dst.cls();
  if (is_float_class(cls)) {
    for (int64_t i = 0; i < count; ++i) dst.set_from_double(i, n.as_double(i));
  } else if (cls == ClassId::Logical) {
    uint8_t* d = dst.mutable_data<uint8_t>();
    for (int64_t i = 0; i < count; ++i) d[i] = n.as_double(i) != 0;
  } else {
    for (int64_t i = 0; i < count; ++i) {
      set_wide(dst, i,
               n.is_float() ? saturate_double(cls, n.as_double(i)) : saturate(cls, n.as_wide(i)));
    }
  }
}

// UTF-8 text -> UTF-16 code units (what char arrays hold); malformed bytes pass through.
std::vector<uint16_t> utf8_units(std::string_view s) {
  std::vector<uint16_t> out;
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<uint8_t>(s[i]);
    const int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    if (extra == 0 || i + static_cast<size_t>(extra) >= s.size()) {
      out.push_back(c);
      ++i;
      continue;
    }
    uint32_t cp = c & (0x3F >> extra);
    for (int k = 1; k <= extra; ++k) cp = (cp << 6) | (static_cast<uint8_t>(s[i + k]) & 0x3F);
    i += static_cast<size_t>(extra) + 1;
    if (cp >= 0x10000) {  // a surrogate pair, as MATLAB's UTF-16 chars hold it
      cp -= 0x10000;
      out.push_back(static_cast<uint16_t>(0xD800 + (cp >> 10)));
      out.push_back(static_cast<uint16_t>(0xDC00 + (cp & 0x3FF)));
    } else {
      out.push_back(static_cast<uint16_t>(cp));
    }
  }
  return out;
}

class Decoder {
 public:
  Decoder(bool swap, const std::string& filename) : swap_(swap), filename_(filename) {}
  std::string skipped;  // the first class that could not be represented

  // The contents of an miMATRIX element.
  Value matrix(std::string_view contents, int depth, std::string* name = nullptr) {
    if (depth > kMaxDepth) corrupt(filename_);
    if (contents.empty()) return Value::empty();  // MATLAB writes empty cell elements so
    Cursor c(contents, swap_, filename_);
    const Element flags = c.expect(miUINT32);
    if (flags.data.size() != 8) corrupt(filename_);
    const uint32_t word = c.u32_at(8);  // the first flags word, after the element's tag
    const auto mx = static_cast<uint8_t>(word & 0xFF);
    const bool complex = word & kFlagComplex, logical = word & kFlagLogical;
    const Shape shape = dims(c.expect(miINT32));
    const Element name_el = c.next();
    if (name_el.type != miINT8 && name_el.type != miUINT8) corrupt(filename_);
    if (name) *name = std::string(name_el.data);
    switch (mx) {
      case mxCELL: {
        auto cell = std::make_shared<CellArray>(shape);
        for (Value& e : cell->data) e = matrix(c.expect(miMATRIX).data, depth + 1);
        return Value::cell(std::move(cell));
      }
      case mxSTRUCT:
        return structure(c, shape, depth);
      case mxOBJECT:
        return skip("object", depth);
      case mxSPARSE:
        return sparse(c, shape, complex, logical);
      case mxFUNCTION:
        return skip("function_handle", depth);
      case mxOPAQUE:
        return skip(opaque_class(c), depth);
      default:
        break;
    }
    ClassId cls;
    if (!class_of(mx, &cls)) corrupt(filename_);
    if (cls == ClassId::Char) return chars(c.next(), shape);
    if (logical) cls = ClassId::Logical;
    const Element real = c.next();
    const Numbers re(real, swap_, filename_);
    if (static_cast<int64_t>(re.count()) != shape.numel()) corrupt(filename_);
    if (complex) {
      const Element imag_el = c.next();
      const Numbers im(imag_el, swap_, filename_);
      if (im.count() != re.count()) corrupt(filename_);
      auto z = std::make_shared<ComplexArray>(shape);
      z->single = cls == ClassId::Single;
      for (size_t i = 0; i < re.count(); ++i) {
        z->data[i] = {re.as_double(i), im.as_double(i)};
        if (z->single) {
          z->data[i] = {static_cast<float>(z->data[i].real()),
                        static_cast<float>(z->data[i].imag())};
        }
      }
      return Value::complex(std::move(z));
    }
    auto a = std::make_shared<Array>(cls, shape);
    fill(*a, re);
    if (cls == ClassId::Double && shape.is_scalar()) return Value::num(a->data<double>()[0]);
    return Value::array(std::move(a));
  }

 private:
  // A value RunMat cannot hold: the variable itself is not loaded (an undefined Value), or
  // inside a cell or struct it becomes [].
  Value skip(const std::string& what, int depth) {
    if (skipped.empty()) skipped = what;
    return depth == 0 ? Value() : Value::empty();
  }

  Shape dims(const Element& e) {
    const Numbers n(e, swap_, filename_);
    if (n.count() < 2) corrupt(filename_);
    Shape::Dims d;
    double total = 1;
    for (size_t i = 0; i < n.count(); ++i) {
      const Wide v = n.as_wide(i);
      if (v < 0) corrupt(filename_);
      d.push_back(static_cast<int64_t>(v));
      total *= static_cast<double>(v);
    }
    // Elements must be backed by bytes of the file: a huge claimed size is corrupt data.
    if (total > 1e15) corrupt(filename_);
    return Shape(d);
  }

  Value chars(const Element& e, const Shape& shape) {
    std::vector<uint16_t> units;
    if (e.type == miUTF8) {
      units = utf8_units(e.data);
    } else {
      const Numbers n(e, swap_, filename_);
      for (size_t i = 0; i < n.count(); ++i) units.push_back(static_cast<uint16_t>(n.as_wide(i)));
    }
    if (static_cast<int64_t>(units.size()) != shape.numel()) corrupt(filename_);
    auto a = std::make_shared<Array>(ClassId::Char, shape);
    if (!units.empty()) std::memcpy(a->mutable_bytes(), units.data(), units.size() * 2);
    return Value::array(std::move(a));
  }

  Value structure(Cursor& c, const Shape& shape, int depth) {
    const Element len_el = c.expect(miINT32);
    const Numbers len_n(len_el, swap_, filename_);
    if (len_n.count() != 1) corrupt(filename_);
    const Wide len = len_n.as_wide(0);
    const Element names = c.next();
    if (len <= 0 || names.data.size() % static_cast<size_t>(len) != 0) corrupt(filename_);
    auto s = std::make_shared<StructArray>(shape);
    for (size_t at = 0; at < names.data.size(); at += static_cast<size_t>(len)) {
      std::string_view field = names.data.substr(at, static_cast<size_t>(len));
      s->fields.emplace_back(field.substr(0, field.find('\0')));
    }
    s->values.resize(static_cast<size_t>(shape.numel()) * s->fields.size());
    for (Value& v : s->values) v = matrix(c.expect(miMATRIX).data, depth + 1);
    return Value::structure(std::move(s));
  }

  // Sparse: row indices (ir), column starts (jc), nonzero values; made full.
  Value sparse(Cursor& c, const Shape& shape, bool complex, bool logical) {
    if (shape.ndims() != 2) corrupt(filename_);
    const Element ir_el = c.next(), jc_el = c.next(), pr_el = c.next();
    const Numbers ir(ir_el, swap_, filename_), jc(jc_el, swap_, filename_),
        pr(pr_el, swap_, filename_);
    const int64_t rows = shape.rows(), cols = shape.cols();
    if (static_cast<int64_t>(jc.count()) != cols + 1 || ir.count() < pr.count()) {
      corrupt(filename_);
    }
    std::vector<double> im;
    if (complex) {
      const Element pi_el = c.next();
      const Numbers pi(pi_el, swap_, filename_);
      if (pi.count() != pr.count()) corrupt(filename_);
      for (size_t i = 0; i < pi.count(); ++i) im.push_back(pi.as_double(i));
    }
    std::vector<double> re(static_cast<size_t>(rows * cols), 0.0), imag_full;
    if (complex) imag_full.assign(re.size(), 0.0);
    for (int64_t j = 0; j < cols; ++j) {
      const Wide from = jc.as_wide(static_cast<size_t>(j)),
                 to = jc.as_wide(static_cast<size_t>(j) + 1);
      if (from < 0 || to < from || to > static_cast<Wide>(pr.count())) corrupt(filename_);
      for (Wide k = from; k < to; ++k) {
        const Wide r = ir.as_wide(static_cast<size_t>(k));
        if (r < 0 || r >= rows) corrupt(filename_);
        const size_t at = static_cast<size_t>(j * rows + static_cast<int64_t>(r));
        re[at] = pr.as_double(static_cast<size_t>(k));
        if (complex) imag_full[at] = im[static_cast<size_t>(k)];
      }
    }
    if (complex) {
      auto z = std::make_shared<ComplexArray>(shape);
      for (size_t i = 0; i < re.size(); ++i) z->data[i] = {re[i], imag_full[i]};
      return Value::complex(std::move(z));
    }
    auto a = std::make_shared<Array>(logical ? ClassId::Logical : ClassId::Double, shape);
    for (size_t i = 0; i < re.size(); ++i) a->set_from_double(static_cast<int64_t>(i), re[i]);
    if (!logical && shape.is_scalar()) return Value::num(re[0]);
    return Value::array(std::move(a));
  }

  // An opaque object names its type system and class after the variable name ("MCOS",
  // "string"); what follows is private to MATLAB.
  std::string opaque_class(Cursor& c) {
    if (c.at_end()) return "opaque";
    const Element system = c.next();
    if (system.type != miINT8 || c.at_end()) return "opaque";
    const Element cls = c.next();
    return cls.type == miINT8 && !cls.data.empty() ? std::string(cls.data) : "opaque";
  }

  bool swap_;
  const std::string& filename_;
};

std::string inflate_all(std::string_view packed, const std::string& filename) {
  z_stream z{};
  if (inflateInit(&z) != Z_OK) corrupt(filename);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(packed.data()));
  z.avail_in = static_cast<uInt>(packed.size());
  std::string out;
  int rc = Z_OK;
  while (rc == Z_OK) {
    const size_t have = out.size();
    out.resize(have + std::max<size_t>(packed.size() * 4, 1 << 16));
    z.next_out = reinterpret_cast<Bytef*>(&out[have]);
    z.avail_out = static_cast<uInt>(out.size() - have);
    rc = inflate(&z, Z_NO_FLUSH);
    out.resize(out.size() - z.avail_out);
    if (rc == Z_BUF_ERROR && z.avail_in == 0) break;  // truncated stream
  }
  inflateEnd(&z);
  if (rc != Z_STREAM_END) corrupt(filename);
  return out;
}

// The miMATRIX contents of a top-level element (inflating a compressed one).
std::string matrix_contents(const RawVariable& raw, const std::string& filename) {
  Cursor c(raw.bytes, raw.swap, filename);
  Element e = c.next();
  if (e.type == miMATRIX) return std::string(e.data);
  if (e.type != miCOMPRESSED) corrupt(filename);
  const std::string plain = inflate_all(e.data, filename);
  Cursor inner(plain, raw.swap, filename);
  const Element m = inner.expect(miMATRIX);
  return std::string(m.data);
}

}  // namespace

bool looks_like_mat_file(std::string_view data) {
  if (data.size() < kHeaderSize) return false;
  const std::string_view endian = data.substr(126, 2);
  // Version 4 files begin with zero bytes; version 5 headers begin with text.
  return (endian == "IM" || endian == "MI") && data[0] != '\0';
}

std::vector<RawVariable> split_variables(std::string_view data, const std::string& filename) {
  if (!looks_like_mat_file(data)) {
    throw_error("MATLAB:load:unableToReadMatFile",
                "Unable to read file '%s'. Input must be a MAT-file or an ASCII file containing "
                "numeric data with same number of columns in each row.",
                filename);
  }
  const bool swap = data.substr(126, 2) == "MI";
  uint16_t version;
  std::memcpy(&version, data.data() + 124, 2);
  if (swap) version = __builtin_bswap16(version);
  if (version != 0x0100) {
    throw_error("MATLAB:load:unableToReadMatFile",
                "Unable to read MAT-file %s: version 7.3 (HDF5) MAT-files are not supported; "
                "save them with -v7.",
                filename);
  }
  std::vector<RawVariable> out;
  Cursor c(data.substr(kHeaderSize), swap, filename);
  while (!c.at_end()) {
    const size_t start = c.pos();
    c.next();
    RawVariable raw;
    raw.swap = swap;
    raw.bytes = std::string(data.substr(kHeaderSize + start, c.pos() - start));
    const std::string contents = matrix_contents(raw, filename);
    Cursor m(contents, swap, filename);
    m.expect(miUINT32);
    m.expect(miINT32);
    const Element name = m.next();
    raw.name = std::string(name.data);
    out.push_back(std::move(raw));
  }
  return out;
}

Decoded decode_variable(const RawVariable& raw, const std::string& filename) {
  const std::string contents = matrix_contents(raw, filename);
  Decoder d(raw.swap, filename);
  Decoded out;
  out.value = d.matrix(contents, 0);
  out.skipped = d.skipped;
  return out;
}

}  // namespace runmat::runtime::matfile
