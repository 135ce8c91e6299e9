// Number theory and integer-valued math: nchoosek factorial primes isprime gcd lcm nextpow2
// pow2, and the floating-point limits realmax/realmin.
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "builtins.hpp"
#include "builtins_numeric.hpp"
#include "host_math.hpp"
#include "matrix_ops.hpp"
#include "runmat/core/containers.hpp"

namespace runmat::runtime {
namespace {

bool is_whole(double v) {
  return std::isfinite(v) && v == std::floor(v);
}

// Result of an integer-valued function: integer classes keep their class, single stays single,
// everything else (double, logical, char) is double.
ClassId integer_math_class(const Value& v) {
  return keep_integer_class(v.cls());
}

void require_real_numeric(const Value& v, const char* fn) {
  if (!v.is_numeric_like()) {
    throw_error("MATLAB:UndefinedFunction",
                "Check for incorrect argument data type or missing argument in call to "
                "function '%s'.",
                fn);
  }
}

// Class of a two-operand integer function, by MATLAB's arithmetic rules: an integer class
// wins (two different ones do not mix), else single or double.
ClassId integer_pair_class(ClassId a, ClassId b) {
  if (is_integer_class(a) && is_integer_class(b) && a != b) {
    throw_error("MATLAB:mixedClasses",
                "Integers can only be combined with integers of the same class, or scalar "
                "doubles.");
  }
  if (is_integer_class(a)) return a;
  if (is_integer_class(b)) return b;
  return float_result(a, b);
}

// ---- nchoosek ---------------------------------------------------------------------------

// Binomial coefficient by the multiplicative formula; each partial product is an exact
// binomial coefficient, so rounding keeps it exact while it is below 2^53.
double binomial(double n, double k) {
  k = std::min(k, n - k);
  double c = 1;
  for (double i = 1; i <= k; ++i) c = std::round(c * (n - k + i) / i);
  return c;
}

Value combinations(const Value& v, int64_t k) {
  const int64_t n = v.numel();
  if (k > n) {
    if (v.is_cell()) return Value::cell(std::make_shared<CellArray>(Shape{0, k}));
    return empty_value(v.cls(), Shape{0, k});
  }
  std::vector<std::vector<int64_t>> rows;
  std::vector<int64_t> idx(static_cast<size_t>(k));
  for (int64_t i = 0; i < k; ++i) idx[i] = i;
  // Lexicographic order of index sets, as MATLAB lists them.
  while (true) {
    rows.push_back(idx);
    int64_t i = k - 1;
    while (i >= 0 && idx[i] == n - k + i) --i;
    if (i < 0) break;
    ++idx[i];
    for (int64_t j = i + 1; j < k; ++j) idx[j] = idx[j - 1] + 1;
  }
  const int64_t m = static_cast<int64_t>(rows.size());
  if (v.is_cell()) {
    auto out = std::make_shared<CellArray>(Shape{m, k});
    for (int64_t r = 0; r < m; ++r) {
      for (int64_t c = 0; c < k; ++c) out->data[r + c * m] = v.cell().data[rows[r][c]];
    }
    return Value::cell(std::move(out));
  }
  const ArrayPtr src = v.as_array();
  ArrayPtr out = new_array(src->cls(), Shape{m, k});
  for (int64_t r = 0; r < m; ++r) {
    for (int64_t c = 0; c < k; ++c) copy_element(*src, rows[r][c], *out, r + c * m);
  }
  return wrap_array(std::move(out));
}

Args nchoosek_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 2);
  if (!args[0].is_cell()) require_real_numeric(args[0], "nchoosek");
  require_real_numeric(args[1], "nchoosek");
  const Value& kv = args[1];
  if (kv.numel() != 1 || !is_whole(kv.elem(0)) || kv.elem(0) < 0) {
    throw_error("MATLAB:nchoosek:InvalidArg2", "K must be a nonnegative integer scalar.");
  }
  const double k = kv.elem(0);
  const Value& nv = args[0];
  if (nv.numel() == 1 && !nv.is_cell()) {
    const double n = nv.elem(0);
    if (!is_whole(n) || n < 0) {
      throw_error("MATLAB:nchoosek:InvalidArg1",
                  "N must be a nonnegative integer scalar or a vector.");
    }
    if (k > n) throw_error("MATLAB:nchoosek:KOutOfRange", "K must be an integer between 0 and N.");
    const ClassId cls = integer_pair_class(nv.cls(), kv.cls());
    const double c = binomial(n, k);
    if (c > 9007199254740992.0 && !is_integer_class(cls)) {
      numeric_warning(ctx.rt, "MATLAB:nchoosek:LargeCoefficient",
                      "Result may not be exact. Coefficient is greater than 9.007199e+15 and is "
                      "only accurate to 15 digits");
    }
    return {Value::scalar_of(cls, c)};
  }
  if (!nv.shape().is_vector()) {
    throw_error("MATLAB:nchoosek:InvalidArg1",
                "N must be a nonnegative integer scalar or a vector.");
  }
  const double count = binomial(static_cast<double>(nv.numel()), k);
  check_size_limit({static_cast<int64_t>(count), static_cast<int64_t>(k)});
  if (count > 1e8) {
    throw_error("MATLAB:array:SizeLimitExceeded",
                "Requested array exceeds the maximum possible size.");
  }
  return {combinations(nv, static_cast<int64_t>(k))};
}

// ---- factorial --------------------------------------------------------------------------

Args factorial_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  require_real_numeric(args[0], "factorial");
  const Value& x = args[0];
  // MATLAB tabulates cumprod(1:170) in double; factorial(171) overflows to Inf.
  static const std::vector<double> table = [] {
    std::vector<double> t(171);
    t[0] = 1;
    for (int i = 1; i <= 170; ++i) t[i] = t[i - 1] * i;
    return t;
  }();
  const ArrayPtr in = x.as_array();
  std::vector<double> out(static_cast<size_t>(in->numel()));
  for (int64_t i = 0; i < in->numel(); ++i) {
    const double n = in->get_as_double(i);
    if (std::isnan(n)) {
      out[i] = n;
      continue;
    }
    if (n < 0 || n != std::floor(n)) {
      throw_error("MATLAB:factorial:NNegativeInt",
                  "N must be an array of real non-negative integers.");
    }
    out[i] = n > 170 ? std::numeric_limits<double>::infinity() : table[static_cast<size_t>(n)];
  }
  return {from_doubles(out, in->shape(), integer_math_class(x))};
}

// ---- primes / isprime -------------------------------------------------------------------

Args primes_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  require_real_numeric(args[0], "primes");
  if (args[0].numel() != 1) throw_error("MATLAB:primes:InputNotScalar", "Input must be a scalar.");
  const double nd = args[0].elem(0);
  if (std::isnan(nd) || std::isinf(nd)) {
    throw_error("MATLAB:primes:InputNotFinite", "Input must be finite.");
  }
  if (nd > 4e9) {
    throw_error("MATLAB:array:SizeLimitExceeded",
                "Requested array exceeds the maximum possible size.");
  }
  const int64_t n = static_cast<int64_t>(std::floor(nd));
  std::vector<double> found;
  if (n >= 2) {
    std::vector<bool> composite(static_cast<size_t>(n + 1), false);
    for (int64_t p = 2; p <= n; ++p) {
      if (composite[p]) continue;
      found.push_back(static_cast<double>(p));
      for (int64_t q = p * p; q <= n; q += p) composite[q] = true;
    }
  }
  const ClassId cls = integer_math_class(args[0]);
  return {from_doubles(found, Shape::row(static_cast<int64_t>(found.size())), cls)};
}

// GCC/Clang's 128-bit integer (an extension; __extension__ keeps -Wpedantic quiet).
__extension__ using u128 = unsigned __int128;

uint64_t mul_mod(uint64_t a, uint64_t b, uint64_t m) {
  return static_cast<uint64_t>(static_cast<u128>(a) * b % m);
}

uint64_t pow_mod(uint64_t b, uint64_t e, uint64_t m) {
  uint64_t r = 1;
  b %= m;
  for (; e; e >>= 1, b = mul_mod(b, b, m)) {
    if (e & 1) r = mul_mod(r, b, m);
  }
  return r;
}

// Deterministic Miller-Rabin: these bases decide every n < 2^64.
bool is_prime_u64(uint64_t n) {
  if (n < 2) return false;
  for (uint64_t p : {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37}) {
    if (n % p == 0) return n == p;
  }
  uint64_t d = n - 1;
  int s = 0;
  while ((d & 1) == 0) {
    d >>= 1;
    ++s;
  }
  for (uint64_t a : {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37}) {
    uint64_t x = pow_mod(a, d, n);
    if (x == 1 || x == n - 1) continue;
    bool witness = true;
    for (int r = 1; r < s && witness; ++r) {
      x = mul_mod(x, x, n);
      if (x == n - 1) witness = false;
    }
    if (witness) return false;
  }
  return true;
}

Args isprime_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  require_real_numeric(args[0], "isprime");
  const ArrayPtr in = args[0].as_array();
  ArrayPtr out = new_array(ClassId::Logical, in->shape());
  for (int64_t i = 0; i < in->numel(); ++i) {
    const double v = in->get_as_double(i);
    if (!is_whole(v) || v < 0) {
      throw_error("MATLAB:isprime:InputNotPosInt",
                  "All entries of X must be nonnegative integers.");
    }
    out->set_from_double(i, v < 1.8446744073709552e19 && is_prime_u64(static_cast<uint64_t>(v)));
  }
  return {Value::array(std::move(out))};
}

// ---- gcd / lcm --------------------------------------------------------------------------

struct Bezout {
  double g, u, v;
};

// MATLAB's extended Euclid on |a|, |b| (gcd.m), so the coefficients match its choice.
Bezout extended_gcd(double a, double b) {
  double u1 = 1, u2 = 0, u3 = std::fabs(a);
  double v1 = 0, v2 = 1, v3 = std::fabs(b);
  while (v3 != 0) {
    const double q = std::floor(u3 / v3);
    const double t1 = u1 - v1 * q, t2 = u2 - v2 * q, t3 = u3 - v3 * q;
    u1 = v1, u2 = v2, u3 = v3;
    v1 = t1, v2 = t2, v3 = t3;
  }
  const auto sgn = [](double x) { return x > 0 ? 1.0 : (x < 0 ? -1.0 : 0.0); };
  return {u3, u1 * sgn(a) + 0.0, u2 * sgn(b) + 0.0};  // + 0.0: no -0 coefficients
}

template <bool Lcm>
Args gcd_lcm_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 2, 2);
  const char* fn = Lcm ? "lcm" : "gcd";
  const Value& a = args[0];
  const Value& b = args[1];
  require_real_numeric(a, fn);
  require_real_numeric(b, fn);
  Shape out_shape;
  if (!broadcast_shapes(a.shape(), b.shape(), &out_shape)) {
    throw_error("MATLAB:sizeDimensionsMustMatch",
                "Arrays have incompatible sizes for this operation.");
  }
  const ClassId cls = integer_pair_class(a.cls(), b.cls());
  const ArrayPtr pa = a.as_array(), pb = b.as_array();
  const int64_t n = out_shape.numel();
  std::vector<double> g(n), u(n), v(n);
  for_each_broadcast(out_shape, pa->shape(), pb->shape(), [&](int64_t i, int64_t ia, int64_t ib) {
    const double x = pa->get_as_double(ia), y = pb->get_as_double(ib);
    if (!is_whole(x) || !is_whole(y)) {
      if (Lcm) {
        throw_error("MATLAB:lcm:NonIntInputs", "Input arguments must contain integers.");
      }
      throw_error("MATLAB:gcd:NonIntInputs", "Inputs must be real integers.");
    }
    const Bezout r = extended_gcd(x, y);
    if (Lcm) {
      g[i] = r.g == 0 ? 0 : std::fabs(x * (y / r.g));
    } else {
      g[i] = r.g, u[i] = r.u, v[i] = r.v;
    }
  });
  Args out{from_doubles(g, out_shape, cls)};
  if (!Lcm && ctx.nargout > 1) {
    out.push_back(from_doubles(u, out_shape, cls));
    out.push_back(from_doubles(v, out_shape, cls));
  }
  return out;
}

// ---- nextpow2 / pow2 --------------------------------------------------------------------

double nextpow2_of(double x) {
  if (std::isnan(x)) return x;
  const double a = std::fabs(x);
  if (std::isinf(a)) return a;
  if (a == 0) return 0;
  int e = 0;
  const double f = std::frexp(a, &e);  // a = f * 2^e, f in [0.5, 1)
  return f == 0.5 ? e - 1 : e;
}

Args nextpow2_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 1);
  require_real_numeric(args[0], "nextpow2");
  const ArrayPtr in = args[0].as_array();
  std::vector<double> out(static_cast<size_t>(in->numel()));
  for (int64_t i = 0; i < in->numel(); ++i) out[i] = nextpow2_of(in->get_as_double(i));
  return {from_doubles(out, in->shape(), integer_math_class(args[0]))};
}

double pow2_of(double e) {
  return std::exp2(e);
}
double scale_pow2(double f, double e) {
  return is_whole(e) && std::fabs(e) < 1e5 ? std::ldexp(f, static_cast<int>(e)) : f * std::exp2(e);
}

Args pow2_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 1, 2);
  if (args.size() == 1) return {host_unary_math(args[0], "pow2", pow2_of)};
  return {host_binary_math(args[0], args[1], "pow2", scale_pow2)};
}

// ---- realmax / realmin ------------------------------------------------------------------

template <bool Max>
Args real_limit_fn(CallContext& ctx, Args& args) {
  check_nargs(ctx, args, 0, 2);
  const char* id = Max ? "MATLAB:realmax:invalidClassName" : "MATLAB:realmin:invalidClassName";
  ClassId cls = ClassId::Double;
  if (args.size() == 2) {
    if (!is_option(args[0], "like") || !(args[1].is_numeric_like() || args[1].is_complex()) ||
        !is_float_class(math_result_class(args[1]))) {
      throw_error(id, "Class must be 'single' or 'double'.");
    }
    cls = math_result_class(args[1]);
  } else if (args.size() == 1) {
    if (is_option(args[0], "single")) {
      cls = ClassId::Single;
    } else if (!is_option(args[0], "double")) {
      throw_error(id, "Class must be 'single' or 'double'.");
    }
  }
  if (cls == ClassId::Single) {
    const float v = Max ? std::numeric_limits<float>::max() : std::numeric_limits<float>::min();
    return {Value::scalar_of(ClassId::Single, v)};
  }
  return {
      Value::num(Max ? std::numeric_limits<double>::max() : std::numeric_limits<double>::min())};
}

}  // namespace

void register_integer_math_builtins(BuiltinRegistry& reg) {
  reg.add("nchoosek", nchoosek_fn,
          "nchoosek(n, k): binomial coefficient; nchoosek(v, k): all k-element combinations of "
          "vector v, one per row.");
  reg.add("factorial", factorial_fn, "factorial(n): n! elementwise (Inf above 170).");
  reg.add("primes", primes_fn, "primes(n): row vector of the primes <= n.");
  reg.add("isprime", isprime_fn, "isprime(x): true where x is prime (x nonnegative integers).");
  reg.add("gcd", gcd_lcm_fn<false>,
          "[g, u, v] = gcd(a, b): greatest common divisor, elementwise, with Bezout coefficients "
          "g = a.*u + b.*v.");
  reg.add("lcm", gcd_lcm_fn<true>, "lcm(a, b): least common multiple, elementwise.");
  reg.add("nextpow2", nextpow2_fn, "nextpow2(x): smallest p with 2^p >= abs(x).");
  reg.add("pow2", pow2_fn, "pow2(e): 2.^e; pow2(f, e): f.*2.^e computed exactly.");
  reg.add("realmax", real_limit_fn<true>,
          "realmax, realmax('single'), realmax('like', p): largest finite floating-point value.");
  reg.add("realmin", real_limit_fn<false>,
          "realmin, realmin('single'), realmin('like', p): smallest normalized positive value.");
}

}  // namespace runmat::runtime
