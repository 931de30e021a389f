#!/usr/bin/python3
"""Batch norm's running averages, checked against PyTorch in float64.

Writes model.nn, train.csv, test.csv and expected.json: a 2 -> 3 (batchnorm, relu) -> 2 MLP is
trained 3 epochs (batches of 4 rows of train.csv in file order, SGD lr 0.1) with the running
mean and (unbiased) running variance PyTorch keeps (momentum 0.1); then, in eval mode, the loss
and the per-split figures on both splits, as nnc's trainer reports them after the last epoch.

    cd tests/golden/batchnorm_eval && /usr/bin/python3 generate.py
"""
import json, os
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
HERE = os.path.dirname(os.path.abspath(__file__))

train = [[0.2, -0.5, 0], [1.0, 0.3, 1], [-0.7, 0.8, 1], [0.4, 1.2, 0],
         [0.9, -0.2, 1], [-0.3, -0.6, 0], [0.1, 0.4, 1], [-1.1, 0.2, 0]]
test = [[0.5, 0.5, 1], [-0.2, -0.9, 0], [0.7, -0.4, 0], [-0.6, 1.0, 1]]

MODEL = """\
# batch norm in training (batch statistics) and in evaluation (running averages)
input X[N, 2]
input labels[N]
data train = csv("train.csv", X = [x1, x2], labels = y)
data test  = csv("test.csv",  X = [x1, x2], labels = y)
param W1[2, 3] = [[0.5, -0.3, 0.8], [0.2, 0.7, -0.6]]
param b1[3] = [0.1, 0.0, -0.1]
param g1[3] = [1.2, 0.9, 1.1]
param c1[3] = [0.1, -0.1, 0.0]
param W2[3, 2] = [[0.3, -0.4], [0.6, 0.2], [-0.5, 0.7]]
param b2[2] = [0.05, -0.05]
h = relu(batchnorm(X @ W1 + b1, g1, c1))
z = h @ W2 + b2
L = cross_entropy(z, labels)
minimize L by sgd(lr = 0.1) for 3 epochs batch 4
"""

def write_csv(name, rows):
    with open(os.path.join(HERE, name), "w") as f:
        f.write("x1,x2,y\n")
        for r in rows:
            f.write(f"{r[0]},{r[1]},{r[2]}\n")

def main():
    with open(os.path.join(HERE, "model.nn"), "w") as f:
        f.write(MODEL)
    write_csv("train.csv", train)
    write_csv("test.csv", test)
    W1 = torch.tensor([[0.5, -0.3, 0.8], [0.2, 0.7, -0.6]], requires_grad=True)
    b1 = torch.tensor([0.1, 0.0, -0.1], requires_grad=True)
    g1 = torch.tensor([1.2, 0.9, 1.1], requires_grad=True)
    c1 = torch.tensor([0.1, -0.1, 0.0], requires_grad=True)
    W2 = torch.tensor([[0.3, -0.4], [0.6, 0.2], [-0.5, 0.7]], requires_grad=True)
    b2 = torch.tensor([0.05, -0.05], requires_grad=True)
    params = [W1, b1, g1, c1, W2, b2]
    rm, rv = torch.zeros(3), torch.ones(3)
    opt = torch.optim.SGD(params, lr=0.1)
    T = torch.tensor(train)
    last = None
    for epoch in range(3):
        for b in range(2):
            X, y = T[4 * b:4 * b + 4, :2], T[4 * b:4 * b + 4, 2].long()
            h = torch.relu(F.batch_norm(X @ W1 + b1, rm, rv, g1, c1, training=True, momentum=0.1, eps=1e-5))
            L = F.cross_entropy(h @ W2 + b2, y)
            opt.zero_grad()
            L.backward()
            opt.step()
            last = L.item()
    figures = {}
    with torch.no_grad():
        for name, rows in (("train", train), ("test", test)):
            D = torch.tensor(rows)
            h = torch.relu(F.batch_norm(D[:, :2] @ W1 + b1, rm, rv, g1, c1, training=False, eps=1e-5))
            figures[name] = {"L": F.cross_entropy(h @ W2 + b2, D[:, 2].long()).item()}
    out = {"final_loss": last, "splits": figures, "running_mean": rm.tolist(), "running_variance": rv.tolist(),
           "params": {n: p.detach().tolist() for n, p in zip(["W1", "b1", "g1", "c1", "W2", "b2"], params)}}
    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump(out, f, indent=1)

main()
