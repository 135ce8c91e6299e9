// Scalar semantics of the IR operations (MATLAB rules), shared by the elementwise loops and the
// reductions. Written as branch-free selects where that lets the loops vectorize.
#pragma once

#include <cmath>
#include <cstdint>

namespace rmcpu::ops {

// Round half away from zero (MATLAB round); std::round has exactly that rule.
template <class T>
inline T round_half_away(T x) {
  return std::round(x);
}

// sign: -1, 0, 1; NaN stays NaN.
template <class T>
inline T sign(T x) {
  return x > T(0) ? T(1) : (x < T(0) ? T(-1) : (x == T(0) ? T(0) : x));
}

// NaN-ignoring min/max: the other operand when one is NaN, NaN only when both are.
template <class T>
inline T nanmin(T a, T b) {
  return (b < a || a != a) ? b : a;
}
template <class T>
inline T nanmax(T a, T b) {
  return (b > a || a != a) ? b : a;
}

// MATLAB mod: x - floor(x/y)*y, result has the sign of y; mod(x, 0) = x. Computed exactly via
// fmod (which has the sign of x) plus one correction.
template <class T>
inline T mod(T x, T y) {
  if (y == T(0)) return x;
  T r = std::fmod(x, y);
  if (r != T(0) && ((r < T(0)) != (y < T(0)))) r += y;
  if (r == T(0)) r = std::copysign(T(0), y);
  return r;
}

// MATLAB rem: x - fix(x/y)*y, sign of x; rem(x, 0) = NaN (fmod gives exactly that).
template <class T>
inline T rem(T x, T y) {
  return std::fmod(x, y);
}

}  // namespace rmcpu::ops
