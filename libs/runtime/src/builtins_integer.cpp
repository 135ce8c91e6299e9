// intmax intmin flintmax idivide bitand bitor bitxor bitshift bitcmp cast typecast isinteger isa
// — the integer-class library. Everything runs on the host (see integer_ops.hpp).
#include <cmath>
#include <cstring>

#include "broadcast.hpp"
#include "builtins.hpp"
#include "builtins_arrays.hpp"
#include "elementwise.hpp"
#include "integer_ops.hpp"
#include "runmat/core/containers.hpp"
#include "runmat/core/error.hpp"

namespace runmat::runtime {
namespace {

// A class-name argument: "int8" ... "uint64" (or any class when `any` is set).
ClassId class_arg(const Value& v, bool integers_only, const char* fn) {
  ClassId cls;
  if (!v.is_char() || !class_from_name(v.to_text(), &cls) ||
      (integers_only && !is_integer_class(cls))) {
    throw_error(("MATLAB:" + std::string(fn) + ":invalidClassName").c_str(), "Invalid class name.");
  }
  return cls;
}

template <bool Max>
Args intlimit_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 0, 2);
  ClassId cls = ClassId::Int32;
  if (args.size() == 2) {
    // intmax('like', p)
    if (!args[0].is_char() || args[0].to_text() != "like" || !is_integer_value(args[1])) {
      throw_error(Max ? "MATLAB:intmax:invalidClassName" : "MATLAB:intmin:invalidClassName",
                  "Invalid class name.");
    }
    cls = args[1].cls();
  } else if (args.size() == 1) {
    cls = class_arg(args[0], true, Max ? "intmax" : "intmin");
  }
  return {Value::array(integer_scalar(cls, Max ? integer_max(cls) : integer_min(cls)))};
}

Args flintmax_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 0, 1);
  if (args.empty() || (args[0].is_char() && args[0].to_text() == "double")) {
    return {Value::num(9007199254740992.0)};
  }
  if (args[0].is_char() && args[0].to_text() == "single") {
    return {Value::scalar_of(ClassId::Single, 16777216.0)};
  }
  throw_error("MATLAB:flintmax:invalidClassName", "Class name must be 'double' or 'single'.");
}

// ---- idivide ----------------------------------------------------------------------------

enum class Rounding { kFix, kFloor, kCeil, kRound };

Wide divide_rounded(Wide n, Wide d, Rounding mode) {
  constexpr Wide kHuge = Wide{1} << 100;
  if (d == 0) return n > 0 ? kHuge : n < 0 ? -kHuge : 0;
  if (mode == Rounding::kRound) return div_round_half_away(n, d);
  Wide q = n / d;  // truncates toward zero
  const Wide r = n % d;
  if (r != 0) {
    const bool negative = (n < 0) != (d < 0);
    if (mode == Rounding::kFloor && negative) --q;
    if (mode == Rounding::kCeil && !negative) ++q;
  }
  return q;
}

// idivide(a, b[, 'fix'|'floor'|'ceil'|'round']): integer division with the given rounding
// ('fix' by default). Operands are first converted to the integer class of the result.
Args idivide_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 3);
  Rounding mode = Rounding::kFix;
  if (args.size() == 3) {
    const std::string opt = args[2].is_char() ? args[2].to_text() : "";
    if (opt == "fix") {
      mode = Rounding::kFix;
    } else if (opt == "floor") {
      mode = Rounding::kFloor;
    } else if (opt == "ceil") {
      mode = Rounding::kCeil;
    } else if (opt == "round") {
      mode = Rounding::kRound;
    } else {
      throw_error("MATLAB:idivide:InvalidRoundingOption",
                  "Rounding option must be 'fix', 'floor', 'ceil', or 'round'.");
    }
  }
  const Value& a = args[0];
  const Value& b = args[1];
  if (!is_integer_value(a) && !is_integer_value(b)) {
    throw_error("MATLAB:idivide:mustBeInteger",
                "At least one input argument must belong to an integer class.");
  }
  const ClassId cls = integer_result_class(a.cls(), b.cls());
  Shape out_shape;
  if (!broadcast_shapes(a.shape(), b.shape(), &out_shape)) {
    throw_error("MATLAB:sizeDimensionsMustMatch",
                "Arrays have incompatible sizes for this operation.");
  }
  const Value ca = cast_to(ctx.rt, a, cls), cb = cast_to(ctx.rt, b, cls);
  const ArrayPtr pa = ca.as_array(), pb = cb.as_array();
  auto out = std::make_shared<Array>(cls, out_shape, Array::Uninitialized{});
  for_each_broadcast(out_shape, pa->shape(), pb->shape(), [&](int64_t i, int64_t ia, int64_t ib) {
    set_wide(*out, i, divide_rounded(get_wide(*pa, ia), get_wide(*pb, ib), mode));
  });
  return {Value::array(std::move(out))};
}

// ---- bit functions ----------------------------------------------------------------------

// Bits of element i as an unsigned pattern of the class's width (two's complement for signed
// classes). Doubles must be non-negative integers below 2^53 (or the assumed type's limit).
uint64_t bits_of(const Array& a, int64_t i, ClassId as, const char* fn) {
  if (is_integer_class(a.cls())) return static_cast<uint64_t>(get_wide(a, i));
  const double d = a.get_as_double(i);
  const double limit =
      integer_bits(as) == 64 ? 9007199254740992.0 : static_cast<double>(integer_max(as));
  if (!(d >= 0) || d != std::floor(d) || d > limit) {
    throw_error("MATLAB:bitfun:doubleNotInteger",
                "Double inputs must have integer values in the range of ASSUMEDTYPE.");
  }
  return static_cast<uint64_t>(d);
}

// Stores an unsigned bit pattern back as a value of `cls` (wrapping into the class's width).
void store_bits(Array& out, int64_t i, uint64_t bits, ClassId as) {
  const int w = integer_bits(as);
  if (w < 64) bits &= (uint64_t{1} << w) - 1;
  Wide v = bits;
  if (is_signed_integer_class(as) && w < 128 && (bits >> (w - 1)) & 1) v -= Wide{1} << w;
  if (is_integer_class(out.cls())) {
    set_wide(out, i, v);
  } else {
    out.set_from_double(i, static_cast<double>(v));
  }
}

// The class the bits of a double are read in: 'uint64' unless an assumed type is given.
ClassId assumed_type(Args& args, size_t pos, const char* fn) {
  if (args.size() <= pos) return ClassId::UInt64;
  return class_arg(args[pos], true, fn);
}

template <int Which>  // 0 and, 1 or, 2 xor
Args bitop_fn(CallContext& ctx, Args& args) {
  static constexpr const char* kNames[] = {"bitand", "bitor", "bitxor"};
  check_nargs(ctx, args, 2, 3);
  const Value& a = args[0];
  const Value& b = args[1];
  const bool int_result = is_integer_value(a) || is_integer_value(b);
  const ClassId cls = int_result ? integer_result_class(a.cls(), b.cls()) : ClassId::Double;
  const ClassId as = int_result ? cls : assumed_type(args, 2, kNames[Which]);
  Shape out_shape;
  if (!broadcast_shapes(a.shape(), b.shape(), &out_shape)) {
    throw_error("MATLAB:sizeDimensionsMustMatch",
                "Arrays have incompatible sizes for this operation.");
  }
  const ArrayPtr pa = a.as_array(), pb = b.as_array();
  auto out = std::make_shared<Array>(cls, out_shape, Array::Uninitialized{});
  for_each_broadcast(out_shape, pa->shape(), pb->shape(), [&](int64_t i, int64_t ia, int64_t ib) {
    const uint64_t x = bits_of(*pa, ia, as, kNames[Which]);
    const uint64_t y = bits_of(*pb, ib, as, kNames[Which]);
    const uint64_t r = Which == 0 ? (x & y) : Which == 1 ? (x | y) : (x ^ y);
    store_bits(*out, i, r, as);
  });
  return {wrap_array(std::move(out))};
}

// bitshift(a, k): k > 0 shifts left (bits beyond the class width are lost), k < 0 shifts
// right (arithmetic for signed classes).
Args bitshift_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 3);
  const Value& a = args[0];
  const Value& k = args[1];
  if (is_integer_value(k) && is_integer_value(a) && k.cls() != a.cls()) {
    integer_result_class(a.cls(), k.cls());  // throws MATLAB:mixedClasses
  }
  const ClassId cls = is_integer_value(a) ? a.cls() : ClassId::Double;
  const ClassId as = is_integer_value(a) ? cls : assumed_type(args, 2, "bitshift");
  Shape out_shape;
  if (!broadcast_shapes(a.shape(), k.shape(), &out_shape)) {
    throw_error("MATLAB:sizeDimensionsMustMatch",
                "Arrays have incompatible sizes for this operation.");
  }
  const ArrayPtr pa = a.as_array(), pk = k.as_array();
  const int w = integer_bits(as);
  auto out = std::make_shared<Array>(cls, out_shape, Array::Uninitialized{});
  for_each_broadcast(out_shape, pa->shape(), pk->shape(), [&](int64_t i, int64_t ia, int64_t ik) {
    const double s = pk->get_as_double(ik);
    if (s != std::floor(s)) {
      throw_error("MATLAB:bitshift:nonIntegerShift", "Shift must be an integer value.");
    }
    const uint64_t x = bits_of(*pa, ia, as, "bitshift");
    uint64_t r = 0;
    if (s >= w || s <= -w) {
      // Everything shifted out; a negative signed value shifted right keeps its sign bits.
      r = (s < 0 && is_signed_integer_class(as) && get_wide(*pa, ia) < 0) ? ~uint64_t{0} : 0;
    } else if (s >= 0) {
      r = x << static_cast<int>(s);
    } else if (is_signed_integer_class(as)) {
      const auto v = static_cast<int64_t>(get_wide(*pa, ia));
      r = static_cast<uint64_t>(v >> static_cast<int>(-s));
    } else {
      r = x >> static_cast<int>(-s);
    }
    // Doubles keep at most 53 bits (flintmax).
    if (cls == ClassId::Double && w == 64) r &= (uint64_t{1} << 53) - 1;
    store_bits(*out, i, r, as);
  });
  return {wrap_array(std::move(out))};
}

Args bitcmp_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 2);
  const Value& a = args[0];
  const ClassId cls = is_integer_value(a) ? a.cls() : ClassId::Double;
  const ClassId as = is_integer_value(a) ? cls : assumed_type(args, 1, "bitcmp");
  const ArrayPtr pa = a.as_array();
  auto out = std::make_shared<Array>(cls, pa->shape(), Array::Uninitialized{});
  for (int64_t i = 0; i < pa->numel(); ++i) {
    store_bits(*out, i, ~bits_of(*pa, i, as, "bitcmp"), as);
  }
  return {wrap_array(std::move(out))};
}

// ---- cast, typecast, class queries ------------------------------------------------------

// cast(x, 'int8'), cast(x, 'like', p).
Args cast_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 3);
  ClassId cls;
  if (args.size() == 3) {
    if (!args[1].is_char() || args[1].to_text() != "like" ||
        !(args[2].is_num() || args[2].is_array())) {
      throw_error("MATLAB:cast:UnsupportedClass", "Unsupported data type for conversion.");
    }
    cls = args[2].cls();
  } else {
    if (!args[1].is_char() || !class_from_name(args[1].to_text(), &cls)) {
      throw_error("MATLAB:cast:UnsupportedClass", "Unsupported data type for conversion: '%s'.",
                  args[1].is_char() ? args[1].to_text() : std::string("?"));
    }
  }
  if (!args[0].is_num() && !args[0].is_array()) {
    throw_error("MATLAB:cast:UnsupportedClass", "Unsupported data type for conversion.");
  }
  return {cast_to(ctx.rt, args[0], cls)};
}

// typecast(x, 'uint8'): the same bytes read as another numeric class. A row (or scalar)
// input gives a row, a column gives a column.
Args typecast_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 2);
  const Value& x = args[0];
  ClassId to;
  if (!args[1].is_char() || !class_from_name(args[1].to_text(), &to) || to == ClassId::Char ||
      to == ClassId::Logical) {
    throw_error("MATLAB:typecast:unsupportedType", "Unsupported class.");
  }
  if (!(x.is_num() || x.is_array()) || x.cls() == ClassId::Char || x.cls() == ClassId::Logical) {
    throw_error("MATLAB:typecast:inputMustBeNumeric",
                "The first input argument must be a full, non-complex numeric value.");
  }
  if (!x.shape().is_vector() && x.numel() != 0) {
    throw_error("MATLAB:typecast:inputMustBeVector", "The first input argument must be a vector.");
  }
  const ArrayPtr src = x.as_array();
  const size_t bytes = src->byte_size();
  if (bytes % element_size(to) != 0) {
    throw_error("MATLAB:typecast:notEnoughInputElements",
                "Too few input values to make output type.");
  }
  const auto n = static_cast<int64_t>(bytes / element_size(to));
  const Shape shape =
      x.shape().cols() == 1 && x.shape().rows() != 1 ? Shape::column(n) : Shape::row(n);
  auto out = std::make_shared<Array>(to, shape, Array::Uninitialized{});
  if (bytes > 0) std::memcpy(out->mutable_bytes(), src->host_bytes(), bytes);
  return {wrap_array(std::move(out))};
}

Args isinteger_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  return {Value::logical(is_integer_value(args[0]))};
}

// isa(x, name): the class name, or the categories 'numeric', 'float' and 'integer'.
Args isa_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 2);
  if (!args[1].is_char()) {
    throw_error("MATLAB:isa:InvalidClassName", "Class name must be a character vector.");
  }
  const std::string name = args[1].to_text();
  const Value& x = args[0];
  // Objects of handle classes (containers.Map; classdef ones answer through their class)
  // are also a 'handle'.
  if (x.is_object() && x.object().is_handle && name == "handle") return {Value::logical(true)};
  if (!x.is_num() && !x.is_array()) return {Value::logical(x.class_name() == name)};
  const ClassId c = x.cls();
  bool r = false;
  if (name == "numeric") {
    r = is_float_class(c) || is_integer_class(c);
  } else if (name == "float") {
    r = is_float_class(c);
  } else if (name == "integer") {
    r = is_integer_class(c);
  } else {
    r = class_name(c) == name;
  }
  return {Value::logical(r)};
}

}  // namespace

void register_integer_builtins(BuiltinRegistry& reg) {
  reg.add("intmax", intlimit_fn<true>,
          "intmax, intmax('int8'), intmax('like', p): largest value of an integer class "
          "(int32 by default).");
  reg.add("intmin", intlimit_fn<false>,
          "intmin, intmin('int8'), intmin('like', p): smallest value of an integer class "
          "(int32 by default).");
  reg.add("flintmax", flintmax_fn,
          "flintmax, flintmax('single'): largest consecutive integer in floating point (2^53).");
  reg.add("idivide", idivide_fn,
          "idivide(a, b), idivide(a, b, 'fix'|'floor'|'ceil'|'round'): integer division "
          "('fix' by default).");
  reg.add("bitand", bitop_fn<0>, "bitand(a, b[, assumedtype]): bitwise AND.");
  reg.add("bitor", bitop_fn<1>, "bitor(a, b[, assumedtype]): bitwise OR.");
  reg.add("bitxor", bitop_fn<2>, "bitxor(a, b[, assumedtype]): bitwise XOR.");
  reg.add("bitshift", bitshift_fn,
          "bitshift(a, k[, assumedtype]): shift bits left (k > 0) or right (k < 0).");
  reg.add("bitcmp", bitcmp_fn, "bitcmp(a[, assumedtype]): bitwise complement.");
  reg.add("cast", cast_fn, "cast(x, 'int8'), cast(x, 'like', p): convert to another class.");
  reg.add("typecast", typecast_fn,
          "typecast(x, 'uint8'): reinterpret the bytes of a numeric vector as another class.");
  reg.add("isinteger", isinteger_fn, "isinteger(x): true for integer-class arrays.");
  reg.add("isa", isa_fn,
          "isa(x, name): true when x is of class name, or of the category 'numeric', 'float' "
          "or 'integer'.");
}

}  // namespace runmat::runtime
