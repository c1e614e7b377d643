#!/usr/bin/env python3
"""PyTorch reference for gradbook's seed recipe -- a benchmark companion, never a test dependency.

Trains the seed MLP (Dense 512 relu, Dropout 0.2, Dense 512 relu, Dropout 0.2, Dense 10 softmax)
with RMSprop (lr 0.001, rho 0.9, eps 1e-7: Keras' defaults), batch 128, categorical
cross-entropy, on the four standard IDX files of a directory (MNIST or Fashion-MNIST layout),
and prints one line per epoch plus a final JSON line that gradbook's benchmark reads.

Needs Debian's python3-torch (PyTorch 1.13 CPU). Usage:
    /usr/bin/python3 bench/pytorch/seed_mlp.py DIR [--epochs 20] [--batch-size 128]
                     [--dtype f32|f64] [--threads N] [--seed 1]
"""
import argparse
import gzip
import json
import os
import struct
import sys
import time

import torch


def read_idx(path):
    """Reads an IDX file (raw or gzip, detected by magic bytes) into a uint8 tensor."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    zero, dtype, ndim = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype != 0x08:
        sys.exit(f"{path}: not an unsigned-byte IDX file")
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    body = data[4 + 4 * ndim:]
    return torch.frombuffer(bytearray(body), dtype=torch.uint8).reshape(dims)


def find(directory, stem):
    for name in (stem + ".gz", stem):
        path = os.path.join(directory, name)
        if os.path.exists(path):
            return path
    sys.exit(f"{directory}: no {stem}[.gz]")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("data")
    p.add_argument("--epochs", type=int, default=20)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--dtype", choices=["f32", "f64"], default="f32")
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    dtype = torch.float32 if a.dtype == "f32" else torch.float64

    x_train = read_idx(find(a.data, "train-images-idx3-ubyte")).reshape(-1, 784).to(dtype) / 255
    y_train = read_idx(find(a.data, "train-labels-idx1-ubyte")).long()
    x_test = read_idx(find(a.data, "t10k-images-idx3-ubyte")).reshape(-1, 784).to(dtype) / 255
    y_test = read_idx(find(a.data, "t10k-labels-idx1-ubyte")).long()

    model = torch.nn.Sequential(
        torch.nn.Linear(784, 512), torch.nn.ReLU(), torch.nn.Dropout(0.2),
        torch.nn.Linear(512, 512), torch.nn.ReLU(), torch.nn.Dropout(0.2),
        torch.nn.Linear(512, 10)).to(dtype)
    for layer in model:
        if isinstance(layer, torch.nn.Linear):  # Keras defaults: glorot_uniform kernel, zero bias
            torch.nn.init.xavier_uniform_(layer.weight)
            torch.nn.init.zeros_(layer.bias)
    # Keras' RMSprop: lr 0.001, rho 0.9, epsilon 1e-7 (PyTorch calls rho "alpha")
    opt = torch.optim.RMSprop(model.parameters(), lr=0.001, alpha=0.9, eps=1e-7)
    loss_fn = torch.nn.CrossEntropyLoss()  # log-softmax + NLL: softmax + categorical CE, fused

    n = x_train.shape[0]
    epoch_seconds = []
    for epoch in range(a.epochs):
        model.train()
        start = time.perf_counter()
        perm = torch.randperm(n)
        total = 0.0
        for i in range(0, n, a.batch_size):
            idx = perm[i:i + a.batch_size]
            opt.zero_grad()
            loss = loss_fn(model(x_train[idx]), y_train[idx])
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
        epoch_seconds.append(time.perf_counter() - start)
        print(f"epoch {epoch + 1}/{a.epochs}  {epoch_seconds[-1]:.2f}s  loss {total / n:.4f}", flush=True)

    model.eval()
    with torch.no_grad():
        logits = model(x_test)
        test_loss = loss_fn(logits, y_test).item()
        test_acc = (logits.argmax(1) == y_test).double().mean().item()
    print(f"test loss {test_loss:.4f}  test accuracy {test_acc:.4f}")
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "dtype": a.dtype,
                      "epoch_seconds": epoch_seconds, "test_loss": test_loss, "test_accuracy": test_acc}))


if __name__ == "__main__":
    main()
