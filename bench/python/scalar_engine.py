#!/usr/bin/env python3
"""A micrograd-style scalar engine in plain Python, timed on the workload of gradbook's
`./gradbook bench-foundation`: forward and backward through a chain of LINKS links, each link
`y = y * 0.999999 + 1e-7`. Every constant is a leaf node of its own, as it is in gradbook's
Scalar, and the figure counts the two operation nodes of each link, as gradbook's does.

The engine below is the textbook one: each node keeps its value, its gradient, its parents and a
closure that passes the gradient back; backward() sorts the graph topologically (depth-first,
with an explicit stack, since a chain of 400,000 nodes is far deeper than Python's recursion
limit) and calls the closures from the root down. Written for gradbook's benchmarks; never a
test dependency.

    /usr/bin/python3 bench/python/scalar_engine.py [LINKS] [REPEATS]
"""
import statistics
import sys
import time


class Value:
    __slots__ = ("data", "grad", "parents", "backward_step")

    def __init__(self, data, parents=()):
        self.data = data
        self.grad = 0.0
        self.parents = parents
        self.backward_step = None

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other))

        def step():
            self.grad += out.grad
            other.grad += out.grad
        out.backward_step = step
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other))

        def step():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out.backward_step = step
        return out

    def backward(self):
        order, seen, stack = [], {id(self)}, [(self, 0)]
        while stack:
            node, next_parent = stack[-1]
            if next_parent < len(node.parents):
                stack[-1] = (node, next_parent + 1)
                parent = node.parents[next_parent]
                if id(parent) not in seen:
                    seen.add(id(parent))
                    stack.append((parent, 0))
            else:
                stack.pop()
                order.append(node)
        self.grad = 1.0
        for node in reversed(order):
            if node.backward_step is not None:
                node.backward_step()


def forward_backward(links):
    x = Value(0.5)
    y = x
    for _ in range(links):
        y = y * 0.999_999 + 1e-7
    y.backward()
    assert x.grad > 0


def main():
    links = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    forward_backward(links)  # warm-up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        forward_backward(links)
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(f"python scalar engine   forward+backward  {2 * links / median:12,.0f} nodes/s   "
          f"({links}-link chain, {median * 1e3:.1f} ms, median of {repeats})")


if __name__ == "__main__":
    main()
