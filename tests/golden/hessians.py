#!/usr/bin/python3
"""Hessians and Hessian-vector products of golden cases, by PyTorch in float64.

For each chosen case of generate.py, the objective as a function of all its params (flattened
and concatenated in declaration order): torch.autograd.functional.hessian gives H, and hvp gives
H·v for v = [1, -0.5, 0.25, 1, -0.5, 0.25, …]. Writes hessians/NAME.json.

    cd tests/golden && /usr/bin/python3 hessians.py
"""
import json, os
import torch
import generate as G

CHOSEN = ["sine", "lab2_scalar", "logistic_regression", "two_layer_tanh", "mlp_gmm", "softmax_vec",
          "cross_entropy_basic", "pow_caret", "tan", "conv2d_nchw_stride_padding", "batchnorm_features",
          "grad_penalty", "log_sigmoid_large", "maxpool_overlap_padding_ties"]

OUT = os.path.join(G.HERE, "hessians")


def main():
    os.makedirs(OUT, exist_ok=True)
    for name in CHOSEN:
        source, fn, _ = G.CASES[name]
        decls, defs, (obj, maximize, opt, args) = G.parse(name, source)
        params = [v for v, (kind, _) in decls.items() if kind == "param"]
        shapes = [decls[p][1].shape for p in params]
        sizes = [decls[p][1].numel() for p in params]
        fixed = {v: data.clone() for v, (kind, data) in decls.items() if kind != "param"}

        def objective(theta):
            tensors = dict(fixed)
            at = 0
            for p, shape, n in zip(params, shapes, sizes):
                tensors[p] = theta[at:at + n].reshape(shape)
                at += n
            return fn(**{G.py_name(v): tensors[v] for v in decls})[obj]

        theta = torch.cat([decls[p][1].reshape(-1).clone() for p in params])
        H = torch.autograd.functional.hessian(objective, theta)
        v = torch.tensor([[1.0, -0.5, 0.25][i % 3] for i in range(theta.numel())])
        _, Hv = torch.autograd.functional.hvp(objective, theta, v)
        doc = {"case": name, "params": params, "hessian": H.tolist(), "v": v.tolist(), "hvp": Hv.tolist()}
        with open(os.path.join(OUT, name + ".json"), "w") as f:
            json.dump(doc, f)
    print(f"wrote {len(CHOSEN)} Hessians to {os.path.relpath(OUT)}")


main()
