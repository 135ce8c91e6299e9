#include "elementwise.hpp"

#include <cmath>
#include <cstring>

#include "dtype.hpp"
#include "ops.hpp"
#include "runmat/accel.h"
#include "vmath.hpp"

namespace rmcpu {
namespace {

using u8 = uint8_t;

template <class T>
void fill(T v, T* d, size_t n) {
  for (size_t i = 0; i < n; ++i) d[i] = v;
}

template <class T, class F>
inline void map1(const T* a, T* d, size_t n, F f) {
  for (size_t i = 0; i < n; ++i) d[i] = f(a[i]);
}

template <class T, class F>
inline void map2(const T* a, const T* b, T* d, size_t n, F f) {
  for (size_t i = 0; i < n; ++i) d[i] = f(a[i], b[i]);
}

template <class T, class F>
inline void pred(const T* a, u8* d, size_t n, F f) {
  for (size_t i = 0; i < n; ++i) d[i] = f(a[i]) ? 1 : 0;
}

template <class T>
void unary_float(uint16_t op, const T* a, T* d, size_t n) {
  bool done;
  if constexpr (sizeof(T) == 4) {
    done = vm::unary_f32(op, a, d, n);
  } else {
    done = vm::unary_f64(op, a, d, n);
  }
  if (done) return;
  switch (op) {
    case RM_UN_NEG:
      map1(a, d, n, [](T x) { return -x; });
      break;
    case RM_UN_ABS:
      map1(a, d, n, [](T x) { return std::fabs(x); });
      break;
    case RM_UN_SQRT:
      map1(a, d, n, [](T x) { return std::sqrt(x); });
      break;
    case RM_UN_FLOOR:
      map1(a, d, n, [](T x) { return std::floor(x); });
      break;
    case RM_UN_CEIL:
      map1(a, d, n, [](T x) { return std::ceil(x); });
      break;
    case RM_UN_ROUND:
      map1(a, d, n, [](T x) { return ops::round_half_away(x); });
      break;
    case RM_UN_FIX:
      map1(a, d, n, [](T x) { return std::trunc(x); });
      break;
    case RM_UN_SIGN:
      map1(a, d, n, [](T x) { return ops::sign(x); });
      break;
    default:
      // Only reachable if vmath lacks a transcendental the validator accepted.
#define RMCPU_SCALAR(e, f)                        \
  case e:                                         \
    map1(a, d, n, [](T x) { return std::f(x); }); \
    break;
      switch (op) {
        RMCPU_SCALAR(RM_UN_EXP, exp)
        RMCPU_SCALAR(RM_UN_LOG, log)
        RMCPU_SCALAR(RM_UN_SIN, sin)
        RMCPU_SCALAR(RM_UN_COS, cos)
        RMCPU_SCALAR(RM_UN_TAN, tan)
        RMCPU_SCALAR(RM_UN_TANH, tanh)
        RMCPU_SCALAR(RM_UN_ASIN, asin)
        RMCPU_SCALAR(RM_UN_ACOS, acos)
        RMCPU_SCALAR(RM_UN_ATAN, atan)
        RMCPU_SCALAR(RM_UN_SINH, sinh)
        RMCPU_SCALAR(RM_UN_COSH, cosh)
        RMCPU_SCALAR(RM_UN_LOG2, log2)
        RMCPU_SCALAR(RM_UN_LOG10, log10)
        RMCPU_SCALAR(RM_UN_EXPM1, expm1)
        RMCPU_SCALAR(RM_UN_LOG1P, log1p)
        default:
          break;
      }
#undef RMCPU_SCALAR
      break;
  }
}

template <class T>
void predicate(uint16_t op, const T* a, u8* d, size_t n) {
  switch (op) {
    case RM_UN_ISNAN:
      pred(a, d, n, [](T x) { return x != x; });
      break;
    case RM_UN_ISINF:
      pred(a, d, n, [](T x) { return std::fabs(x) == T(INFINITY); });
      break;
    case RM_UN_ISFINITE:
      pred(a, d, n, [](T x) { return std::fabs(x) < T(INFINITY); });
      break;
    default:
      break;
  }
}

template <class T>
void binary_float(uint16_t op, const T* a, const T* b, T* d, size_t n) {
  bool done;
  if constexpr (sizeof(T) == 4) {
    done = vm::binary_f32(op, a, b, d, n);
  } else {
    done = vm::binary_f64(op, a, b, d, n);
  }
  if (done) return;
  switch (op) {
    case RM_BIN_ADD:
      map2(a, b, d, n, [](T x, T y) { return x + y; });
      break;
    case RM_BIN_SUB:
      map2(a, b, d, n, [](T x, T y) { return x - y; });
      break;
    case RM_BIN_MUL:
      map2(a, b, d, n, [](T x, T y) { return x * y; });
      break;
    case RM_BIN_DIV:
      map2(a, b, d, n, [](T x, T y) { return x / y; });
      break;
    case RM_BIN_MIN:
      map2(a, b, d, n, [](T x, T y) { return ops::nanmin(x, y); });
      break;
    case RM_BIN_MAX:
      map2(a, b, d, n, [](T x, T y) { return ops::nanmax(x, y); });
      break;
    case RM_BIN_MOD:
      map2(a, b, d, n, [](T x, T y) { return ops::mod(x, y); });
      break;
    case RM_BIN_REM:
      map2(a, b, d, n, [](T x, T y) { return ops::rem(x, y); });
      break;
    case RM_BIN_POW:
      map2(a, b, d, n, [](T x, T y) { return std::pow(x, y); });
      break;
    case RM_BIN_ATAN2:
      map2(a, b, d, n, [](T x, T y) { return std::atan2(x, y); });
      break;
    case RM_BIN_HYPOT:
      map2(a, b, d, n, [](T x, T y) { return std::hypot(x, y); });
      break;
    default:
      break;
  }
}

template <class T>
void compare(uint16_t op, const T* a, const T* b, u8* d, size_t n) {
  switch (op) {
    case RM_CMP_EQ:
      for (size_t i = 0; i < n; ++i) d[i] = a[i] == b[i];
      break;
    case RM_CMP_NE:
      for (size_t i = 0; i < n; ++i) d[i] = a[i] != b[i];
      break;
    case RM_CMP_LT:
      for (size_t i = 0; i < n; ++i) d[i] = a[i] < b[i];
      break;
    case RM_CMP_LE:
      for (size_t i = 0; i < n; ++i) d[i] = a[i] <= b[i];
      break;
    case RM_CMP_GT:
      for (size_t i = 0; i < n; ++i) d[i] = a[i] > b[i];
      break;
    case RM_CMP_GE:
      for (size_t i = 0; i < n; ++i) d[i] = a[i] >= b[i];
      break;
    default:
      break;
  }
}

template <class T>
void select(const u8* c, const T* a, const T* b, T* d, size_t n) {
  for (size_t i = 0; i < n; ++i) d[i] = c[i] ? a[i] : b[i];
}

template <class From, class To>
void convert(const From* a, To* d, size_t n) {
  for (size_t i = 0; i < n; ++i) d[i] = static_cast<To>(a[i]);
}

template <class From>
void to_bool(const From* a, u8* d, size_t n) {
  for (size_t i = 0; i < n; ++i) d[i] = a[i] != From(0);
}

}  // namespace

void col_fill_const(uint32_t dtype, double imm, void* d, size_t n) {
  switch (dtype) {
    case RM_DTYPE_F32:
      fill(static_cast<float>(imm), static_cast<float*>(d), n);
      break;
    case RM_DTYPE_F64:
      fill(imm, static_cast<double*>(d), n);
      break;
    case RM_DTYPE_BOOL:
      std::memset(d, imm != 0.0 ? 1 : 0, n);
      break;
    default:
      break;
  }
}

void col_fill_scalar(uint32_t dtype, const void* src, void* d, size_t n) {
  switch (dtype) {
    case RM_DTYPE_F32:
      fill(*static_cast<const float*>(src), static_cast<float*>(d), n);
      break;
    case RM_DTYPE_F64:
      fill(*static_cast<const double*>(src), static_cast<double*>(d), n);
      break;
    case RM_DTYPE_BOOL:
      std::memset(d, *static_cast<const u8*>(src) != 0 ? 1 : 0, n);
      break;
    default:
      break;
  }
}

void col_index(uint32_t dtype, uint64_t start, void* d, size_t n) {
  if (dtype == RM_DTYPE_F32) {
    auto* o = static_cast<float*>(d);
    for (size_t i = 0; i < n; ++i) o[i] = static_cast<float>(static_cast<double>(start + i));
  } else {
    auto* o = static_cast<double*>(d);
    for (size_t i = 0; i < n; ++i) o[i] = static_cast<double>(start + i);
  }
}

void col_unary(uint16_t op, uint32_t dtype, uint32_t src_dtype, const void* a, void* d, size_t n) {
  if (op == RM_UN_NOT) {
    const u8* x = static_cast<const u8*>(a);
    u8* o = static_cast<u8*>(d);
    for (size_t i = 0; i < n; ++i) o[i] = x[i] == 0;
    return;
  }
  if (op == RM_UN_ISNAN || op == RM_UN_ISINF || op == RM_UN_ISFINITE) {
    u8* o = static_cast<u8*>(d);
    if (src_dtype == RM_DTYPE_F32) {
      predicate(op, static_cast<const float*>(a), o, n);
    } else if (src_dtype == RM_DTYPE_F64) {
      predicate(op, static_cast<const double*>(a), o, n);
    } else {  // a logical is never NaN or Inf
      std::memset(o, op == RM_UN_ISFINITE ? 1 : 0, n);
    }
    return;
  }
  if (dtype == RM_DTYPE_F32) {
    unary_float(op, static_cast<const float*>(a), static_cast<float*>(d), n);
  } else {
    unary_float(op, static_cast<const double*>(a), static_cast<double*>(d), n);
  }
}

void col_binary(uint16_t op, uint32_t dtype, const void* a, const void* b, void* d, size_t n) {
  if (dtype == RM_DTYPE_BOOL) {
    const u8* x = static_cast<const u8*>(a);
    const u8* y = static_cast<const u8*>(b);
    u8* o = static_cast<u8*>(d);
    switch (op) {
      case RM_BIN_AND:
        for (size_t i = 0; i < n; ++i) o[i] = (x[i] != 0) & (y[i] != 0);
        break;
      case RM_BIN_OR:
        for (size_t i = 0; i < n; ++i) o[i] = (x[i] != 0) | (y[i] != 0);
        break;
      case RM_BIN_XOR:
        for (size_t i = 0; i < n; ++i) o[i] = (x[i] != 0) ^ (y[i] != 0);
        break;
      default:
        break;
    }
    return;
  }
  if (dtype == RM_DTYPE_F32) {
    binary_float(op, static_cast<const float*>(a), static_cast<const float*>(b),
                 static_cast<float*>(d), n);
  } else {
    binary_float(op, static_cast<const double*>(a), static_cast<const double*>(b),
                 static_cast<double*>(d), n);
  }
}

void col_compare(uint16_t op, uint32_t src_dtype, const void* a, const void* b, void* d, size_t n) {
  u8* o = static_cast<u8*>(d);
  switch (src_dtype) {
    case RM_DTYPE_F32:
      compare(op, static_cast<const float*>(a), static_cast<const float*>(b), o, n);
      break;
    case RM_DTYPE_F64:
      compare(op, static_cast<const double*>(a), static_cast<const double*>(b), o, n);
      break;
    case RM_DTYPE_BOOL: {
      // Compare logical values as numbers 0/1 (normalizing any nonzero byte to 1).
      const u8* x = static_cast<const u8*>(a);
      const u8* y = static_cast<const u8*>(b);
      for (size_t i = 0; i < n; ++i) {
        const int p = x[i] != 0, q = y[i] != 0;
        switch (op) {
          case RM_CMP_EQ:
            o[i] = p == q;
            break;
          case RM_CMP_NE:
            o[i] = p != q;
            break;
          case RM_CMP_LT:
            o[i] = p < q;
            break;
          case RM_CMP_LE:
            o[i] = p <= q;
            break;
          case RM_CMP_GT:
            o[i] = p > q;
            break;
          default:
            o[i] = p >= q;
            break;
        }
      }
      break;
    }
    default:
      break;
  }
}

void col_select(uint32_t dtype, const void* cond, const void* a, const void* b, void* d, size_t n) {
  const u8* c = static_cast<const u8*>(cond);
  switch (dtype) {
    case RM_DTYPE_F32:
      select(c, static_cast<const float*>(a), static_cast<const float*>(b), static_cast<float*>(d),
             n);
      break;
    case RM_DTYPE_F64:
      select(c, static_cast<const double*>(a), static_cast<const double*>(b),
             static_cast<double*>(d), n);
      break;
    case RM_DTYPE_BOOL: {
      const u8* x = static_cast<const u8*>(a);
      const u8* y = static_cast<const u8*>(b);
      u8* o = static_cast<u8*>(d);
      for (size_t i = 0; i < n; ++i) o[i] = (c[i] ? x[i] : y[i]) != 0;
      break;
    }
    default:
      break;
  }
}

void col_cast(uint32_t from, uint32_t to, const void* a, void* d, size_t n) {
  if (from == to) {
    if (to == RM_DTYPE_BOOL) {
      to_bool(static_cast<const u8*>(a), static_cast<u8*>(d), n);
    } else {
      std::memcpy(d, a, n * dtype_size(to));
    }
    return;
  }
  switch (from) {
    case RM_DTYPE_F32: {
      const float* x = static_cast<const float*>(a);
      if (to == RM_DTYPE_F64)
        convert(x, static_cast<double*>(d), n);
      else
        to_bool(x, static_cast<u8*>(d), n);
      break;
    }
    case RM_DTYPE_F64: {
      const double* x = static_cast<const double*>(a);
      if (to == RM_DTYPE_F32)
        convert(x, static_cast<float*>(d), n);
      else
        to_bool(x, static_cast<u8*>(d), n);
      break;
    }
    case RM_DTYPE_BOOL: {
      const u8* x = static_cast<const u8*>(a);
      if (to == RM_DTYPE_F32) {
        float* o = static_cast<float*>(d);
        for (size_t i = 0; i < n; ++i) o[i] = x[i] != 0 ? 1.0f : 0.0f;
      } else {
        double* o = static_cast<double*>(d);
        for (size_t i = 0; i < n; ++i) o[i] = x[i] != 0 ? 1.0 : 0.0;
      }
      break;
    }
    default:
      break;
  }
}

}  // namespace rmcpu
