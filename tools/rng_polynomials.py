#!/usr/bin/env python3
"""Derivation and check of the polynomial degrees in include/runmat/accel_random.h.

The philox transforms evaluate ln, sin and cos with +, -, * only (bit-identical on every
device), so each is a truncated Taylor series on a reduced range:

  ln m  = 2 s (1 + s^2/3 + s^4/5 + ...),  s = (m-1)/(m+1),  m in [1/sqrt2, sqrt2] -> |s| <= 0.1716
  cos y = sum (-1)^k y^2k/(2k)!,  sin y = y sum (-1)^k y^2k/(2k+1)!,  y in [0, pi/4]

This script prints the coefficients (the header writes them as the fractions themselves), the
first omitted term of each series, which bounds the truncation error because the terms
alternate or decrease geometrically, and checks that it is below the precision's unit roundoff.
Run: python3 tools/rng_polynomials.py
"""
import math
from fractions import Fraction

S_MAX = (math.sqrt(2) - 1) / (math.sqrt(2) + 1)  # |s| at m = sqrt2 (and 1/sqrt2)
Y_MAX = math.pi / 4
UNIT_ROUNDOFF = {"F32": 2.0**-24, "F64": 2.0**-53}
# Terms kept per precision: (ln: s^2 powers incl. 1, cos terms, sin terms), as in the header.
KEPT = {"F32": (5, 6, 5), "F64": (11, 10, 9)}


def first_omitted(kind, kept):
    k = kept
    if kind == "ln":  # relative to 2s: z^k / (2k+1)
        return S_MAX ** (2 * k) / (2 * k + 1)
    if kind == "cos":  # absolute, cos >= 0.707 on the range, so relative within sqrt2
        return Y_MAX ** (2 * k) / math.factorial(2 * k)
    return Y_MAX ** (2 * k) / math.factorial(2 * k + 1)  # sin / y, relative


def main():
    ok = True
    for prec, (n_ln, n_cos, n_sin) in KEPT.items():
        u = UNIT_ROUNDOFF[prec]
        print(f"{prec}: unit roundoff {u:.3g}")
        for kind, n in (("ln", n_ln), ("cos", n_cos), ("sin", n_sin)):
            t = first_omitted(kind, n)
            coeffs = {
                "ln": [Fraction(1, 2 * k + 1) for k in range(n)],
                "cos": [Fraction((-1) ** k, math.factorial(2 * k)) for k in range(n)],
                "sin": [Fraction((-1) ** k, math.factorial(2 * k + 1)) for k in range(n)],
            }[kind]
            print(f"  {kind}: {n} terms {[str(c) for c in coeffs]}")
            print(f"        first omitted term {t:.3g} ({t / u:.3g} unit roundoffs)")
            ok = ok and t < u
    # The reciprocal's start: the minimax line for 1/d on [1+1/sqrt2, 1+sqrt2] has
    # beta = 2/(ab + (a+b)^2/4), alpha = beta (a+b), error 1 - beta ab; Newton squares it.
    a, b = 1 + 1 / math.sqrt(2), 1 + math.sqrt(2)
    beta = 2 / (a * b + (a + b) ** 2 / 4)
    alpha = beta * (a + b)
    e = 1 - beta * a * b
    print(f"reciprocal start {alpha:.5f} - {beta:.5f} d, error {e:.3g}, after 3 Newton steps "
          f"{e ** 8:.3g}, after 4 {e ** 16:.3g}")
    ok = ok and e**8 < UNIT_ROUNDOFF["F32"] and e**16 < UNIT_ROUNDOFF["F64"]
    # Fast inverse square root start: relative error <= 0.0344; Newton: e -> 1.5 e^2.
    e = 0.0344
    steps = []
    for _ in range(5):
        e = 1.5 * e * e
        steps.append(e)
    print(f"rsqrt Newton errors {[f'{x:.2g}' for x in steps]} (4 steps F32, 5 steps F64)")
    ok = ok and steps[3] < UNIT_ROUNDOFF["F32"] and steps[4] < UNIT_ROUNDOFF["F64"]
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
