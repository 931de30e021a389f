#!/usr/bin/python3
"""Optima for the second-order optimizers' tests (newton, lbfgs), by PyTorch in float64.

- mle: models/mle.nn's L(w) = Σᵢ (yᵢ − σ(w₀xᵢ + w₁))² on models/data/pts.npy from w = [−2, 2]:
  100,000 plain SGD steps at lr = 1 (what bench/w2_mle.nn's long run reaches), then Newton steps
  in torch (autograd Hessian) to polish to machine precision; both are written. Also the first
  step of nnc's newton(damping = 1e-3) from w = [−2, 2], by the rule docs/LANGUAGE.md states
  (shift s = max(μ, μ − λmin(H)), p = −(H + sI)⁻¹g, accepted when the gain ratio exceeds ¼, else
  μ doubles, quadruples, …) with torch.linalg.eigh.
- least_squares: second_order/least_squares.nn, optimum by torch.linalg.lstsq (closed form).
- logistic_l2: second_order/logistic_l2.nn, optimum by torch.optim.LBFGS(line_search_fn =
  "strong_wolfe") run to a gradient of 1e-14.
Writes second_order/NAME.json: {"w": [...], "b": ..., "L": ...}.

    cd tests/golden && /usr/bin/python3 second_order.py
"""
import json, os
import numpy as np
import torch

torch.set_default_dtype(torch.float64)
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "second_order")


def write(name, doc):
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print(name, doc)


def mle():
    pts = torch.tensor(np.load(os.path.join(HERE, "..", "..", "models", "data", "pts.npy")))
    x, y = pts[:, 0], pts[:, 1]
    loss = lambda w: ((y - torch.sigmoid(w[0] * x + w[1])) ** 2).sum()
    w = torch.tensor([-2.0, 2.0], requires_grad=True)
    for _ in range(100_000):
        L = loss(w)
        g, = torch.autograd.grad(L, w)
        with torch.no_grad():
            w -= 1.0 * g
    sgd_w, sgd_L = w.detach().clone(), loss(w).item()
    v = sgd_w.clone()
    for _ in range(5):   # Newton from the SGD optimum: H is positive definite there
        g = torch.autograd.functional.jacobian(loss, v)
        H = torch.autograd.functional.hessian(loss, v)
        v = v - torch.linalg.solve(H, g)
    first = damped_newton_step(loss, torch.tensor([-2.0, 2.0]), 1e-3)
    write("mle", {"newton_first_step": first.tolist(), "sgd_steps": 100_000, "sgd_lr": 1.0, "sgd_w": sgd_w.tolist(), "sgd_L": sgd_L,
                  "w": v.tolist(), "L": loss(v).item(),
                  "hessian": torch.autograd.functional.hessian(loss, v).tolist()})


def damped_newton_step(loss, w, mu):
    g = torch.autograd.functional.jacobian(loss, w)
    H = torch.autograd.functional.hessian(loss, w)
    lam, Q = torch.linalg.eigh(H)
    nu = 2
    while True:
        s = max(mu, mu - lam.min().item())
        p = -(Q @ ((Q.T @ g) / (lam + s)))
        predicted = -(g @ p + 0.5 * p @ H @ p)
        if (loss(w) - loss(w + p)) / predicted > 0.25:
            return w + p
        mu, nu = mu * nu, nu * 2


def least_squares():
    X = torch.tensor([[1, 2], [2, 0.5], [-1, 1], [0.3, -2], [1.5, 1.5], [-0.7, -0.2]])
    y = torch.tensor([3.1, 1.9, -0.4, -2.2, 4.0, -1.3])
    A = torch.cat([X, torch.ones(6, 1)], dim=1)
    sol = torch.linalg.lstsq(A, y.unsqueeze(1)).solution.squeeze(1)
    L = ((A @ sol - y) ** 2).sum()
    write("least_squares", {"w": sol[:2].tolist(), "b": sol[2].item(), "L": L.item()})


def logistic_l2():
    X = torch.tensor([[0.5, 1.2], [-1.1, 0.3], [2.0, -0.4], [0.1, 0.1], [-0.6, -1.5], [1.4, 0.9], [-2.0, 0.8], [0.7, -0.9]])
    y = torch.tensor([1.0, 0, 1, 0, 0, 1, 0, 1])
    w = torch.zeros(2, requires_grad=True)
    b = torch.zeros((), requires_grad=True)

    def loss():
        p = torch.sigmoid(X @ w + b)
        return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean() + 0.05 * (w ** 2).sum()

    opt = torch.optim.LBFGS([w, b], lr=1, max_iter=1000, tolerance_grad=1e-14, tolerance_change=0,
                            history_size=10, line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        L = loss()
        L.backward()
        return L

    opt.step(closure)
    write("logistic_l2", {"w": w.detach().tolist(), "b": b.item(), "L": loss().item()})


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    mle()
    least_squares()
    logistic_l2()
