#!/usr/bin/python3
"""NumPy twins of the runmat workloads (chain.m, reduction.m, rms.m, scalar_loop.m): the same
data, the same work, the same output line (checksum=... inproc=...) for bench/run_suite.py.

usage: numpy_cases.py CASE N REPS
"""
import math
import sys
import time

import numpy as np


def chain(n):
    x = np.linspace(0, 4 * np.pi, n).astype(np.float32)
    return (lambda: np.tanh(np.sin(x) * np.exp(-x / 10)) + np.float32(0.1) * x), \
        (lambda y: float(np.sum(y, dtype=np.float32)))


def reduction(n):
    rows = n // 64
    # MATLAB's reshape is column-major: element (i, j) is the i + j*rows-th of the vector.
    X = np.sin(np.linspace(0, 100, rows * 64)).reshape(64, rows).T
    return (lambda: (X.mean(axis=0), X.std(axis=0, ddof=1))), \
        (lambda ms: float(ms[0].sum() + ms[1].sum()))


def rms(n):
    x = np.linspace(-1, 1, n)
    return (lambda: math.sqrt(np.mean(x ** 2))), (lambda r: r)


def scalar_loop(n):
    def work():
        acc = 0.0
        for k in range(1, n + 1):
            acc = acc + math.sin(k) * 0.5 + k % 7
        return acc
    return work, (lambda acc: acc)


def main():
    case, n, reps = sys.argv[1], int(float(sys.argv[2])), int(sys.argv[3])
    work, checksum = globals()[case](n)
    start = time.perf_counter()
    for _ in range(reps):
        out = work()
    t = (time.perf_counter() - start) / reps
    print(f"N={n} reps={reps} checksum={checksum(out):.15e} inproc={t:.9e} device=numpy")


if __name__ == "__main__":
    main()
