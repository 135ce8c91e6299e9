#!/usr/bin/python3
"""NumPy twins of the runmat workloads (bench/*.m): the same data, the same work, the same output
line (checksum=... inproc=...) for bench/run_suite.py. Sizes other than N come from the same
environment variables as the .m files (RUNMAT_BENCH_T, ...), with the same defaults.

usage: numpy_cases.py CASE N REPS
"""
import math
import os
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


def env(name, default):
    return int(float(os.environ.get(f"RUNMAT_BENCH_{name}", default)))


def generator():
    """RUNMAT_BENCH_RNG as in the .m files: 'twister' is NumPy's default generator (PCG64; what a
    NumPy user writes), 'philox' NumPy's Philox. The draws cannot match MATLAB's bits either way."""
    if os.environ.get("RUNMAT_BENCH_RNG", "twister") == "philox":
        return np.random.Generator(np.random.Philox(42))
    return np.random.default_rng(42)


def elementwise(n):  # elementwise.m: linspace is part of the timed work
    def work():
        x = np.linspace(0, 4 * np.pi, n).astype(np.float32)
        return np.sum(np.tanh(np.sin(x) * np.exp(-0.1 * x) + np.cos(x) ** 2), dtype=np.float32)
    return work, float


def image_normalize(_n):  # image_normalize.m; MATLAB's B-by-H-by-W is shape (B, H, W) here
    B, H, W = env("B", 8), env("H", 1080), env("W", 1920)
    b = np.arange(1, B + 1, dtype=np.float64).reshape(B, 1, 1)
    h = np.arange(H, dtype=np.float64).reshape(1, H, 1)
    w = np.arange(W, dtype=np.float64).reshape(1, 1, W)
    X = (0.5 + (0.15 + 0.3 * b / B) * np.sin(0.013 * h + 0.007 * w + 0.5 * b)).astype(np.float32)

    def work():
        mu = X.mean(axis=(1, 2), keepdims=True)
        sigma = X.std(axis=(1, 2), ddof=1, keepdims=True)
        Y = np.maximum(0.6 * ((X - mu) / sigma) + 0.2, 0) ** 1.8
        return np.mean((Y - X) ** 2)
    return work, float


def monte_carlo(m):  # monte_carlo.m
    T = env("T", 256)
    rng = generator()
    mu, sigma, dt = 0.05, 0.2, 1 / T
    mu_dt = np.float32((mu - 0.5 * sigma ** 2) * dt)
    sigma_sqdt = np.float32(sigma * math.sqrt(dt))

    def work():
        S = np.full(m, 100, dtype=np.float32)
        for _ in range(T):
            S = S * np.exp(mu_dt + sigma_sqdt * rng.standard_normal(m, dtype=np.float32))
        return np.mean(S)
    return work, float


def pca(n):  # pca.m; building A is not timed
    d = env("D", 1024)
    i = np.arange(1, n + 1, dtype=np.float64).reshape(n, 1)
    j = np.arange(1, d + 1, dtype=np.float64)
    A = np.sin(i * (0.1 + 0.001 * j) + j) / np.sqrt(j)

    def work():
        C = (A - A.mean(axis=0)).T @ (A - A.mean(axis=0)) / (n - 1)
        e = np.sort(np.linalg.eigvalsh(C))  # eig of a symmetric matrix, as MATLAB's eig
        return np.sum(e * np.arange(1, d + 1)) / d
    return work, float


def nlms(C):  # nlms.m; MATLAB's p-by-C is shape (p, C) here
    p, T = env("P", 128), env("T", 200)
    kk = np.arange(T + p - 1, dtype=np.float64).reshape(-1, 1)
    c = np.arange(C, dtype=np.float64)
    U = (np.sin(0.05 * kk + 0.3 * c) + 0.5 * np.sin(0.173 * kk + 0.011 * c)).astype(np.float32)
    h = np.exp(-np.arange(p, dtype=np.float64) / 16).astype(np.float32)
    D = np.zeros((T, C), dtype=np.float32)
    for q in range(p):
        D = D + h[q] * U[q:q + T]

    def work():
        W = np.zeros((p, C), dtype=np.float32)
        for t in range(T):
            X = U[t:t + p]
            y = np.sum(W * X, axis=0)
            e = D[t] - y
            W = W + 0.5 * X * (e / (np.sum(X ** 2, axis=0) + np.float32(1e-3)))
        return np.sum(W, dtype=np.float32)
    return work, float


def iir(m):  # iir.m
    T = env("T", 512)
    random = os.environ.get("RUNMAT_BENCH_RNG", "none") != "none"
    rng = generator() if random else None
    phi = (0.001 * np.arange(m, dtype=np.float64)).astype(np.float32)
    alpha, beta = np.float32(0.95), np.float32(0.05)

    def work():
        Y = np.zeros(m, dtype=np.float32)
        for t in range(1, T + 1):
            if random:
                Y = alpha * Y + beta * rng.random(m, dtype=np.float32)
            else:
                Y = alpha * Y + beta * np.sin(phi + np.float32(0.05 * t))
        return np.sum(Y, dtype=np.float32)
    return work, float


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
