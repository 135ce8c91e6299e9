#!/usr/bin/python3
"""PyTorch twins of the runmat workloads, on CUDA when available (else CPU), timed with a
device synchronize around the repetitions; same output line as bench/numpy_cases.py.

usage: torch_cases.py CASE N REPS
"""
import math
import os
import sys
import time

import torch

DEV = "cuda" if torch.cuda.is_available() else "cpu"


def sync():
    if DEV == "cuda":
        torch.cuda.synchronize()


def chain(n):
    x = torch.linspace(0, 4 * math.pi, n, dtype=torch.float64, device=DEV).float()
    return (lambda: torch.tanh(torch.sin(x) * torch.exp(-x / 10)) + 0.1 * x), \
        (lambda y: float(y.sum()))


def reduction(n):
    rows = n // 64
    X = torch.sin(torch.linspace(0, 100, rows * 64, dtype=torch.float64, device=DEV))
    X = X.reshape(64, rows).T  # column-major, as MATLAB's reshape
    return (lambda: (X.mean(dim=0), X.std(dim=0, unbiased=True))), \
        (lambda ms: float(ms[0].sum() + ms[1].sum()))


def rms(n):
    x = torch.linspace(-1, 1, n, dtype=torch.float64, device=DEV)
    return (lambda: float(torch.sqrt(torch.mean(x ** 2)))), (lambda r: r)


def scalar_loop(n):
    def work():  # scalars stay Python floats: that is what a PyTorch user would write
        acc = 0.0
        for k in range(1, n + 1):
            acc = acc + math.sin(k) * 0.5 + k % 7
        return acc
    return work, (lambda acc: acc)


def env(name, default):
    return int(float(os.environ.get(f"RUNMAT_BENCH_{name}", default)))


def generator():
    """One seeded generator on the device for either RUNMAT_BENCH_RNG mode: PyTorch has no
    choice of engine (CUDA's is Philox4x32-10, the CPU's mt19937)."""
    return torch.Generator(device=DEV).manual_seed(42)


def elementwise(n):  # elementwise.m: linspace is part of the timed work
    def work():
        x = torch.linspace(0, 4 * math.pi, n, dtype=torch.float64, device=DEV).float()
        return torch.sum(torch.tanh(torch.sin(x) * torch.exp(-0.1 * x) + torch.cos(x) ** 2))
    return work, float


def image_normalize(_n):  # image_normalize.m; MATLAB's B-by-H-by-W is shape (B, H, W) here
    B, H, W = env("B", 8), env("H", 1080), env("W", 1920)
    f64 = dict(dtype=torch.float64, device=DEV)
    b = torch.arange(1, B + 1, **f64).reshape(B, 1, 1)
    h = torch.arange(H, **f64).reshape(1, H, 1)
    w = torch.arange(W, **f64).reshape(1, 1, W)
    X = (0.5 + (0.15 + 0.3 * b / B) * torch.sin(0.013 * h + 0.007 * w + 0.5 * b)).float()

    def work():
        mu = X.mean(dim=(1, 2), keepdim=True)
        sigma = X.std(dim=(1, 2), correction=1, keepdim=True)
        Y = torch.clamp(0.6 * ((X - mu) / sigma) + 0.2, min=0) ** 1.8
        return torch.mean((Y - X) ** 2)
    return work, float


def monte_carlo(m):  # monte_carlo.m
    T = env("T", 256)
    g = generator()
    mu, sigma, dt = 0.05, 0.2, 1 / T
    mu_dt = (mu - 0.5 * sigma ** 2) * dt
    sigma_sqdt = sigma * math.sqrt(dt)

    def work():
        S = torch.full((m,), 100.0, dtype=torch.float32, device=DEV)
        for _ in range(T):
            z = torch.randn(m, generator=g, dtype=torch.float32, device=DEV)
            S = S * torch.exp(mu_dt + sigma_sqdt * z)
        return torch.mean(S)
    return work, float


def pca(n):  # pca.m; building A is not timed
    d = env("D", 1024)
    i = torch.arange(1, n + 1, dtype=torch.float64, device=DEV).reshape(n, 1)
    j = torch.arange(1, d + 1, dtype=torch.float64, device=DEV)
    A = torch.sin(i * (0.1 + 0.001 * j) + j) / torch.sqrt(j)

    def work():
        C = (A - A.mean(dim=0)).T @ (A - A.mean(dim=0)) / (n - 1)
        e = torch.sort(torch.linalg.eigvalsh(C)).values
        return torch.sum(e * torch.arange(1, d + 1, dtype=torch.float64, device=DEV)) / d
    return work, float


def nlms(C):  # nlms.m; MATLAB's p-by-C is shape (p, C) here
    p, T = env("P", 128), env("T", 200)
    kk = torch.arange(T + p - 1, dtype=torch.float64, device=DEV).reshape(-1, 1)
    c = torch.arange(C, dtype=torch.float64, device=DEV)
    U = (torch.sin(0.05 * kk + 0.3 * c) + 0.5 * torch.sin(0.173 * kk + 0.011 * c)).float()
    h = torch.exp(-torch.arange(p, dtype=torch.float64, device=DEV) / 16).float()
    D = torch.zeros((T, C), dtype=torch.float32, device=DEV)
    for q in range(p):
        D = D + h[q] * U[q:q + T]

    def work():
        W = torch.zeros((p, C), dtype=torch.float32, device=DEV)
        for t in range(T):
            X = U[t:t + p]
            y = torch.sum(W * X, dim=0)
            e = D[t] - y
            W = W + 0.5 * X * (e / (torch.sum(X ** 2, dim=0) + 1e-3))
        return torch.sum(W)
    return work, float


def iir(m):  # iir.m
    T = env("T", 512)
    random = os.environ.get("RUNMAT_BENCH_RNG", "none") != "none"
    g = generator() if random else None
    phi = (0.001 * torch.arange(m, dtype=torch.float64, device=DEV)).float()

    def work():
        Y = torch.zeros(m, dtype=torch.float32, device=DEV)
        for t in range(1, T + 1):
            if random:
                Y = 0.95 * Y + 0.05 * torch.rand(m, generator=g, dtype=torch.float32, device=DEV)
            else:
                Y = 0.95 * Y + 0.05 * torch.sin(phi + 0.05 * t)
        return torch.sum(Y)
    return work, float


def main():
    case, n, reps = sys.argv[1], int(float(sys.argv[2])), int(sys.argv[3])
    work, checksum = globals()[case](n)
    work()  # warm-up: CUDA context, kernels
    sync()
    start = time.perf_counter()
    for _ in range(reps):
        out = work()
    sync()
    t = (time.perf_counter() - start) / reps
    print(f"N={n} reps={reps} checksum={checksum(out):.15e} inproc={t:.9e} device=torch-{DEV}")


if __name__ == "__main__":
    main()
