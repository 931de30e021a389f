#!/usr/bin/python3
"""Independent numbers for the mle and gmm transcripts, computed by PyTorch in float64.

mle.nn: w = [-2, 2] on data/pts.npy. sine.nn: the Hessian that explain --second prints. gmm.nn: its uniform(-1, 1) initial params are drawn here
with splitmix64 (seed 42, declaration order, row-major: the rule docs/LANGUAGE.md states), on
data/gmm_train.csv. Writes expected_numbers.json: the objective and every gradient.

    cd tests/transcripts && /usr/bin/python3 check_numbers.py
"""
import csv, json, math, os
import numpy as np
import torch

torch.set_default_dtype(torch.float64)
HERE = os.path.dirname(os.path.abspath(__file__))
MODELS = os.path.join(HERE, "..", "..", "models")
MASK = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def unit(self):
        return (self.next() >> 11) * 2.0 ** -53


def mle():
    pts = np.load(os.path.join(MODELS, "data", "pts.npy"))
    x, y = torch.tensor(pts[:, 0]), torch.tensor(pts[:, 1])
    w = torch.tensor([-2.0, 2.0], requires_grad=True)
    L = torch.sum((y - torch.sigmoid(w[0] * x + w[1])) ** 2)
    L.backward()
    return {"L": L.item(), "w": w.grad.tolist()}


def gmm():
    rows = list(csv.DictReader(open(os.path.join(MODELS, "data", "gmm_train.csv"))))
    X = torch.tensor([[float(r["x1"]), float(r["x2"])] for r in rows])
    y = torch.tensor([float(r["y"]) for r in rows])
    r = SplitMix64(42)
    draw = lambda *shape: torch.tensor([-1 + 2 * r.unit() for _ in range(int(np.prod(shape)))]).reshape(shape)
    W1, b1, W2, b2 = draw(2, 5), draw(5), draw(5, 1), draw(1)
    params = [W1, b1, W2, b2]
    for p in params:
        p.requires_grad_(True)
    p = torch.sigmoid(torch.relu(X @ W1 + b1) @ W2 + b2)[:, 0]
    L = -torch.mean(y * torch.log(p) + (1 - y) * torch.log(1 - p))
    L.backward()
    return {"L": L.item(), **{n: t.grad.reshape(-1).tolist() for n, t in zip(["W1", "b1", "W2", "b2"], params)}}


def sine_hessian():
    """models/sine.nn's Hessian (explain --second): by hand 2·x·xᵀ = [[8, 4], [4, 2]] at w·x = 2π."""
    x, t = torch.tensor([2.0, 1.0]), 2.0
    L = lambda w: (torch.sin(w @ x) - 0 - t) ** 2
    H = torch.autograd.functional.hessian(L, torch.tensor([math.pi / 2, math.pi]))
    return {"w": H.tolist()}


json.dump({"mle": mle(), "gmm": gmm(), "sine_hessian": sine_hessian()}, open(os.path.join(HERE, "expected_numbers.json"), "w"), indent=1)
