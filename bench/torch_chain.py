#!/usr/bin/env python3
"""PyTorch eager reference for bench/chain.m, plus the device's copy bandwidth, measured with
CUDA events in the same run. usage: torch_chain.py N [reps]"""
import sys
import statistics

import torch


def timed(fn, reps):
    times = []
    for _ in range(reps):
        start, stop = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        fn()
        stop.record()
        torch.cuda.synchronize()
        times.append(start.elapsed_time(stop))
    return statistics.median(times)


def main():
    n = int(float(sys.argv[1])) if len(sys.argv) > 1 else 100_000_000
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    x = torch.linspace(0, 4 * torch.pi, n, dtype=torch.float32, device="cuda")
    y = torch.empty_like(x)
    chain = lambda: torch.tanh(torch.sin(x) * torch.exp(-x / 10)) + 0.1 * x
    copy = lambda: y.copy_(x)
    chain(); copy(); torch.cuda.synchronize()  # warm up
    t_chain = timed(chain, reps)
    t_copy = timed(copy, reps)
    bytes_moved = 2 * 4 * n  # read x, write y
    print(f"torch {torch.__version__} on {torch.cuda.get_device_name()}")
    print(f"N={n}: torch eager chain {t_chain:.3f} ms; copy {t_copy:.3f} ms = "
          f"{bytes_moved / t_copy / 1e6:.1f} GB/s; checksum={chain().double().sum().item():.6e}")
    try:
        compiled = torch.compile(chain)
        compiled(); torch.cuda.synchronize()
        t_comp = timed(compiled, reps)
        print(f"torch.compile chain {t_comp:.3f} ms = {bytes_moved / t_comp / 1e6:.1f} GB/s")
    except Exception as e:  # torch.compile needs a compiler toolchain on the machine
        print(f"torch.compile unavailable: {e.__class__.__name__}")


if __name__ == "__main__":
    main()
