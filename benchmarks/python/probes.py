"""PyTorch / NumPy side of org.mljava.benchmarks.Probes (same arguments): steps mlp|cnn, ops, adam."""
import resource
import sys
import time

import numpy as np
import torch

torch.set_num_threads(1)
torch.set_num_interop_threads(1)
torch.manual_seed(1)
nn = torch.nn


def faults():
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def steps(cnn):
    n = 20 if cnn else 500
    if cnn:
        model = nn.Sequential(nn.Conv2d(1, 32, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 5, padding=2),
                              nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(3136, 1024), nn.ReLU(), nn.Dropout(0.5),
                              nn.Linear(1024, 10))
        x = torch.rand(64, 1, 28, 28)
    else:
        model = nn.Sequential(nn.Linear(784, 32), nn.ReLU(), nn.Linear(32, 16), nn.ReLU(), nn.Linear(16, 10))
        x = torch.rand(64, 784)
    y = torch.randint(0, 10, (64,))
    opt = torch.optim.Adam(model.parameters(), lr=0.001)
    loss_fn = nn.CrossEntropyLoss()
    for r in range(3):
        t = [0.0, 0.0, 0.0]
        f0 = faults()
        for _ in range(n):
            opt.zero_grad()
            t0 = time.perf_counter()
            loss = loss_fn(model(x), y)
            t1 = time.perf_counter()
            loss.backward()
            t2 = time.perf_counter()
            opt.step()
            t3 = time.perf_counter()
            t[0] += t1 - t0
            t[1] += t2 - t1
            t[2] += t3 - t2
        print('PyTorch %s round %d, ms per step: forward+loss %.3f, backward %.3f, adam %.3f; page faults per step %d'
              % ('cnn' if cnn else 'mlp', r, *[v * 1e3 / n for v in t], (faults() - f0) // n))


def ops():
    g = np.random.RandomState(1)
    x, w, d = g.uniform(-1, 1, (100, 784)), g.uniform(-1, 1, (50, 784)), g.uniform(-1, 1, (100, 50))
    n = 2000
    for r in range(3):
        t0 = time.perf_counter()
        for _ in range(n):
            np.dot(x, w.T)
        t1 = time.perf_counter()
        for _ in range(n):
            np.dot(d.T, x)
        t2 = time.perf_counter()
        for _ in range(n):
            d + 1.0
        t3 = time.perf_counter()
        print('NumPy float64 round %d, us per op: X W^T %.1f, D^T X %.1f, D + 1 %.1f'
              % (r, (t1 - t0) / n * 1e6, (t2 - t1) / n * 1e6, (t3 - t2) / n * 1e6))


def adam():
    w = torch.randn(1024, 3136, requires_grad=True)
    g = torch.randn(1024, 3136) * 0.01
    opt = torch.optim.Adam([w], lr=0.001)
    for r in range(3):
        f0 = faults()
        t0 = time.perf_counter()
        for _ in range(20):
            w.grad = g.clone()
            opt.step()
        print('PyTorch adam round %d: %.1f ms per update of 1024 x 3136 (the gradient copy included), page faults per update %d'
              % (r, (time.perf_counter() - t0) / 20 * 1e3, (faults() - f0) // 20))


if __name__ == '__main__':
    {'steps': lambda: steps(sys.argv[2] == 'cnn'), 'ops': ops, 'adam': adam}[sys.argv[1]]()
