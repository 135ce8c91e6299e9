#!/usr/bin/python3
"""PyTorch twins of the runmat workloads, on CUDA when available (else CPU), timed with a
device synchronize around the repetitions; same output line as bench/numpy_cases.py.

usage: torch_cases.py CASE N REPS
"""
import math
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
