#!/usr/bin/python3
"""Golden-value corpus for nnc, computed by an independent oracle: PyTorch in float64.

Each case below is a `.nn` model (NN source) written beside the PyTorch code that computes
it. Running this script WRITES both files of every case, so the two can never drift:

    cases/NAME.nn             the model, exactly the NN source below
    cases/NAME.expected.json  what `nnc grad --json cases/NAME.nn` must answer

    cd tests/golden && /usr/bin/python3 generate.py

The harness parses only the declarations of each model (param / input / const / dim, the
definitions' names and the minimize/maximize line); the arithmetic is never parsed: it is
the hand-written PyTorch function. The harness checks that the function takes exactly the
declared names and returns exactly the definitions, in source order.

Function arguments are the model's params (leaf tensors with requires_grad), inputs and
consts (plain tensors), float64, scalars as 0-d tensors. A name that is a Python keyword
(`class`) arrives with a trailing underscore (`class_`). The function returns a dict
{definition name: tensor} in source order.
"""

import json
import keyword
import inspect
import math
import os
import re
import sys
import textwrap

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "cases")

CASES = {}  # name -> (nn source, torch function, options)


def case(name, source, crlf=False):
    """Registers a case: `source` is the .nn text, the decorated function its PyTorch twin."""
    def register(fn):
        assert name not in CASES, name
        CASES[name] = (textwrap.dedent(source).strip("\n") + "\n", fn, {"crlf": crlf})
        return fn
    return register


def f64(b):
    """A comparison result (bool) as the 0/1 float64 tensor nnc produces."""
    return b.to(torch.float64)


ZERO = torch.tensor(0.0)

# ==========================================================================================
# Seeds
# ==========================================================================================

@case("sine", """
    # seed: lab_3 exercise 1 — one sine neuron
    param w[2] = [pi/2, pi]
    input x[2] = [2, 1]
    input t    = 2            # the label
    const b    = 0

    y = sin(w · x) - b
    L = (y - t)^2

    minimize L by sgd(lr = 0.5) for 1 steps
""")
def _(w, x, t, b):
    y = torch.sin(torch.dot(w, x)) - b
    L = (y - t) ** 2
    return {"y": y, "L": L}


@case("lab2_scalar", """
    # seed: lab 2 — scalar graph with a max node
    param w = 1
    input x = 2
    input t = 3
    const b = 4

    a = x + b
    y = max(a * w, 0)
    l = (y - t)^2 + w^2

    minimize l by sgd(lr = 0.1) for 1 steps
""")
def _(w, x, t, b):
    a = x + b
    y = torch.maximum(a * w, ZERO)
    l = (y - t) ** 2 + w ** 2
    return {"a": a, "y": y, "l": l}

# ==========================================================================================
# + - * / with NumPy broadcasting
# ==========================================================================================

@case("add_scalar_vector", """
    # scalar + vector
    param w = 0.7
    input x[3] = [1.5, -2, 0.25]
    y = x + w
    L = sum(y * y)
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(w, x):
    y = x + w
    L = torch.sum(y * y)
    return {"y": y, "L": L}


@case("add_vector_matrix", """
    # [3] + [2, 3]: the vector is added to every row; its gradient sums over rows
    param b[3] = [0.1, -0.4, 0.9]
    input X[2, 3] = [[1, 2, 3], [-1, 0.5, 2]]
    param c = -0.3
    Y = X + b
    Z = c + Y          # scalar + matrix
    L = sum(Z * Y) / 2
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(b, X, c):
    Y = X + b
    Z = c + Y
    L = torch.sum(Z * Y) / 2
    return {"Y": Y, "Z": Z, "L": L}


@case("sub_col_row", """
    # [2, 1] - [1, 3] broadcasts to [2, 3]
    param u[2, 1] = [[0.5], [-1.5]]
    param v[1, 3] = [[2, -0.25, 1]]
    const C[2, 3] = [[1, 2, 3], [4, 5, 6]]
    D = u - v
    L = sum(D^2 * C)
    minimize L by sgd(lr = 0.01) for 1 steps
""")
def _(u, v, C):
    D = u - v
    L = torch.sum(D ** 2 * C)
    return {"D": D, "L": L}


@case("mul_col_row", """
    # [2, 1] * [1, 3]: an outer product by broadcasting
    param u[2, 1] = [[1.5], [-0.5]]
    param v[1, 3] = [[0.2, -1, 3]]
    input W[2, 3] = [[1, -2, 0.5], [3, 1, -1]]
    P = u * v
    L = sum(P * W)
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(u, v, W):
    P = u * v
    L = torch.sum(P * W)
    return {"P": P, "L": L}


@case("div_matrix_vector", """
    # [2, 3] / [3]: every row divided by the same vector
    param X[2, 3] = [[1, -2, 3], [0.5, 4, -1]]
    param d[3] = [2, -0.5, 4]
    Q = X / d
    L = sum(Q^2)
    minimize L by sgd(lr = 0.01) for 1 steps
""")
def _(X, d):
    Q = X / d
    L = torch.sum(Q ** 2)
    return {"Q": Q, "L": L}


@case("div_scalar_vector", """
    # scalar / vector and vector / scalar
    param s = 3
    param v[3] = [1.5, -2, 0.5]
    r = s / v
    q = v / s
    L = sum(r) + sum(q * q)
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(s, v):
    r = s / v
    q = v / s
    L = torch.sum(r) + torch.sum(q * q)
    return {"r": r, "q": q, "L": L}


@case("mul_scalar_matrix", """
    # scalar * matrix, matrix * literal
    param k = -0.5
    param A[2, 2] = [[1, 2], [3, -4]]
    B = k * A
    C = A * 2.5
    L = sum(B * C) + k^2
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(k, A):
    B = k * A
    C = A * 2.5
    L = torch.sum(B * C) + k ** 2
    return {"B": B, "C": C, "L": L}


@case("sub_vector_matrix", """
    # [3] - [2, 3] and [2, 3] - scalar
    param b[3] = [1, -1, 0.5]
    param X[2, 3] = [[0.3, 0.7, -1.2], [2, -0.4, 0.1]]
    D = b - X
    E = X - 0.25
    L = sum(D * E)
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(b, X):
    D = b - X
    E = X - 0.25
    L = torch.sum(D * E)
    return {"D": D, "E": E, "L": L}


@case("broadcast_row_matrix_mul", """
    # [1, 3] * [2, 3] and [2, 1] / [2, 3]
    param r[1, 3] = [[2, -1, 0.5]]
    param c[2, 1] = [[3], [-2]]
    input X[2, 3] = [[1, 2, -1], [0.5, -3, 4]]
    A = r * X
    B = c / X
    L = sum(A * B) + sum(A)
    minimize L by sgd(lr = 0.05) for 1 steps
""")
def _(r, c, X):
    A = r * X
    B = c / X
    L = torch.sum(A * B) + torch.sum(A)
    return {"A": A, "B": B, "L": L}

# ==========================================================================================
# unary minus, associativity, precedence
# ==========================================================================================

@case("neg_unary", """
    # unary minus, also right after a binary operator
    param x[3] = [1.5, -2, 0.5]
    input v[3] = [2, 3, -1]
    a = -x
    b = x * -v
    c = -(x + v) / -2
    L = sum(a * b) + sum(c^2)
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(x, v):
    a = -x
    b = x * -v
    c = -(x + v) / -2
    L = torch.sum(a * b) + torch.sum(c ** 2)
    return {"a": a, "b": b, "c": c, "L": L}


@case("assoc_left", """
    # - and / are left-associative; / and * share one level
    param a = 7
    param b = 2
    param c = 0.5
    d = a - b - c      # (a - b) - c = 4.5
    q = a / b / c      # (a / b) / c = 7
    m = a / b * c      # (a / b) * c = 1.75
    L = d * q + m
    minimize L by sgd(lr = 0.01) for 1 steps
""")
def _(a, b, c):
    d = (a - b) - c
    q = (a / b) / c
    m = (a / b) * c
    L = d * q + m
    return {"d": d, "q": q, "m": m, "L": L}


@case("precedence_dot", """
    # · shares the level of * and /: w · x + b is (w · x) + b
    param w[3] = [0.5, -1, 2]
    input x[3] = [1, 2, 3]
    param b = 0.25
    s = w · x + b            # (w · x) + b = 4.75
    t = b + w · x * 2        # b + ((w · x) * 2) = 9.25
    u = w · x * w            # (w · x) * w, a vector
    L = s * t + sum(u)
    minimize L by sgd(lr = 0.01) for 1 steps
""")
def _(w, x, b):
    s = torch.dot(w, x) + b
    t = b + torch.dot(w, x) * 2
    u = torch.dot(w, x) * w
    L = s * t + torch.sum(u)
    return {"s": s, "t": t, "u": u, "L": L}


@case("precedence_matmul_mul", """
    # @ and * share one level, left to right: A @ x * s is (A @ x) * s,
    # s * A @ x is (s * A) @ x, x @ A.T / 2 is (x @ A.T) / 2
    param A[2, 2] = [[1, -2], [0.5, 3]]
    input x[2] = [2, -1]
    param s[2] = [0.5, 1.5]
    p = A @ x * s
    q = s * A @ x
    r = x @ A.T / 2
    L = sum(p) + sum(q^2) + sum(r)
    minimize L by sgd(lr = 0.01) for 1 steps
""")
def _(A, x, s):
    p = (A @ x) * s
    q = (s * A) @ x
    r = (x @ A.T) / 2
    L = torch.sum(p) + torch.sum(q ** 2) + torch.sum(r)
    return {"p": p, "q": q, "r": r, "L": L}

# ==========================================================================================
# ^ and pow
# ==========================================================================================

@case("pow_caret", """
    # integer, fractional and negative exponents
    param x[3] = [1.5, 2, 0.5]
    a = x^3
    b = x^0.5
    c = x^-2
    L = sum(a) + sum(b) - sum(c)
    minimize L by sgd(lr = 0.01) for 1 steps
""")
def _(x):
    a = x ** 3
    b = x ** 0.5
    c = x ** -2
    L = torch.sum(a) + torch.sum(b) - torch.sum(c)
    return {"a": a, "b": b, "c": c, "L": L}


@case("pow_right_assoc", """
    # ^ is right-associative: a^b^c = a^(b^c)
    param a = 1.5
    param b = 0.8
    input c = 2
    r = a^b^c        # 1.5^0.64
    s = (a^b)^c      # 1.5^1.6
    L = r + s
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(a, b, c):
    r = a ** (b ** c)
    s = (a ** b) ** c
    L = r + s
    return {"r": r, "s": s, "L": L}


@case("neg_pow", """
    # ^ binds tighter than unary minus: -x^2 = -(x^2)
    param x = 3
    input k = 2
    a = -x^2        # -9
    b = (-x)^2      # 9
    c = -k^2 * x    # -(k^2) * x = -12
    L = a + 2 * b + c
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(x, k):
    a = -(x ** 2)
    b = (-x) ** 2
    c = -(k ** 2) * x
    L = a + 2 * b + c
    return {"a": a, "b": b, "c": c, "L": L}


@case("pow_fn", """
    # pow(a, b) elementwise, gradient with respect to both base and exponent
    param a[3] = [1.2, 2, 0.5]
    param b[3] = [2, 0.5, 3]
    p = pow(a, b)
    L = sum(p)
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(a, b):
    p = torch.pow(a, b)
    L = torch.sum(p)
    return {"p": p, "L": L}


@case("pow_broadcast", """
    # pow(matrix, scalar param) and scalar ^ matrix
    param X[2, 2] = [[1.5, 0.5], [2, 3]]
    param e = 1.5
    input base = 2
    P = pow(X, e)
    Q = base^X
    L = sum(P) + sum(Q) * 0.1
    minimize L by sgd(lr = 0.01) for 1 steps
""")
def _(X, e, base):
    P = torch.pow(X, e)
    Q = base ** X
    L = torch.sum(P) + torch.sum(Q) * 0.1
    return {"P": P, "Q": Q, "L": L}

# ==========================================================================================
# comparisons (0/1 values, derivative 0)
# ==========================================================================================

@case("cmp_gt_lt", """
    param x[4] = [1.5, -0.5, -2, 3]
    m = x > 0
    n = x < -1
    L = sum(m * x^2) + sum(n * x)
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(x):
    m = f64(x > 0)
    n = f64(x < -1)
    L = torch.sum(m * x ** 2) + torch.sum(n * x)
    return {"m": m, "n": n, "L": L}


@case("cmp_ge_le_ties", """
    # exact ties: 2 >= 2 and 2 <= 2 are both 1
    param x[3] = [1, 2, 3]
    input t = 2
    ge = x >= t
    le = x <= t
    L = sum(ge * x * 3) + sum(le * x^2)
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(x, t):
    ge = f64(x >= t)
    le = f64(x <= t)
    L = torch.sum(ge * x * 3) + torch.sum(le * x ** 2)
    return {"ge": ge, "le": le, "L": L}


@case("cmp_eq_ne", """
    param w[4] = [0.5, 2, -1, 2]
    input y[4] = [0.5, 1, -1, 3]
    eq = w == y
    ne = w != y
    L = sum(eq * w^2) - sum(ne * w)
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(w, y):
    eq = f64(w == y)
    ne = f64(w != y)
    L = torch.sum(eq * w ** 2) - torch.sum(ne * w)
    return {"eq": eq, "ne": ne, "L": L}


@case("cmp_precedence", """
    # comparisons bind loosest: x + 1 > 2 * y is (x + 1) > (2 * y)
    param x[3] = [0.5, 1.5, 2.5]
    input y[3] = [1, 0.5, 2]
    g = x + 1 > 2 * y
    L = sum(g * x^2) + sum(x)
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(x, y):
    g = f64((x + 1) > (2 * y))
    L = torch.sum(g * x ** 2) + torch.sum(x)
    return {"g": g, "L": L}


@case("cmp_param_only", """
    # v reaches L only through a comparison: its gradient is zero
    param v[2] = [0.3, -0.7]
    param w[2] = [1.5, 2]
    m = v > 0
    L = sum(m * w^2)
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(v, w):
    m = f64(v > 0)
    L = torch.sum(m * w ** 2)
    return {"m": m, "L": L}


@case("cmp_no_grad", """
    # the objective depends on the param only through a comparison: all gradients zero
    param v = 2
    input x[3] = [1, 2.5, 3]
    c = x > v
    L = sum(c * x)
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(v, x):
    c = f64(x > v)
    L = torch.sum(c * x)
    return {"c": c, "L": L}

# ==========================================================================================
# · dot @ transpose .T
# ==========================================================================================

@case("dot_middot", """
    param w[3] = [0.2, -0.5, 1.1]
    input x[3] = [3, 1, -2]
    s = w · x
    L = (s - 1)^2
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(w, x):
    s = torch.dot(w, x)
    L = (s - 1) ** 2
    return {"s": s, "L": L}


@case("dot_fn", """
    param a[4] = [1, -2, 0.5, 3]
    param b[4] = [0.5, 1.5, -1, 2]
    s = dot(a, b)
    r = dot(a, a)
    L = s * r
    minimize L by sgd(lr = 0.01) for 1 steps
""")
def _(a, b):
    s = torch.dot(a, b)
    r = torch.dot(a, a)
    L = s * r
    return {"s": s, "r": r, "L": L}


@case("matmul_mm", """
    # [2, 3] @ [3, 2]
    param A[2, 3] = [[1, -1, 2], [0.5, 3, -2]]
    param B[3, 2] = [[2, 0.5], [-1, 1], [0.25, -3]]
    const M[2, 2] = [[1, 2], [3, 4]]
    C = A @ B
    L = sum(C^2 * M) / 10
    minimize L by sgd(lr = 0.01) for 1 steps
""")
def _(A, B, M):
    C = A @ B
    L = torch.sum(C ** 2 * M) / 10
    return {"C": C, "L": L}


@case("matmul_mv", """
    # [2, 3] @ [3] -> [2]
    param W[2, 3] = [[0.5, -1, 2], [1.5, 0.25, -0.5]]
    input x[3] = [1, 2, -1]
    param b[2] = [0.1, -0.2]
    y = W @ x + b
    L = sum(y^2)
    minimize L by sgd(lr = 0.05) for 1 steps
""")
def _(W, x, b):
    y = W @ x + b
    L = torch.sum(y ** 2)
    return {"y": y, "L": L}


@case("matmul_vm", """
    # [3] @ [3, 2] -> [2]
    param W[3, 2] = [[1, -0.5], [2, 0.25], [-1, 3]]
    param x[3] = [0.5, -1, 2]
    const c[2] = [1, -2]
    y = x @ W
    L = sum(y * c) + sum(y^2) / 4
    minimize L by sgd(lr = 0.05) for 1 steps
""")
def _(W, x, c):
    y = x @ W
    L = torch.sum(y * c) + torch.sum(y ** 2) / 4
    return {"y": y, "L": L}


@case("matmul_vv", """
    # [4] @ [4] -> scalar (inner product)
    param u[4] = [1, 2, -1, 0.5]
    param v[4] = [-0.5, 1, 3, 2]
    s = u @ v
    L = s^2
    minimize L by sgd(lr = 0.01) for 1 steps
""")
def _(u, v):
    s = u @ v
    L = s ** 2
    return {"s": s, "L": L}


@case("matmul_chain", """
    # @ is left-associative: x @ W1 @ W2 = (x @ W1) @ W2
    input x[2] = [1, -2]
    param W1[2, 3] = [[0.5, -1, 2], [1, 0.25, -0.5]]
    param W2[3, 2] = [[1, 2], [-1, 0.5], [0.5, -2]]
    param A[2, 2] = [[2, -1], [1, 3]]
    y = x @ W1 @ W2
    M = A @ A @ A
    L = sum(y^2) + sum(M) / 10
    minimize L by sgd(lr = 0.01) for 1 steps
""")
def _(x, W1, W2, A):
    y = (x @ W1) @ W2
    M = (A @ A) @ A
    L = torch.sum(y ** 2) + torch.sum(M) / 10
    return {"y": y, "M": M, "L": L}


@case("transpose_fn", """
    param A[2, 3] = [[1, 2, -1], [0.5, -3, 2]]
    input x[2] = [1.5, -1]
    y = transpose(A) @ x
    G = transpose(A) @ A
    L = sum(y^2) + sum(G) / 4
    minimize L by sgd(lr = 0.01) for 1 steps
""")
def _(A, x):
    y = torch.transpose(A, 0, 1) @ x
    G = torch.transpose(A, 0, 1) @ A
    L = torch.sum(y ** 2) + torch.sum(G) / 4
    return {"y": y, "G": G, "L": L}


@case("transpose_attr", """
    # A.T binds tightest: A.T * B, (A @ B).T, x @ A.T
    param A[2, 3] = [[1, -2, 0.5], [3, 1, -1]]
    param B[3, 2] = [[0.5, 2], [-1, 1.5], [2, -0.5]]
    input x[3] = [1, 0.5, -2]
    const M[2, 2] = [[1, -1], [2, 3]]
    C = (A @ B).T
    D = A.T * B
    y = x @ A.T
    L = sum(C * M) + sum(D) + sum(y^2)
    minimize L by sgd(lr = 0.01) for 1 steps
""")
def _(A, B, x, M):
    C = (A @ B).T
    D = A.T * B
    y = x @ A.T
    L = torch.sum(C * M) + torch.sum(D) + torch.sum(y ** 2)
    return {"C": C, "D": D, "y": y, "L": L}

# ==========================================================================================
# elementwise functions
# ==========================================================================================

@case("sin", """
    param w[3] = [0.3, -1.2, 2]
    input x[3] = [1, 0.5, 2]
    y = sin(w * x)
    L = sum(y^2) + sin(sum(w))
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(w, x):
    y = torch.sin(w * x)
    L = torch.sum(y ** 2) + torch.sin(torch.sum(w))
    return {"y": y, "L": L}


@case("cos", """
    param w[2, 2] = [[0.3, -1.2], [2, 0.7]]
    input x[2] = [1.5, -0.5]
    Y = cos(w) * x
    L = sum(Y) + cos(w[0, 0] * 2)
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(w, x):
    Y = torch.cos(w) * x
    L = torch.sum(Y) + torch.cos(w[0, 0] * 2)
    return {"Y": Y, "L": L}


@case("tan", """
    param x[3] = [0.3, -0.7, 1.1]
    const c[3] = [1, 2, -1]
    y = tan(x)
    L = sum(y * c) + tan(x[0])^2
    minimize L by sgd(lr = 0.01) for 1 steps
""")
def _(x, c):
    y = torch.tan(x)
    L = torch.sum(y * c) + torch.tan(x[0]) ** 2
    return {"y": y, "L": L}


@case("exp", """
    param W[2, 2] = [[0.5, -1], [1.5, -2.5]]
    input s = 0.5
    E = exp(W * s)
    L = sum(E) / 4 + exp(-sum(W))
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(W, s):
    E = torch.exp(W * s)
    L = torch.sum(E) / 4 + torch.exp(-torch.sum(W))
    return {"E": E, "L": L}


@case("log", """
    param x[3] = [0.5, 2, 10]
    const c[3] = [1, -2, 0.5]
    y = log(x)
    L = sum(y * c) + log(x[0] * x[1] + 1)
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(x, c):
    y = torch.log(x)
    L = torch.sum(y * c) + torch.log(x[0] * x[1] + 1)
    return {"y": y, "L": L}


@case("sqrt", """
    param x[3] = [0.25, 4, 2]
    param w = -1.5
    y = sqrt(x)
    r = sqrt(w^2 + 1)
    L = sum(y) + r
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(x, w):
    y = torch.sqrt(x)
    r = torch.sqrt(w ** 2 + 1)
    L = torch.sum(y) + r
    return {"y": y, "r": r, "L": L}


@case("abs", """
    # abs'(0) = 0 (PyTorch's convention)
    param x[4] = [1.5, -2, 0, 0.25]
    const c[4] = [1, 2, 3, -1]
    y = abs(x)
    L = sum(y * c) + abs(x[1] * 3)
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(x, c):
    y = torch.abs(x)
    L = torch.sum(y * c) + torch.abs(x[1] * 3)
    return {"y": y, "L": L}


@case("tanh", """
    param W[2, 2] = [[0.5, -1], [1.5, 0.2]]
    input x[2] = [1, -0.5]
    h = tanh(W @ x)
    L = sum(h^2) + tanh(W[1, 1])
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(W, x):
    h = torch.tanh(W @ x)
    L = torch.sum(h ** 2) + torch.tanh(W[1, 1])
    return {"h": h, "L": L}


@case("sigmoid", """
    param w[3] = [0.5, -1, 2]
    input x[3] = [1, 2, -0.5]
    p = sigmoid(w * x)
    q = sigmoid(w · x)
    L = sum(p) - q^2
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(w, x):
    p = torch.sigmoid(w * x)
    q = torch.sigmoid(torch.dot(w, x))
    L = torch.sum(p) - q ** 2
    return {"p": p, "q": q, "L": L}


@case("relu", """
    # relu'(0) = 0 (PyTorch's convention)
    param x[4] = [-1, 0, 0.5, 2]
    const c[4] = [1, 2, 3, 4]
    y = relu(x)
    L = sum(y * c) + relu(x[3] - 3)
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(x, c):
    y = torch.relu(x)
    L = torch.sum(y * c) + torch.relu(x[3] - 3)
    return {"y": y, "L": L}


@case("relu_matrix", """
    param W[2, 3] = [[1, -2, 0.5], [-0.5, 3, -0.6]]
    input x[2] = [1, 0.5]
    h = relu(x @ W)
    L = sum(h^2)
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(W, x):
    h = torch.relu(x @ W)
    L = torch.sum(h ** 2)
    return {"h": h, "L": L}


@case("softplus", """
    # inputs kept below 20 (PyTorch switches to the identity above its threshold)
    param x[4] = [-3, -0.5, 0, 2.5]
    y = softplus(x)
    L = sum(y^2) + softplus(x[3] * 4)
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(x):
    y = F.softplus(x)
    L = torch.sum(y ** 2) + F.softplus(x[3] * 4)
    return {"y": y, "L": L}


@case("sign", """
    # sign' = 0 everywhere; sign(0) = 0
    param x[4] = [-2, 0, 0.5, 3]
    s = sign(x)
    L = sum(s * x^2) + sign(x[0])
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(x):
    s = torch.sign(x)
    L = torch.sum(s * x ** 2) + torch.sign(x[0])
    return {"s": s, "L": L}


@case("max_min", """
    # elementwise max / min, no ties
    param a[4] = [1, -2, 3.5, 0.5]
    param b[4] = [2, -3, 1, 0.75]
    hi = max(a, b)
    lo = min(a, b)
    L = sum(hi * [1, 2, 3, 4]) - sum(lo^2)
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(a, b):
    hi = torch.maximum(a, b)
    lo = torch.minimum(a, b)
    L = torch.sum(hi * torch.tensor([1.0, 2, 3, 4])) - torch.sum(lo ** 2)
    return {"hi": hi, "lo": lo, "L": L}


@case("max_min_ties", """
    # exact ties: PyTorch's maximum/minimum send half the gradient to each side
    param a[3] = [1, 2, -1]
    param b[3] = [1, 0.5, -1]
    const c[3] = [1, 2, 3]
    hi = max(a, b)
    lo = min(a, b)
    L = sum(hi * c) + sum(lo * c^2)
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(a, b, c):
    hi = torch.maximum(a, b)
    lo = torch.minimum(a, b)
    L = torch.sum(hi * c) + torch.sum(lo * c ** 2)
    return {"hi": hi, "lo": lo, "L": L}


@case("max_min_scalar", """
    # max / min with a scalar broadcast; max(x, 0) at x = 0 is a tie (half the gradient),
    # unlike relu'(0) = 0
    param x[4] = [-1.5, 0, 0.5, 2]
    param m = 1
    p = max(x, 0)
    q = min(x, m)
    L = sum(p * [1, 2, 3, 4]) + sum(q^2)
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(x, m):
    p = torch.maximum(x, ZERO)
    q = torch.minimum(x, m)
    L = torch.sum(p * torch.tensor([1.0, 2, 3, 4])) + torch.sum(q ** 2)
    return {"p": p, "q": q, "L": L}


@case("elementwise_mix_a", """
    # sin cos tan exp log sqrt composed
    param x[3] = [0.4, 1.3, -0.6]
    a = sin(x) * cos(2 * x)
    b = log(exp(x) + sqrt(x^2 + 1))
    c = tan(x / 2)
    L = sum(a + b * c)
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(x):
    a = torch.sin(x) * torch.cos(2 * x)
    b = torch.log(torch.exp(x) + torch.sqrt(x ** 2 + 1))
    c = torch.tan(x / 2)
    L = torch.sum(a + b * c)
    return {"a": a, "b": b, "c": c, "L": L}


@case("elementwise_mix_b", """
    # abs tanh sigmoid relu softplus sign composed, on a matrix
    param X[2, 3] = [[0.8, -1.3, 2.1], [-0.4, 1.7, -2.6]]
    A = tanh(abs(X)) * sign(X)
    B = sigmoid(X) + relu(X - 0.5)
    C = softplus(-X)
    L = sum(A * B) + mean(C)
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(X):
    A = torch.tanh(torch.abs(X)) * torch.sign(X)
    B = torch.sigmoid(X) + torch.relu(X - 0.5)
    C = F.softplus(-X)
    L = torch.sum(A * B) + torch.mean(C)
    return {"A": A, "B": B, "C": C, "L": L}

# ==========================================================================================
# reductions
# ==========================================================================================

@case("sum_axes", """
    param X[2, 3] = [[1, -2, 0.5], [3, 0.25, -1]]
    a = sum(X)
    r = sum(X, axis = 1)     # [2]
    c = sum(X, axis = 0)     # [3]
    L = a + sum(r^2) + sum(c^3)
    minimize L by sgd(lr = 0.01) for 1 steps
""")
def _(X):
    a = torch.sum(X)
    r = torch.sum(X, dim=1)
    c = torch.sum(X, dim=0)
    L = a + torch.sum(r ** 2) + torch.sum(c ** 3)
    return {"a": a, "r": r, "c": c, "L": L}


@case("sum_neg_axis", """
    param X[3, 2] = [[1, 2], [-0.5, 1.5], [3, -1]]
    r = sum(X, axis = -1)    # [3]
    c = sum(X, axis = -2)    # [2]
    v = sum(r, axis = 0)     # scalar
    L = sum(r * [1, 2, 3]) + sum(c^2) + v
    minimize L by sgd(lr = 0.01) for 1 steps
""")
def _(X):
    r = torch.sum(X, dim=-1)
    c = torch.sum(X, dim=-2)
    v = torch.sum(r, dim=0)
    L = torch.sum(r * torch.tensor([1.0, 2, 3])) + torch.sum(c ** 2) + v
    return {"r": r, "c": c, "v": v, "L": L}


@case("mean_axes", """
    param X[2, 3] = [[2, -1, 0.5], [1, 4, -3]]
    a = mean(X)
    r = mean(X, axis = 1)
    c = mean(X, axis = 0)
    L = a^2 + sum(r * [1, -1]) + sum(c^2)
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(X):
    a = torch.mean(X)
    r = torch.mean(X, dim=1)
    c = torch.mean(X, dim=0)
    L = a ** 2 + torch.sum(r * torch.tensor([1.0, -1])) + torch.sum(c ** 2)
    return {"a": a, "r": r, "c": c, "L": L}


@case("mean_neg_axis", """
    param X[3, 2] = [[1, -2], [0.5, 3], [2.5, -1]]
    param v[4] = [1, 2, 4, -3]
    r = mean(X, axis = -1)
    c = mean(X, axis = -2)
    m = mean(v)
    L = sum(r^2) + sum(c * [2, -1]) + m^2
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(X, v):
    r = torch.mean(X, dim=-1)
    c = torch.mean(X, dim=-2)
    m = torch.mean(v)
    L = torch.sum(r ** 2) + torch.sum(c * torch.tensor([2.0, -1])) + m ** 2
    return {"r": r, "c": c, "m": m, "L": L}


@case("logsumexp_vec", """
    param x[4] = [0.5, -1, 2, 1.5]
    s = logsumexp(x)
    t = logsumexp(x * 2, axis = 0)
    L = s + t / 2
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(x):
    s = torch.logsumexp(x, dim=0)
    t = torch.logsumexp(x * 2, dim=0)
    L = s + t / 2
    return {"s": s, "t": t, "L": L}


@case("logsumexp_axis", """
    param X[2, 3] = [[1, -0.5, 2], [0.3, 1.2, -1]]
    a = logsumexp(X)                 # all axes
    r = logsumexp(X, axis = 1)       # [2]
    c = logsumexp(X, axis = -2)      # [3]
    L = a + sum(r * [1, 2]) + sum(c * [3, -1, 0.5])
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(X):
    a = torch.logsumexp(X, dim=(0, 1))
    r = torch.logsumexp(X, dim=1)
    c = torch.logsumexp(X, dim=-2)
    L = a + torch.sum(r * torch.tensor([1.0, 2])) + torch.sum(c * torch.tensor([3.0, -1, 0.5]))
    return {"a": a, "r": r, "c": c, "L": L}

# ==========================================================================================
# softmax, log_softmax, onehot, cross_entropy, argmax
# ==========================================================================================

@case("softmax_vec", """
    param z[4] = [1, 2, -0.5, 0.3]
    const c[4] = [1, -2, 3, 0.5]
    p = softmax(z)
    q = softmax(z * 2, axis = -1)
    L = sum(p * c) + q · c
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(z, c):
    p = F.softmax(z, dim=-1)
    q = F.softmax(z * 2, dim=-1)
    L = torch.sum(p * c) + torch.dot(q, c)
    return {"p": p, "q": q, "L": L}


@case("softmax_axis", """
    param Z[2, 3] = [[1, -1, 0.5], [2, 0.2, -0.3]]
    const C[2, 3] = [[1, 2, 3], [-1, 0.5, 2]]
    R = softmax(Z, axis = -1)    # rows sum to 1
    K = softmax(Z, axis = 0)     # columns sum to 1
    L = sum(R * C) + sum(K * C^2)
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(Z, C):
    R = F.softmax(Z, dim=-1)
    K = F.softmax(Z, dim=0)
    L = torch.sum(R * C) + torch.sum(K * C ** 2)
    return {"R": R, "K": K, "L": L}


@case("log_softmax_vec", """
    param z[3] = [0.5, -1.5, 2]
    l = log_softmax(z)
    L = -l[2] + l · [0.1, 0.2, 0.3]
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(z):
    l = F.log_softmax(z, dim=-1)
    L = -l[2] + torch.dot(l, torch.tensor([0.1, 0.2, 0.3]))
    return {"l": l, "L": L}


@case("log_softmax_axis", """
    param Z[3, 2] = [[1, -1], [0.5, 2], [-0.3, 0.7]]
    const C[3, 2] = [[1, 2], [-1, 0.5], [3, -2]]
    A = log_softmax(Z, axis = 1)
    B = log_softmax(Z, axis = -2)
    L = sum(A * C) + sum(B * C^2) / 10
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(Z, C):
    A = F.log_softmax(Z, dim=1)
    B = F.log_softmax(Z, dim=-2)
    L = torch.sum(A * C) + torch.sum(B * C ** 2) / 10
    return {"A": A, "B": B, "L": L}


@case("onehot_value", """
    input y[4] = [2, 0, 1, 2]
    param W[4, 3] = [[1, 2, 3], [-1, 0.5, 2], [0.3, -2, 1], [4, -1, 0.5]]
    Y = onehot(y, 3)
    L = sum(Y * W^2)
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(y, W):
    Y = F.one_hot(y.long(), 3).to(torch.float64)
    L = torch.sum(Y * W ** 2)
    return {"Y": Y, "L": L}


@case("onehot_nll", """
    # negative log-likelihood written by hand with onehot and log_softmax
    input y[2] = [2, 0]
    param Z[2, 3] = [[0.5, 1, -1], [2, -0.5, 0.3]]
    Y = onehot(y, 3)
    L = -sum(Y * log_softmax(Z, axis = -1)) / 2
    minimize L by sgd(lr = 0.5) for 1 steps
""")
def _(y, Z):
    Y = F.one_hot(y.long(), 3).to(torch.float64)
    L = -torch.sum(Y * F.log_softmax(Z, dim=-1)) / 2
    return {"Y": Y, "L": L}


@case("cross_entropy_basic", """
    # cross_entropy(logits[N, K], labels[N]) averages over N
    param Z[3, 3] = [[2, -1, 0.5], [0.1, 0.2, 0.3], [-1, 3, 1]]
    input y[3] = [0, 2, 1]
    L = cross_entropy(Z, y)
    minimize L by sgd(lr = 0.5) for 1 steps
""")
def _(Z, y):
    L = F.cross_entropy(Z, y.long())
    return {"L": L}


@case("cross_entropy_regression", """
    # softmax regression: logits = X @ W + b
    input X[4, 2] = [[1, 0.5], [-1, 2], [0.3, -0.7], [2, 1]]
    input y[4] = [1, 0, 2, 1]
    param W[2, 3] = [[0.2, -0.5, 1], [0.7, 0.1, -0.3]]
    param b[3] = [0.1, 0, -0.1]
    Z = X @ W + b
    L = cross_entropy(Z, y)
    minimize L by sgd(lr = 0.5) for 1 steps
""")
def _(X, y, W, b):
    Z = X @ W + b
    L = F.cross_entropy(Z, y.long())
    return {"Z": Z, "L": L}


@case("argmax_accuracy", """
    # argmax only as a value (an accuracy), never differentiated
    input X[4, 2] = [[1, 0.5], [-1, 2], [0.3, -0.7], [2, 1]]
    input y[4] = [1, 0, 2, 1]
    param W[2, 3] = [[0.2, -0.5, 1], [0.7, 0.1, -0.3]]
    Z = X @ W
    pred = argmax(Z, axis = 1)
    acc = mean(pred == y)
    L = cross_entropy(Z, y)
    minimize L by sgd(lr = 0.5) for 1 steps
""")
def _(X, y, W):
    Z = X @ W
    pred = torch.argmax(Z, dim=1)
    acc = torch.mean(f64(pred == y.long()))
    L = F.cross_entropy(Z, y.long())
    return {"Z": Z, "pred": pred, "acc": acc, "L": L}


@case("argmax_constant", """
    # argmax of inputs only: a constant multiplier in the objective
    input M[2, 3] = [[1, 5, 2], [7, -1, 3]]
    input x[4] = [0.5, 3, -1, 2]
    param w[3] = [1, -2, 0.5]
    k = argmax(x, axis = 0)         # 1
    K = argmax(M, axis = 0)         # [1, 0, 1]
    J = argmax(M, axis = -1)        # [1, 0]
    L = k * sum(w^2) + sum(K * w) + sum(J)
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(M, x, w):
    k = torch.argmax(x, dim=0).to(torch.float64)
    K = torch.argmax(M, dim=0).to(torch.float64)
    J = torch.argmax(M, dim=-1).to(torch.float64)
    L = k * torch.sum(w ** 2) + torch.sum(K * w) + torch.sum(J)
    return {"k": k, "K": K, "J": J, "L": L}

# ==========================================================================================
# indexing, slicing, reshape, flatten
# ==========================================================================================

@case("index_vec", """
    param x[4] = [1.5, -2, 0.5, 3]
    a = x[1]
    b = x[-1]
    L = a * b + x[0]^2
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(x):
    a = x[1]
    b = x[-1]
    L = a * b + x[0] ** 2
    return {"a": a, "b": b, "L": L}


@case("index_matrix", """
    param X[2, 3] = [[1, -2, 0.5], [3, 0.25, -1]]
    c = X[:, 0]        # first column, [2]
    r = X[1, :]        # second row, [3]
    e = X[-1, -1]      # last element
    f = X[0, 2]
    L = sum(c^2) + sum(r * [1, 2, 3]) + e * f
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(X):
    c = X[:, 0]
    r = X[1, :]
    e = X[-1, -1]
    f = X[0, 2]
    L = torch.sum(c ** 2) + torch.sum(r * torch.tensor([1.0, 2, 3])) + e * f
    return {"c": c, "r": r, "e": e, "f": f, "L": L}


@case("slice_rows", """
    param X[3, 2] = [[1, 2], [-0.5, 1.5], [3, -1]]
    T2 = X[0:2, :]     # first two rows, [2, 2]
    B = X[1:3, 1]      # [2]
    L = sum(T2 * [[1, 2], [3, 4]]) + sum(B^2)
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(X):
    T2 = X[0:2, :]
    B = X[1:3, 1]
    L = torch.sum(T2 * torch.tensor([[1.0, 2], [3, 4]])) + torch.sum(B ** 2)
    return {"T2": T2, "B": B, "L": L}


@case("slice_step", """
    param x[5] = [1, -2, 3, 0.5, -1.5]
    e = x[0:4:2]       # [x0, x2]
    o = x[1:5:2]       # [x1, x3]
    L = sum(e * o) + sum(e^2)
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(x):
    e = x[0:4:2]
    o = x[1:5:2]
    L = torch.sum(e * o) + torch.sum(e ** 2)
    return {"e": e, "o": o, "L": L}


@case("slice_open", """
    # open-ended and negative slice bounds, as in NumPy
    param x[4] = [2, -1, 0.5, 3]
    param X[2, 3] = [[1, 2, 3], [-1, 0.5, 4]]
    t = x[1:]
    h = x[:-1]
    R = X[:, 1:]
    L = sum(t * h) + sum(R^2)
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(x, X):
    t = x[1:]
    h = x[:-1]
    R = X[:, 1:]
    L = torch.sum(t * h) + torch.sum(R ** 2)
    return {"t": t, "h": h, "R": R, "L": L}


@case("index_row", """
    # X[i] on a matrix is row i, as in NumPy
    param X[3, 2] = [[1, -1], [2, 0.5], [-3, 4]]
    a = X[1]
    b = X[-1]
    L = a · b + sum(X[0])^2
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(X):
    a = X[1]
    b = X[-1]
    L = torch.dot(a, b) + torch.sum(X[0]) ** 2
    return {"a": a, "b": b, "L": L}


@case("index_expr", """
    # indexing the result of an expression
    param z[3] = [1, -0.5, 2]
    param A[2, 3] = [[1, 2, -1], [0.5, -2, 3]]
    input x[3] = [1, 0.5, -1]
    p = softmax(z)[1]
    q = (A @ x)[0]
    r = A.T[2]
    L = p + q^2 + sum(r)
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(z, A, x):
    p = F.softmax(z, dim=-1)[1]
    q = (A @ x)[0]
    r = A.T[2]
    L = p + q ** 2 + torch.sum(r)
    return {"p": p, "q": q, "r": r, "L": L}


@case("reshape", """
    # reshape is row-major, as in NumPy
    param x[6] = [1, -2, 0.5, 3, 1.5, -1]
    input v[3] = [1, 2, -1]
    M = reshape(x, [2, 3])
    N = reshape(M, [3, 2])
    y = M @ v
    L = sum(y^2) + sum(N * [[1, 2], [3, 4], [5, 6]])
    minimize L by sgd(lr = 0.01) for 1 steps
""")
def _(x, v):
    M = torch.reshape(x, (2, 3))
    N = torch.reshape(M, (3, 2))
    y = M @ v
    L = torch.sum(y ** 2) + torch.sum(N * torch.tensor([[1.0, 2], [3, 4], [5, 6]]))
    return {"M": M, "N": N, "y": y, "L": L}


@case("flatten", """
    param X[2, 3] = [[1, -2, 0.5], [3, 0.25, -1]]
    input w[6] = [1, 2, 3, 4, 5, 6]
    f = flatten(X)
    L = (f · w)^2 / 10 + sum(flatten(X^2))
    minimize L by sgd(lr = 0.01) for 1 steps
""")
def _(X, w):
    f = torch.flatten(X)
    L = torch.dot(f, w) ** 2 / 10 + torch.sum(torch.flatten(X ** 2))
    return {"f": f, "L": L}


@case("flatten_axis", """
    # flatten(x, axis = 1) keeps the leading (batch) axis: [2, 2, 2] -> [2, 4]
    param X[2, 2, 2] = [[[1, -1], [2, 0.5]], [[-0.5, 3], [1.5, -2]]]
    input w[4] = [1, -1, 2, 0.5]
    F2 = flatten(X, axis = 1)
    y = F2 @ w
    L = sum(y^2)
    minimize L by sgd(lr = 0.01) for 1 steps
""")
def _(X, w):
    F2 = torch.flatten(X, start_dim=1)
    y = F2 @ w
    L = torch.sum(y ** 2)
    return {"F2": F2, "y": y, "L": L}

# ==========================================================================================
# language features: fn, const, dim, Unicode, `;`, CRLF, list literals, odd names
# ==========================================================================================

@case("fn_inline", """
    fn sq(a) = a * a
    param w[3] = [1, -2, 0.5]
    input x[3] = [2, 1, -1]
    y = sq(w) + sq(x - w)
    L = sum(y)
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(w, x):
    y = w * w + (x - w) * (x - w)
    L = torch.sum(y)
    return {"y": y, "L": L}


@case("fn_nested", """
    # functions calling functions; a parameter named like a global (x) binds the argument
    fn lin(W, v, b) = W @ v + b
    fn act(z) = tanh(z)
    fn layer(W, v, b) = act(lin(W, v, b))
    fn sq(x) = x * x
    input x[2] = [1, -0.5]
    param W[2, 2] = [[0.5, -1], [1.5, 0.3]]
    param b[2] = [0.1, -0.2]
    param u = 0.8
    h = layer(W, x, b)
    L = sum(sq(h)) + sq(u)
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(x, W, b, u):
    h = torch.tanh(W @ x + b)
    L = torch.sum(h * h) + u * u
    return {"h": h, "L": L}


@case("const_decl", """
    const c[3] = [1, 0.5, -2]
    const s = pi/4
    const M[2, 2] = [[2, -1], [0.5, 1]]
    param w[3] = [0.3, -1, 2]
    param v[2] = [1, -1]
    y = c * w + s
    z = M @ v
    L = sum(y^2) + sum(z * z)
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(c, s, M, w, v):
    y = c * w + s
    z = M @ v
    L = torch.sum(y ** 2) + torch.sum(z * z)
    return {"y": y, "z": z, "L": L}


@case("dim_decl", """
    dim H = 3
    dim K = 2
    input x[2] = [1, -0.5]
    param W[2, H] = [[0.5, -1, 2], [1.5, 0.3, -0.4]]
    param b[H] = [0.1, 0.2, -0.3]
    param V[H, K] = [[1, -1], [0.5, 2], [-1.5, 0.25]]
    h = relu(x @ W + b)
    o = h @ V
    L = sum(o^2)
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(x, W, b, V):
    h = torch.relu(x @ W + b)
    o = h @ V
    L = torch.sum(o ** 2)
    return {"h": h, "o": o, "L": L}


@case("unicode", """
    # Unicode names and operators: θ, α, π, ·
    param θ[2] = [0.3, -0.2]
    input x[2] = [2, 1.5]
    const φ = π/3
    param α = 0.5
    y = sin(θ · x + φ)
    L = (y - α)^2 + α^2
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(θ, x, φ, α):
    y = torch.sin(torch.dot(θ, x) + φ)
    L = (y - α) ** 2 + α ** 2
    return {"y": y, "L": L}


@case("semicolons", """
    param a = 2; param b = -1.5; input x = 3
    c = a * b; d = c + x
    L = d^2 + a; minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(a, b, x):
    c = a * b
    d = c + x
    L = d ** 2 + a
    return {"c": c, "d": d, "L": L}


@case("crlf", """
    # this file has CRLF line endings
    param w[2] = [0.5, -1]
    input x[2] = [2, 3]   # trailing comment
    y = w · x

    L = (y + 1)^2
    minimize L by sgd(lr = 0.1) for 1 steps
""", crlf=True)
def _(w, x):
    y = torch.dot(w, x)
    L = (y + 1) ** 2
    return {"y": y, "L": L}


@case("list_literal_expr", """
    # list literals inside expressions
    param w[3] = [1, -0.5, 2]
    param v[2] = [0.5, 1.5]
    y = w * [1, -2, 0.5]
    z = [[1, 2], [3, 4]] @ v
    L = sum(y) + sum(z^2)
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(w, v):
    y = w * torch.tensor([1.0, -2, 0.5])
    z = torch.tensor([[1.0, 2], [3, 4]]) @ v
    L = torch.sum(y) + torch.sum(z ** 2)
    return {"y": y, "z": z, "L": L}


@case("java_names", """
    # Java keywords and JDK names are ordinary identifiers; T is a name even though .T transposes
    param class = 0.75
    input int = 2
    param T[2, 2] = [[1, 2], [-1, 3]]
    System = class * int
    Math = T.T @ [1, -1]
    double = sum(Math) * System
    L = double^2
    minimize L by sgd(lr = 0.01) for 1 steps
""")
def _(class_, int, T):
    System = class_ * int
    Math = T.T @ torch.tensor([1.0, -1])
    double = torch.sum(Math) * System
    L = double ** 2
    return {"System": System, "Math": Math, "double": double, "L": L}


@case("unused_param", """
    # a param that does not reach the objective gets a zero gradient
    param w[2] = [1, -2]
    param unused[2, 2] = [[1, 2], [3, 4]]
    z = unused @ w          # computed, but not part of L
    L = sum(w^2)
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(w, unused):
    z = unused @ w
    L = torch.sum(w ** 2)
    return {"z": z, "L": L}


@case("literals", """
    # number forms: integers, decimals, exponents, pi
    param w = 1e-3
    param v[3] = [2.5e1, 0.125, -3E-1]
    y = w * 1000 + v * 0.5
    L = sum(y^2) + pi * w
    minimize L by sgd(lr = 0.01) for 1 steps
""")
def _(w, v):
    y = w * 1000 + v * 0.5
    L = torch.sum(y ** 2) + math.pi * w
    return {"y": y, "L": L}

# ==========================================================================================
# optimizers: maximize, momentum, adam
# ==========================================================================================

@case("maximize_sgd", """
    # maximize steps up the gradient
    param w[2] = [0.5, -1]
    input c[2] = [1, 2]
    R = -sum((w - c)^2)
    maximize R by sgd(lr = 0.1) for 1 steps
""")
def _(w, c):
    R = -torch.sum((w - c) ** 2)
    return {"R": R}


@case("sgd_momentum", """
    # the first step of sgd with momentum equals plain sgd
    param w[3] = [0.5, -1, 2]
    input x[3] = [1, 2, 0.5]
    input t = 1
    y = w · x
    L = (y - t)^2
    minimize L by sgd(lr = 0.05, momentum = 0.9) for 1 steps
""")
def _(w, x, t):
    y = torch.dot(w, x)
    L = (y - t) ** 2
    return {"y": y, "L": L}


@case("sgd_momentum_matrix", """
    param W[2, 2] = [[1, -0.5], [0.25, 2]]
    param b[2] = [0.1, -0.1]
    input x[2] = [1, -1]
    y = tanh(W @ x + b)
    L = sum((y - [0.5, -0.5])^2)
    minimize L by sgd(lr = 0.2, momentum = 0.9) for 1 steps
""")
def _(W, b, x):
    y = torch.tanh(W @ x + b)
    L = torch.sum((y - torch.tensor([0.5, -0.5])) ** 2)
    return {"y": y, "L": L}


@case("adam", """
    param w[3] = [0.5, -1, 2]
    input x[3] = [1, 2, 0.5]
    y = w · x
    L = (y - 1)^2
    minimize L by adam(lr = 0.01, beta1 = 0.9, beta2 = 0.999, eps = 1e-8) for 1 steps
""")
def _(w, x):
    y = torch.dot(w, x)
    L = (y - 1) ** 2
    return {"y": y, "L": L}


@case("adam_zero_grad", """
    # adam with a param whose gradient is zero: it does not move
    param W[2, 2] = [[0.3, -0.2], [0.5, 1]]
    param idle[2] = [1, 2]
    input x[2] = [2, -1]
    y = sigmoid(W @ x)
    L = -sum(log(y))
    minimize L by adam(lr = 0.1, beta1 = 0.8, beta2 = 0.99, eps = 1e-6) for 1 steps
""")
def _(W, idle, x):
    y = torch.sigmoid(W @ x)
    L = -torch.sum(torch.log(y))
    return {"y": y, "L": L}


@case("adam_maximize", """
    param w[2] = [0.5, -0.25]
    param s = 1.5
    R = -sum(w^2) * s + log(s)
    maximize R by adam(lr = 0.05, beta1 = 0.9, beta2 = 0.999, eps = 1e-8) for 1 steps
""")
def _(w, s):
    R = -torch.sum(w ** 2) * s + torch.log(s)
    return {"R": R}

# ==========================================================================================
# small models
# ==========================================================================================

@case("mlp_gmm", """
    # the gmm seed in miniature: ReLU hidden layer, logistic output, binary cross-entropy
    dim H = 3
    input X[4, 2] = [[0.5, -1], [1.5, 0.2], [-0.3, 0.8], [1, 1.2]]
    input y[4] = [1, 0, 1, 0]
    param W1[2, H] = [[0.4, -0.6, 0.9], [-0.3, 0.8, 0.5]]
    param b1[H] = [0.1, -0.2, 0.15]
    param W2[H] = [0.7, -1.1, 0.6]
    param b2 = -0.1

    h = relu(X @ W1 + b1)
    p = sigmoid(h @ W2 + b2)
    L = -mean(y * log(p) + (1 - y) * log(1 - p))

    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(X, y, W1, b1, W2, b2):
    h = torch.relu(X @ W1 + b1)
    p = torch.sigmoid(h @ W2 + b2)
    L = -torch.mean(y * torch.log(p) + (1 - y) * torch.log(1 - p))
    return {"h": h, "p": p, "L": L}


@case("logistic_regression", """
    input X[3, 2] = [[1, 2], [-1, 0.5], [0.3, -1.2]]
    input y[3] = [1, 0, 1]
    param w[2] = [0.25, -0.5]
    param b = 0.1
    z = X @ w + b
    L = mean(softplus(z) - y * z)
    minimize L by sgd(lr = 0.5) for 1 steps
""")
def _(X, y, w, b):
    z = X @ w + b
    L = torch.mean(F.softplus(z) - y * z)
    return {"z": z, "L": L}


@case("two_layer_tanh", """
    input x[3] = [0.5, -1, 2]
    input t[2] = [1, -1]
    param W1[3, 2] = [[0.2, -0.4], [0.6, 0.1], [-0.3, 0.5]]
    param W2[2, 2] = [[1, -0.5], [0.3, 0.8]]
    h = tanh(x @ W1)
    o = h @ W2
    L = mean((o - t)^2)
    minimize L by sgd(lr = 0.1, momentum = 0.9) for 1 steps
""")
def _(x, t, W1, W2):
    h = torch.tanh(x @ W1)
    o = h @ W2
    L = torch.mean((o - t) ** 2)
    return {"h": h, "o": o, "L": L}

# ==========================================================================================
# numerically delicate: large magnitudes that a naive composition overflows/underflows
# ==========================================================================================

@case("log_sigmoid_large", """
    # log(sigmoid(z)) at z = -800: value -800, dL/dz = 1 (naive: log(0) = -inf)
    param w = -8
    input x = 100
    z = w * x
    L = log(sigmoid(z))
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(w, x):
    z = w * x
    L = F.logsigmoid(z)
    return {"z": z, "L": L}


@case("log_one_minus_sigmoid_large", """
    # log(1 - sigmoid(z)) at z = 800: value -800, dL/dz = -1
    param z = 800
    L = log(1 - sigmoid(z))
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(z):
    L = F.logsigmoid(-z)
    return {"L": L}


@case("cross_entropy_large", """
    # logits near 1000: exp overflows unless the maximum is subtracted
    param Z[2, 3] = [[1000, 1001, 999], [-1000, 998, 1000]]
    input y[2] = [1, 0]
    L = cross_entropy(Z, y)
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(Z, y):
    L = F.cross_entropy(Z, y.long())
    return {"L": L}


@case("logsumexp_large", """
    # logsumexp([1000, 1000]) = 1000 + ln 2
    param x[2] = [1000, 1000]
    param X[2, 2] = [[1000, -1000], [-999, -1000]]
    s = logsumexp(x)
    r = logsumexp(X, axis = 1)
    L = s + sum(r * [1, 2])
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(x, X):
    s = torch.logsumexp(x, dim=0)
    r = torch.logsumexp(X, dim=1)
    L = s + torch.sum(r * torch.tensor([1.0, 2]))
    return {"s": s, "r": r, "L": L}


@case("softmax_large", """
    # softmax with large logits
    param z[3] = [1000, 1001, 998]
    param Z[2, 2] = [[-1000, -1002], [700, 705]]
    const c[3] = [1, -2, 3]
    p = softmax(z)
    P = softmax(Z, axis = -1)
    L = p · c + sum(P * [[1, 2], [3, 4]])
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(z, Z, c):
    p = F.softmax(z, dim=-1)
    P = F.softmax(Z, dim=-1)
    L = torch.dot(p, c) + torch.sum(P * torch.tensor([[1.0, 2], [3, 4]]))
    return {"p": p, "P": P, "L": L}


@case("log_softmax_large", """
    # log_softmax with large logits: values stay finite
    param z[3] = [-1000, 1000, 999]
    l = log_softmax(z)
    L = -l[2] - l[1] / 2
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(z):
    l = F.log_softmax(z, dim=-1)
    L = -l[2] - l[1] / 2
    return {"l": l, "L": L}


# ==========================================================================================
# Convolution and pooling (lab_04), NCHW, cross-correlation as torch.nn.functional.conv2d
# ==========================================================================================

@case("lab04_conv", """
    # seed: lab_04 — conv stride 1 / stride 3 padding 1, 2x2 max-pool, and f = max(conv(x, w), 1x2)
    input X[3, 3] = [[1, 0, 2], [2, 1, -1], [0, 0, 2]]
    input K[2, 2] = [[1, -1], [0, 2]]
    conv_s1_p0 = conv2d(X, K, stride = 1, padding = 0)
    conv_s3_p1 = conv2d(X, K, stride = 3, padding = 1)
    pool_2x2 = maxpool(X, [2, 2])
    input x[1, 3] = [[2, 1, 2]]
    param w[2] = [1, 0]
    c = conv2d(x, reshape(w, [1, 2]), stride = 1, padding = 0)
    f = maxpool(c, [1, 2])[0, 0]
    minimize f by sgd(lr = 0.5) for 1 steps
""")
def _(X, K, x, w):
    four = lambda t: t.reshape(1, 1, *t.shape)
    conv_s1_p0 = F.conv2d(four(X), four(K), stride=1, padding=0)[0, 0]
    conv_s3_p1 = F.conv2d(four(X), four(K), stride=3, padding=1)[0, 0]
    pool_2x2 = F.max_pool2d(four(X), (2, 2))[0, 0]
    c = F.conv2d(four(x), w.reshape(1, 1, 1, 2))[0, 0]
    f = F.max_pool2d(four(c), (1, 2))[0, 0][0, 0]
    return {"conv_s1_p0": conv_s1_p0, "conv_s3_p1": conv_s3_p1, "pool_2x2": pool_2x2, "c": c, "f": f}


@case("conv2d_nchw_stride_padding", """
    # multi-channel NCHW convolution with stride 2, padding 1
    input x[2, 2, 5, 4] = [[[[0.1, -0.2, 0.3, 0.7], [1.1, 0.5, -0.4, 0.2], [0.9, -1.3, 0.6, 0.8], [-0.5, 0.4, 1.2, -0.9], [0.3, 0.2, -0.1, 0.6]], [[-0.7, 0.8, 0.2, -0.3], [0.4, -0.6, 1.0, 0.5], [0.2, 0.1, -0.8, 0.9], [1.3, -0.2, 0.4, 0.1], [-0.4, 0.7, 0.5, -1.1]]], [[[0.6, 0.3, -0.9, 0.2], [-0.1, 0.8, 0.4, -0.6], [0.5, -0.3, 0.7, 1.0], [0.2, 0.9, -0.5, 0.3], [1.2, -0.4, 0.1, 0.8]], [[0.3, -1.0, 0.6, 0.4], [0.9, 0.2, -0.7, 0.1], [-0.2, 0.5, 0.3, -0.4], [0.7, -0.8, 0.9, 0.6], [0.1, 0.4, -0.3, 0.2]]]]
    param k[3, 2, 3, 2] = [[[[0.2, -0.1], [0.4, 0.3], [-0.5, 0.1]], [[0.3, 0.2], [-0.2, 0.6], [0.1, -0.4]]], [[[-0.3, 0.5], [0.1, -0.2], [0.4, 0.2]], [[0.6, -0.1], [0.2, 0.3], [-0.3, 0.5]]], [[[0.1, 0.1], [-0.4, 0.2], [0.3, -0.6]], [[-0.2, 0.4], [0.5, -0.3], [0.2, 0.1]]]]
    y = conv2d(x, k, stride = 2, padding = 1)
    L = sum(y^2) / 2
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(x, k):
    y = F.conv2d(x, k, stride=2, padding=1)
    return {"y": y, "L": torch.sum(y ** 2) / 2}


@case("conv2d_dilation_rect_stride", """
    # dilation 2 and a rectangular stride [1, 2]
    param x[1, 1, 6, 7] = [[[[0.5, -0.3, 0.8, 0.1, -0.6, 0.2, 0.9], [0.4, 0.7, -0.2, 0.3, 0.5, -0.8, 0.1], [-0.9, 0.2, 0.6, -0.4, 0.3, 0.7, -0.5], [0.3, -0.6, 0.1, 0.9, -0.2, 0.4, 0.6], [0.8, 0.1, -0.7, 0.2, 0.6, -0.3, 0.2], [-0.1, 0.5, 0.3, -0.8, 0.4, 0.2, -0.4]]]]
    param k[2, 1, 2, 2] = [[[[0.3, -0.5], [0.7, 0.2]]], [[[-0.4, 0.6], [0.1, 0.8]]]]
    y = conv2d(x, k, stride = [1, 2], dilation = 2)
    L = sum(tanh(y))
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(x, k):
    y = F.conv2d(x, k, stride=(1, 2), dilation=2)
    return {"y": y, "L": torch.sum(torch.tanh(y))}


@case("maxpool_overlap_padding_ties", """
    # overlapping 3x3 windows, stride 1, padding 1, with ties (the first maximum takes the gradient)
    param x[1, 2, 3, 4] = [[[[1, 3, 3, 0], [2, 3, -1, 4], [0, 1, 4, 4]], [[-1, -2, -3, -4], [-5, -1, -1, -6], [-2, -7, -8, -1]]]]
    y = maxpool(x, [3, 3], stride = 1, padding = 1)
    L = sum(y * [[[[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]], [[1, -1, 2, -2], [3, -3, 4, -4], [5, -5, 6, -6]]]])
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(x):
    y = F.max_pool2d(x, (3, 3), stride=1, padding=1)
    wts = torch.tensor([[[[1.0, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]], [[1, -1, 2, -2], [3, -3, 4, -4], [5, -5, 6, -6]]]])
    return {"y": y, "L": torch.sum(y * wts)}


@case("avgpool_stride_padding", """
    # average pooling 2x3, stride [2, 1], padding [1, 1]: the divisor counts padding (PyTorch default)
    param x[2, 1, 4, 5] = [[[[0.1, 0.5, -0.2, 0.8, 0.3], [0.7, -0.4, 0.6, 0.2, -0.9], [0.3, 0.9, -0.1, 0.4, 0.6], [-0.6, 0.2, 0.5, -0.3, 0.1]]], [[[0.4, -0.7, 0.2, 0.9, -0.1], [0.6, 0.3, -0.5, 0.1, 0.8], [-0.2, 0.4, 0.7, -0.6, 0.3], [0.5, -0.1, 0.3, 0.2, -0.4]]]]
    y = avgpool(x, [2, 3], stride = [2, 1], padding = [1, 1])
    L = sum(exp(y))
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(x):
    y = F.avg_pool2d(x, (2, 3), stride=(2, 1), padding=(1, 1))
    return {"y": y, "L": torch.sum(torch.exp(y))}


@case("cnn_small", """
    # a tiny CNN: conv 3x3 padding 1 -> relu -> maxpool 2x2 -> flatten -> linear -> cross-entropy
    input X[2, 1, 4, 4] = [[[[0.1, 0.9, 0.2, 0.4], [0.8, 0.3, 0.7, 0.1], [0.2, 0.6, 0.5, 0.9], [0.4, 0.1, 0.3, 0.8]]], [[[0.7, 0.2, 0.9, 0.3], [0.1, 0.5, 0.4, 0.6], [0.9, 0.8, 0.2, 0.1], [0.3, 0.4, 0.6, 0.7]]]]
    input labels[2] = [1, 0]
    param k[2, 1, 3, 3] = [[[[0.2, -0.3, 0.1], [0.4, 0.5, -0.2], [-0.1, 0.3, 0.2]]], [[[-0.4, 0.2, 0.3], [0.1, -0.5, 0.4], [0.3, 0.1, -0.2]]]]
    param W[8, 3] = [[0.1, -0.2, 0.3], [0.4, 0.1, -0.1], [-0.3, 0.2, 0.2], [0.2, 0.3, -0.4], [0.5, -0.1, 0.1], [-0.2, 0.4, 0.3], [0.1, 0.2, -0.3], [0.3, -0.3, 0.2]]
    h = maxpool(relu(conv2d(X, k, padding = 1)), [2, 2])
    z = flatten(h, axis = 1) @ W
    L = cross_entropy(z, labels)
    minimize L by sgd(lr = 0.05) for 1 steps
""")
def _(X, labels, k, W):
    h = F.max_pool2d(torch.relu(F.conv2d(X, k, padding=1)), (2, 2))
    z = h.reshape(2, -1) @ W
    return {"h": h, "z": z, "L": F.cross_entropy(z, labels.long())}


# ==========================================================================================
# Batch normalization in training mode: batch statistics, biased variance (as PyTorch)
# ==========================================================================================

@case("batchnorm_features", """
    # x[N, F]: each feature normalised over the batch
    param x[4, 3] = [[0.5, -1.2, 2.0], [1.5, 0.3, -0.7], [-0.4, 0.9, 1.1], [0.8, -0.5, 0.2]]
    param gamma[3] = [1.5, 0.7, -0.9]
    param beta[3] = [0.1, -0.2, 0.3]
    y = batchnorm(x, gamma, beta)
    L = sum(y * [[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]]) + sum(y^2)
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(x, gamma, beta):
    y = F.batch_norm(x, None, None, gamma, beta, training=True, eps=1e-5)
    wts = torch.arange(1.0, 13.0).reshape(4, 3)
    return {"y": y, "L": torch.sum(y * wts) + torch.sum(y ** 2)}


@case("batchnorm_channels_eps", """
    # x[N, C, H, W]: each channel normalised over N, H, W; a custom eps
    param x[2, 2, 2, 3] = [[[[0.3, -0.8, 1.2], [0.5, 0.1, -0.4]], [[1.1, 0.6, -0.2], [-0.9, 0.4, 0.7]]], [[[-0.5, 0.9, 0.2], [0.8, -1.1, 0.6]], [[0.2, -0.3, 0.9], [0.5, 1.3, -0.6]]]]
    param gamma[2] = [0.8, 1.3]
    param beta[2] = [-0.1, 0.4]
    y = batchnorm(x, gamma, beta, eps = 0.01)
    L = sum(tanh(y) * x)
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(x, gamma, beta):
    y = F.batch_norm(x, None, None, gamma, beta, training=True, eps=0.01)
    return {"y": y, "L": torch.sum(torch.tanh(y) * x)}


@case("batchnorm_mlp", """
    # an MLP with batch norm between the layers, as in the UvA study
    input X[4, 2] = [[0.2, -0.5], [1.0, 0.3], [-0.7, 0.8], [0.4, 1.2]]
    input labels[4] = [0, 1, 1, 0]
    param W1[2, 3] = [[0.5, -0.3, 0.8], [0.2, 0.7, -0.6]]
    param b1[3] = [0.1, 0.0, -0.1]
    param g1[3] = [1.0, 1.0, 1.0]
    param c1[3] = [0.0, 0.0, 0.0]
    param W2[3, 2] = [[0.3, -0.4], [0.6, 0.2], [-0.5, 0.7]]
    param b2[2] = [0.05, -0.05]
    h = relu(batchnorm(X @ W1 + b1, g1, c1))
    z = h @ W2 + b2
    L = cross_entropy(z, labels)
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(X, labels, W1, b1, g1, c1, W2, b2):
    h = torch.relu(F.batch_norm(X @ W1 + b1, None, None, g1, c1, training=True, eps=1e-5))
    z = h @ W2 + b2
    return {"h": h, "z": z, "L": F.cross_entropy(z, labels.long())}


# ==========================================================================================
# grad() inside expressions: derivatives of derivatives (torch.autograd.grad, create_graph=True)
# ==========================================================================================

@case("grad_third_derivative", """
    # grad(grad(grad(x^4, x), x), x) = 24x, and its own derivative 24
    param x = 2
    y = grad(grad(grad(x^4, x), x), x)
    minimize y by sgd(lr = 0.1) for 1 steps
""")
def _(x):
    g1, = torch.autograd.grad(x ** 4, x, create_graph=True)
    g2, = torch.autograd.grad(g1, x, create_graph=True)
    g3, = torch.autograd.grad(g2, x, create_graph=True)
    return {"y": g3}


@case("grad_penalty", """
    # a gradient-norm penalty on the inputs: L2 = L + 0.1 * sum(grad(L, X)^2)
    param w[2] = [0.5, -1]
    input X[3, 2] = [[1, 2], [0.5, -1], [2, 0]]
    input t[3] = [1, 0, 1]
    p = sigmoid(X @ w)
    L = -mean(t * log(p) + (1 - t) * log(1 - p))
    L2 = L + 0.1 * sum(grad(L, X)^2)
    minimize L2 by sgd(lr = 0.1) for 1 steps
""")
def _(w, X, t):
    X = X.clone().requires_grad_(True)
    p = torch.sigmoid(X @ w)
    L = -torch.mean(t * torch.log(p) + (1 - t) * torch.log(1 - p))
    gX, = torch.autograd.grad(L, X, create_graph=True)
    return {"p": p, "L": L, "L2": L + 0.1 * torch.sum(gX ** 2)}


@case("grad_of_definition_tanh", """
    # the gradient with respect to a definition, used in an expression, then differentiated
    param a[3] = [0.3, -0.8, 1.1]
    h = tanh(a * 2)
    s = sum(h^3)
    d = grad(s, h)
    L = sum(d * a)
    minimize L by sgd(lr = 0.1) for 1 steps
""")
def _(a):
    h = torch.tanh(a * 2)
    s = torch.sum(h ** 3)
    d, = torch.autograd.grad(s, h, create_graph=True)
    return {"h": h, "s": s, "d": d, "L": torch.sum(d * a)}


# ==========================================================================================
# harness
# ==========================================================================================

DECL = re.compile(r"^(param|input|const)\s+(\w+)\s*(\[[^\]]*\])?\s*=\s*(.+)$")
DIM = re.compile(r"^dim\s+(\w+)\s*=\s*(\d+)$")
FN = re.compile(r"^fn\s+\w+\s*\(")
DEF = re.compile(r"^(\w+)\s*=\s*(.+)$")
OBJ = re.compile(r"^(minimize|maximize)\s+(\w+)\s+by\s+(sgd|adam)\s*\((.*)\)\s+for\s+1\s+steps$")
CONSTANTS = {"pi": math.pi, "π": math.pi}


def statements(source):
    for line in source.splitlines():
        for stmt in line.split("#", 1)[0].split(";"):
            if stmt.strip():
                yield stmt.strip()


def parse(name, source):
    """Reads declarations, definition names and the objective line; expressions are not parsed."""
    dims, decls, defs, objective = {}, {}, [], None
    for stmt in statements(source):
        if m := DIM.match(stmt):
            dims[m[1]] = int(m[2])
        elif m := DECL.match(stmt):
            kind, var, shape, value = m.groups()
            assert "^" not in value, (name, stmt)
            data = torch.tensor(eval(value, {"__builtins__": {}}, CONSTANTS), dtype=torch.float64)
            want = [] if shape is None else \
                [dims[d.strip()] if d.strip() in dims else int(d) for d in shape[1:-1].split(",")]
            assert list(data.shape) == want, (name, var, list(data.shape), want)
            decls[var] = (kind, data)
        elif FN.match(stmt):
            pass
        elif m := OBJ.match(stmt):
            args = dict((k.strip(), float(v)) for k, v in
                        (a.split("=") for a in m[4].split(",")))
            objective = (m[2], m[1] == "maximize", m[3], args)
        elif m := DEF.match(stmt):
            defs.append(m[1])
        else:
            raise ValueError(f"{name}: cannot classify statement {stmt!r}")
    assert objective is not None, name
    return decls, defs, objective


def py_name(var):
    return var + "_" if keyword.iskeyword(var) else var


def as_json_value(t):
    t = t.detach().to(torch.float64)
    assert torch.isfinite(t).all(), t
    return t.tolist()


def one_step(params, grads, maximize, opt, args):
    """The params after one step of torch.optim.SGD / Adam in float64."""
    leaves = [p.detach().clone().requires_grad_(True) for p in params]
    for leaf, g in zip(leaves, grads):
        leaf.grad = g.clone()
    if opt == "sgd":
        assert set(args) <= {"lr", "momentum"}, args
        o = torch.optim.SGD(leaves, lr=args["lr"], momentum=args.get("momentum", 0.0),
                            maximize=maximize)
    else:
        assert set(args) == {"lr", "beta1", "beta2", "eps"}, args
        o = torch.optim.Adam(leaves, lr=args["lr"], betas=(args["beta1"], args["beta2"]),
                             eps=args["eps"], maximize=maximize)
    o.step()
    return [leaf.detach() for leaf in leaves]


def evaluate(name, source, fn):
    decls, defs, (obj, maximize, opt, args) = parse(name, source)
    tensors = {}
    for var, (kind, data) in decls.items():
        tensors[var] = data.clone().requires_grad_(kind == "param")
    expected_args = [py_name(v) for v in decls]
    got_args = list(inspect.signature(fn).parameters)
    assert sorted(got_args) == sorted(expected_args), (name, got_args, expected_args)
    values = fn(**{py_name(v): t for v, t in tensors.items()})
    assert list(values) == defs, (name, list(values), defs)
    L = values[obj]
    assert L.dim() == 0, (name, "objective is not a scalar")
    params = [v for v, (kind, _) in decls.items() if kind == "param"]
    leaves = [tensors[p] for p in params]
    if L.requires_grad:
        grads = torch.autograd.grad(L, leaves, allow_unused=True)
    else:
        grads = [None] * len(leaves)
    grads = [torch.zeros_like(p) if g is None else g for p, g in zip(leaves, grads)]
    updated = one_step(leaves, grads, maximize, opt, args)
    return {
        "values": {k: as_json_value(v) for k, v in values.items()},
        "objective": obj,
        "gradients": {p: as_json_value(g) for p, g in zip(params, grads)},
        "updated": {p: as_json_value(u) for p, u in zip(params, updated)},
    }


def dumps(doc):
    """JSON with one entry per line; floats keep full precision (Python's repr)."""
    def block(d):
        return "{\n" + ",\n".join(
            f"    {json.dumps(k, ensure_ascii=False)}: {json.dumps(v)}" for k, v in d.items()
        ) + "\n  }" if d else "{}"
    return ("{\n"
            f'  "values": {block(doc["values"])},\n'
            f'  "objective": {json.dumps(doc["objective"], ensure_ascii=False)},\n'
            f'  "gradients": {block(doc["gradients"])},\n'
            f'  "updated": {block(doc["updated"])}\n'
            "}\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    wanted = set()
    for name, (source, fn, opts) in CASES.items():
        doc = evaluate(name, source, fn)
        assert json.loads(dumps(doc)) == doc, name
        nn = source.replace("\n", "\r\n") if opts["crlf"] else source
        with open(os.path.join(OUT, name + ".nn"), "w", encoding="utf-8", newline="") as f:
            f.write(nn)
        with open(os.path.join(OUT, name + ".expected.json"), "w", encoding="utf-8") as f:
            f.write(dumps(doc))
        wanted |= {name + ".nn", name + ".expected.json"}
    for stale in sorted(set(os.listdir(OUT)) - wanted):
        os.remove(os.path.join(OUT, stale))
        print(f"removed stale {stale}")
    print(f"wrote {len(CASES)} cases to {os.path.relpath(OUT)}")


if __name__ == "__main__":
    sys.exit(main())
