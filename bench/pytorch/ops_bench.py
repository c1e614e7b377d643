#!/usr/bin/env python3
"""PyTorch side of `./gradbook bench`: times the same workloads, named by the same specs.

Called by gradbook's benchmark (never by tests):
    /usr/bin/python3 bench/pytorch/ops_bench.py --dtype f32 --min-seconds 0.3 matmul:128x784x512 ...
Prints one line per spec: `spec<TAB>median seconds`. Timing mirrors the Java side: warm up,
repeat until the timed runs add up to --min-seconds (at least 5), report the median.
"""
import argparse
import os
import statistics
import time

import torch


def dims(text):
    return [int(v) for v in text.split("x")]


def operands(kind, mkn, randn):
    """The operands of an m x k by k x n product; B (matmul_tb) or A (matmul_ta) a transposed view."""
    m, k, n = mkn
    if kind == "matmul":
        return randn(m, k), randn(k, n)
    if kind == "matmul_tb":
        return randn(m, k), randn(n, k).t()
    x, dy = randn(k, m), randn(k, n)  # matmul_ta: Xᵀ·dY, X stored [k, m]
    return x.t(), dy


def setup(spec, dtype):
    kind, _, arg = spec.partition(":")
    g = torch.Generator().manual_seed(1)
    randn = lambda *shape: torch.randn(*shape, generator=g, dtype=dtype)
    if kind in ("matmul", "matmul_tb", "matmul_ta"):
        a, b = operands(kind, dims(arg), randn)
        return lambda: a @ b
    if kind in ("matmul_out", "matmul_tb_out", "matmul_ta_out"):
        # into an output allocated once, as gradbook's "reused out" rows do through its SPI
        m, k, n = dims(arg)
        a, b = operands(kind[:-len("_out")], (m, k, n), randn)
        out = torch.empty(m, n, dtype=dtype)
        return lambda: torch.mm(a, b, out=out)
    if kind == "add_bias":
        r, c = dims(arg); x, b = randn(r, c), randn(c)
        return lambda: x + b
    if kind == "mul":
        r, c = dims(arg); x, y = randn(r, c), randn(r, c)
        return lambda: x * y
    if kind == "relu":
        x = randn(*dims(arg)); return lambda: torch.relu(x)
    if kind == "exp":
        x = randn(*dims(arg)); return lambda: torch.exp(x)
    if kind == "softmax":
        x = randn(*dims(arg)); return lambda: torch.softmax(x, 1)
    if kind == "train_step":
        batch = int(arg)
        model = torch.nn.Sequential(
            torch.nn.Linear(784, 512), torch.nn.ReLU(), torch.nn.Dropout(0.2),
            torch.nn.Linear(512, 512), torch.nn.ReLU(), torch.nn.Dropout(0.2),
            torch.nn.Linear(512, 10)).to(dtype)
        opt = torch.optim.RMSprop(model.parameters(), lr=0.001, alpha=0.9, eps=1e-7)
        loss_fn = torch.nn.CrossEntropyLoss()
        x = torch.rand(batch, 784, generator=g, dtype=dtype)
        y = torch.randint(0, 10, (batch,), generator=g)

        def step():
            opt.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            opt.step()
        return step
    raise SystemExit(f"unknown workload spec {spec}")


def median_seconds(work, min_seconds):
    warm_end = time.perf_counter() + min_seconds * 0.5
    for i in range(200):
        work()
        if i >= 2 and time.perf_counter() > warm_end:
            break
    runs = []
    while len(runs) < 5 or sum(runs) < min_seconds:
        start = time.perf_counter()
        work()
        runs.append(time.perf_counter() - start)
        if len(runs) >= 1000:
            break
    return statistics.median(runs)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dtype", choices=["f32", "f64"], default="f32")
    p.add_argument("--min-seconds", type=float, default=0.3)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("specs", nargs="+")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    dtype = torch.float32 if a.dtype == "f32" else torch.float64
    for spec in a.specs:
        work = setup(spec, dtype)
        if spec.startswith("train_step"):
            seconds = median_seconds(work, a.min_seconds)
        else:
            with torch.no_grad():
                seconds = median_seconds(work, a.min_seconds)
        print(f"{spec}\t{seconds:.9f}", flush=True)


if __name__ == "__main__":
    main()
