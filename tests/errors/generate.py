#!/usr/bin/env python3
"""Writes the error corpus: NAME.nn (a bad model) and NAME.err (`LINE:COL words`).

Each text case marks the expected error position with ⟦ (U+27E6), placed just before the
character the error must point at (at the very end for "end of file"); the marker is removed
and its line/column computed in Unicode code points. The positions follow the "Errors" section
of the language contract (shared LANGUAGE.md), not whatever nnc prints. Byte-level cases (NUL,
invalid UTF-8, CR/CRLF line endings, very long lines, deep nesting) are built in code below.

    cd tests/errors && python3 generate.py
"""
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
MARK = "\u27e6"

# name -> (source with one MARK, words)
CASES = {}
# name -> (bytes, line, col, words)
RAW = {}


def case(name, src, words):
    assert name not in CASES and name not in RAW, name
    assert src.count(MARK) == 1, name
    CASES[name] = (src, words)


def raw(name, data, line, col, words):
    assert name not in CASES and name not in RAW, name
    RAW[name] = (data, line, col, words)


V2 = "param a[2] = [1, 2]\nparam b[3] = [1, 2, 3]\n"
M = "param A[2, 3] = [[1, 2, 3], [4, 5, 6]]\n"

# ---------------------------------------------------------------- syntax
case("syn_missing_paren_eof", "param x[2] = [1, 2]\ny = sin(x" + MARK, "end of file")
case("syn_missing_bracket_eof", "y = [1, 2" + MARK, "end of file")
case("syn_missing_paren_eof_newline", "x = 1\ny = (x + 1\n" + MARK, "end of file")
case("syn_missing_shape_bracket_eof", "param w[2, 3" + MARK, "end of file")
case("syn_missing_index_bracket_eof", "param x[3] = [1, 2, 3]\ny = x[0" + MARK, "end of file")
case("syn_missing_call_paren_multiline_eof",
     "param x[2] = [1, 2]\ny = max(x,\n        " + MARK, "end of file")
case("syn_trailing_operator_eof", "x = 1\ny = x +" + MARK, "end of file")
case("syn_stray_operator", "x = 1\ny = x * " + MARK + "* 2\n", "unexpected")
case("syn_stray_close_paren", "x = 1\ny = x + 1" + MARK + ")\n", "unexpected")
case("syn_unknown_char_dollar", "x = 1\ny = x " + MARK + "$ 2\n", "unexpected character")
case("syn_unknown_op_atat", M + "y = A @" + MARK + "@ A\n", "unexpected")
case("syn_unknown_char_times_sign", "x = 1\ny = x " + MARK + "\u00d7 2\n", "unexpected character")
case("syn_unknown_char_after_astral", "\U0001d465 = 1\ny = \U0001d465 " + MARK + "\u00d7 2\n",
     "unexpected character")
case("syn_tab_column", "y =\t1 " + MARK + "$\n", "unexpected character")
case("syn_two_expressions", "x = 1\ny = x " + MARK + "2\n", "unexpected")
case("syn_bad_number_exponent", "y = " + MARK + "1e\n", "number")
case("syn_bad_number_exponent_sign", "x = 2\ny = x * " + MARK + "2.5e-\n", "number")
case("syn_unterminated_string", "x = 1\ny = " + MARK + "\"abc + x\n", "string")
case("syn_param_no_name", "param " + MARK + "[3] = [1, 2, 3]\n", "name")
case("syn_param_eq_nothing", "param = " + MARK + "\nx = 1\n", "end of line")
case("syn_minimize_without_by", "L = 1\nminimize L " + MARK + "sgd(lr = 0.1) for 1 steps\n", "'by'")
case("syn_fn_without_parens", "fn f " + MARK + "= 2\n", "'('")
case("syn_dim_without_equals", "dim H " + MARK + "5\n", "'='")
case("syn_stray_operator_leading", "y = " + MARK + "* 2\n", "unexpected")
case("syn_minimize_alone", "L = 1\nminimize" + MARK, "end of file")
case("syn_fn_no_name", "fn " + MARK + "(a) = a\n", "name")
case("syn_comma_in_definition", "y = 1" + MARK + ", 2\n", "unexpected")
case("syn_double_equals_statement", "y " + MARK + "== 1\n", "unexpected")
case("syn_empty_argument", "x = 1\ny = max(x, " + MARK + ")\n", "unexpected")
case("syn_semicolon_then_junk", "x = 1; " + MARK + ") = 2\n", "unexpected")

# ---------------------------------------------------------------- undefined names
case("undef_in_expr", "param w = 1\ny = w + " + MARK + "z\n", "undefined")
case("undef_near_miss", "param weight = 1\ny = " + MARK + "wieght * 2\n", "weight")
case("undef_use_before_def", "y = " + MARK + "x + 1\nx = 2\n", "'x'")
case("undef_in_index", "param x[3] = [1, 2, 3]\ny = x[" + MARK + "k]\n", "undefined")
case("undef_unbound_dim_in_shape", "param W[2, " + MARK + "H] = zeros\n", "'H'")
case("undef_in_fn_body", "fn f(a) = a + " + MARK + "b\ny = f(1)\n", "undefined")
case("undef_in_fn_body_uncalled", "fn f(a) = a * " + MARK + "b\ny = 1\n", "undefined")
case("undef_optimizer_argument",
     "param w = 1\nL = w^2\nminimize L by sgd(lr = " + MARK + "rate) for 1 steps\n", "undefined")
case("undef_function_used_as_value", "fn f(a) = 2 * a\ny = " + MARK + "f + 1\n", "function")
case("undef_in_dim_value", "dim H = " + MARK + "K\n", "'K'")

# ---------------------------------------------------------------- redefinitions
case("redef_def_after_param", "param w = 1\n" + MARK + "w = 2\n", "already defined")
case("redef_dim_twice", "dim H = 2\ndim " + MARK + "H = 3\n", "already defined")
case("redef_fn_twice", "fn f(a) = a\nfn " + MARK + "f(b) = 2 * b\n", "already defined")
case("redef_def_twice", "y = 1\n" + MARK + "y = 2\n", "already defined")
case("redef_input_after_param", "param x = 1\ninput " + MARK + "x = 2\n", "already defined")
case("redef_after_semicolon", "y = 1; " + MARK + "y = 2\n", "already defined")
case("redef_fn_parameter_twice", "fn f(a, " + MARK + "a) = a\n", "twice")
case("redef_fn_after_def", "f = 1\nfn " + MARK + "f(a) = a\n", "already defined")

# ---------------------------------------------------------------- shape mismatches (at the operator)
for name, op in [("add", "+"), ("sub", "-"), ("mul", "*"), ("div", "/"), ("pow", "^"),
                 ("lt", "<"), ("le", "<="), ("gt", ">"), ("ge", ">="), ("eq", "=="), ("ne", "!=")]:
    case("shape_" + name, V2 + "y = a " + MARK + op + " b\n", "shape")
case("shape_broadcast_trailing", M + "param v[2] = [1, 2]\ny = A " + MARK + "+ v\n", "shape")
case("shape_dot_inner", V2 + "y = a " + MARK + "\u00b7 b\n", "shape")
case("shape_matmul_inner", M + "y = A " + MARK + "@ A\n", "shape")
case("shape_matmul_vector", M + "param v[2] = [1, 2]\ny = A " + MARK + "@ v\n", "shape")
case("shape_dot_scalars", "param a = 1\nparam b = 2\ny = a " + MARK + "\u00b7 b\n", "vector")
case("shape_matmul_rank3", "param C[2, 2, 2] = zeros\ny = C " + MARK + "@ C\n", "2-D")
case("shape_in_fn_body", "fn f(u, v) = u " + MARK + "+ v\n" + V2 + "y = f(a, b)\n", "shape")
case("shape_inside_parens", V2 + "y = (a * 2) " + MARK + "- (b + 1)\n", "shape")
case("shape_second_of_chain", V2 + "y = a + a " + MARK + "+ b\n", "shape")
case("shape_unicode_names", "\u03b8 = [1, 2]\n\u03c6 = \u03b8 " + MARK + "+ [1, 2, 3]\n", "shape")
case("shape_astral_names", "\U0001d464 = [1, 2]\n\U0001d463 = \U0001d464 " + MARK + "* [1, 2, 3]\n", "shape")

# ---------------------------------------------------------------- bad calls (at the function's name)
X3 = "param x[3] = [1, 2, 3]\n"
case("call_sin_two_args", X3 + "y = " + MARK + "sin(x, x)\n", "argument")
case("call_max_one_arg", X3 + "y = " + MARK + "max(x)\n", "argument")
case("call_sum_axis_out_of_range", X3 + "y = " + MARK + "sum(x, axis = 5)\n", "axis")
case("call_sum_misspelled_kwarg", X3 + "y = " + MARK + "sum(x, axiz = 0)\n", "axiz")
case("call_softmax_axis_out_of_range", X3 + "y = " + MARK + "softmax(x, axis = 1)\n", "axis")
case("call_reshape_wrong_size", X3 + "y = " + MARK + "reshape(x, [2, 2])\n", "reshape")
case("call_onehot_non_integer", X3 + "y = " + MARK + "onehot(x, 2.5)\n", "integer")
case("call_cross_entropy_shapes",
     "param z[3, 4] = zeros\ninput t[2] = [0, 1]\nL = " + MARK + "cross_entropy(z, t)\n", "cross_entropy")
case("call_unknown_near_miss", X3 + "y = " + MARK + "sigmod(x)\n", "sigmoid")
case("call_unknown_function", X3 + "y = 2 * " + MARK + "frobnicate(x)\n", "unknown function")
case("call_positional_after_keyword", X3 + "y = " + MARK + "sum(axis = 0, x)\n", "positional")
case("call_dot_mismatch", V2 + "y = " + MARK + "dot(a, b)\n", "shape")
case("call_dot_matrices", M + "y = " + MARK + "dot(A, A)\n", "vector")
case("call_initializer_in_expression", X3 + "y = x + " + MARK + "uniform(0, 1)\n", "initializer")
case("call_fn_too_few_args", "fn f(a, b) = a + b\ny = " + MARK + "f(1)\n", "argument")
case("call_fn_too_many_args", "fn f(a, b) = a + b\ny = " + MARK + "f(1, 2, 3)\n", "argument")
case("call_fn_recursive", "fn f(a) = " + MARK + "f(a) + 1\ny = f(1)\n", "recursi")
case("call_fn_mutual_recursion", "fn f(a) = g(a)\nfn g(a) = " + MARK + "f(a)\ny = f(1)\n", "recursi")
case("call_name_not_function", "param w = 1\ny = " + MARK + "w(2)\n", "not a function")
case("call_uniform_bad_bounds", "param w[2] = " + MARK + "uniform(1, 0)\n", "uniform")
case("call_normal_negative_std", "param w[2] = " + MARK + "normal(0, -1)\n", "normal")

# ---------------------------------------------------------------- indexing
case("index_out_of_range", X3 + "y = x[" + MARK + "3]\n", "out of range")
case("index_negative_out_of_range", X3 + "y = x[" + MARK + "-4]\n", "out of range")
case("index_too_many", X3 + "y = x[0, " + MARK + "1]\n", "indices")
case("index_scalar", "param s = 1\ny = s[" + MARK + "0]\n", "indices")
case("index_zero_step", X3 + "y = x[::" + MARK + "0]\n", "step")
case("index_empty_slice", X3 + "y = x[" + MARK + "2:1]\n", "empty")
case("index_non_integer", X3 + "y = x[" + MARK + "1.5]\n", "integer")
case("index_not_constant", X3 + "param k = 1\ny = x[" + MARK + "k]\n", "constant")

# ---------------------------------------------------------------- values that do not fit declarations
case("value_wrong_length", "param w[3] = " + MARK + "[1, 2]\n", "shape")
case("value_wrong_length_input", "input x[2] = " + MARK + "[1, 2, 3]\n", "shape")
case("value_wrong_matrix", "param W[2, 3] = " + MARK + "[[1, 2, 3]]\n", "shape")
case("value_ragged", "const c[2, 2] = " + MARK + "[[1, 2], [3]]\n", "ragged")
case("value_list_of_param", "param w = 1\nconst c[2] = " + MARK + "[w, 1]\n", "constant")
case("value_param_from_param", "param w = 1\nparam v[2] = " + MARK + "[w, 1]\n", "constant")
case("value_const_uses_param", "param w = 1\nconst c = " + MARK + "w * 2\n", "constant")
case("value_empty_list", "param w[2] = " + MARK + "[]\n", "empty")
case("value_const_missing", "const " + MARK + "c[2]\n", "value")
case("value_param_missing", "param " + MARK + "w[2]\n", "initial value")
case("value_string", "x = " + MARK + "\"abc\"\n", "string")

# ---------------------------------------------------------------- sizes
case("size_zero", "param w[" + MARK + "0] = zeros\n", "positive")
case("size_negative", "param w[" + MARK + "-2] = zeros\n", "positive")
case("size_fractional", "param w[" + MARK + "2.5] = zeros\n", "integer")
case("size_absurd", "param " + MARK + "w[100000, 100000, 100] = zeros\n", "large")
case("size_absurd_via_dims", "dim H = 100000\nparam " + MARK + "W[H, H, H] = zeros\n", "large")
case("size_absurd_input", "input " + MARK + "X[1000000, 1000000]\n", "large")
case("size_dim_zero", "dim H = " + MARK + "0\nparam w[H] = zeros\n", "positive")
case("size_dim_fractional", "dim H = " + MARK + "2.5\n", "integer")
case("size_dim_from_param", "param w = 3\ndim H = " + MARK + "w\n", "constant")
case("size_absurd_definition",
     "param a[100000, 1] = zeros\nparam b[1, 100000] = zeros\n" + MARK + "y = a @ b\n", "large")

# ---------------------------------------------------------------- objectives (at the name after minimize/maximize)
case("grad_size_absurd_definition",
     "param a[100000, 1] = zeros\nparam b[1, 100000] = zeros\n" + MARK + "y = a @ b\nL = sum(y)\nminimize L by sgd(lr = 0.1) for 1 steps\n", "large")

case("obj_undefined", "param w = 1\nL = w^2\nminimize " + MARK + "Loss by sgd(lr = 0.1) for 1 steps\n", "objective")
case("obj_maximize_undefined", "param w = 1\nmaximize " + MARK + "R by sgd(lr = 0.1) for 1 steps\n", "objective")
case("obj_not_scalar", "param w[2] = [1, 2]\nL = w * 2\nminimize " + MARK + "L by sgd(lr = 0.1) for 1 steps\n",
     "scalar")
case("obj_second_minimize",
     "param w = 1\nL = w^2\nM = w^4\nminimize L by sgd(lr = 0.1) for 1 steps\nminimize " + MARK
     + "M by sgd(lr = 0.1) for 1 steps\n", "objective")
case("obj_function", "param w = 1\nfn f(a) = a^2\nminimize " + MARK + "f by sgd(lr = 0.1) for 1 steps\n",
     "function")
# found by the fuzzer (MutationFuzzProperties, 2nd 100,000 run): a swap made an input the
# objective, and nnc answered "--of x: the file has no definition named 'x'" with no position
case("obj_input", "param w = 1\ninput x = 2\nl = (exp(w) - x)^2\nminimize " + MARK + "x by sgd(lr = 0.1) for 1 steps\n",
     "not a definition")
case("obj_param", "param w = 1\nmaximize " + MARK + "w by sgd(lr = 0.1) for 1 steps\n", "not a definition")
case("obj_report", "param w = 1\nreport r = w * 2\nminimize " + MARK + "r by sgd(lr = 0.1) for 1 steps\n", "report")
case("grad_obj_const", "const c = 1\nparam w = 1\nL = w * c\nminimize " + MARK + "c by sgd(lr = 0.1) for 1 steps\n",
     "constant")

# ---------------------------------------------------------------- optimizers
OBJ = "param w = 1\nL = w^2\n"
case("opt_unknown", OBJ + "minimize L by " + MARK + "rmsprop(lr = 0.1) for 1 steps\n", "optimizer")
case("opt_near_miss", OBJ + "minimize L by " + MARK + "adan(lr = 0.1) for 1 steps\n", "adam")
case("opt_negative_lr", OBJ + "minimize L by " + MARK + "sgd(lr = -0.1) for 1 steps\n", "lr")
case("opt_missing_lr", OBJ + "minimize L by " + MARK + "sgd() for 1 steps\n", "lr")
case("opt_misspelled_kwarg", OBJ + "minimize L by " + MARK + "sgd(lr = 0.1, momentun = 0.9) for 1 steps\n",
     "momentun")
case("opt_newton_negative_damping", OBJ + "minimize L by " + MARK + "newton(damping = -1) for 5 steps\n", "damping")
case("opt_newton_zero_damping", OBJ + "minimize L by " + MARK + "newton(0) for 5 steps\n", "damping")
case("opt_newton_has_no_lr", OBJ + "minimize L by " + MARK + "newton(lr = 0.1) for 5 steps\n", "no argument 'lr'")
case("opt_newton_with_batch", OBJ + "minimize L by newton(damping = 1e-3) for 5 steps batch " + MARK + "2\n",
     "whole training split")
case("opt_newton_too_many_params", "param w[2001] = 0\nL = sum(w^2)\nminimize L by " + MARK
     + "newton(damping = 1e-3) for 5 steps\n", "lbfgs")
case("opt_lbfgs_zero_history", OBJ + "minimize L by " + MARK + "lbfgs(m = 0) for 5 steps\n", "between 1")
case("opt_lbfgs_fractional_history", OBJ + "minimize L by " + MARK + "lbfgs(m = 2.5) for 5 steps\n", "integer")
case("opt_lbfgs_has_no_lr", OBJ + "minimize L by " + MARK + "lbfgs(lr = 1) for 5 steps\n", "no argument 'lr'")
case("opt_not_a_call", OBJ + "minimize L by " + MARK + "0.1 for 1 steps\n", "optimizer")
case("opt_zero_steps", OBJ + "minimize L by sgd(lr = 0.1) for " + MARK + "0 steps\n", "positive")
case("opt_negative_epochs", OBJ + "minimize L by sgd(lr = 0.1) for " + MARK + "-3 epochs\n", "positive")
case("opt_fractional_steps", OBJ + "minimize L by sgd(lr = 0.1) for " + MARK + "2.5 steps\n", "integer")
case("opt_apples", OBJ + "minimize L by sgd(lr = 0.1) for 3 " + MARK + "apples\n", "epochs")
case("opt_batch_zero", OBJ + "minimize L by sgd(lr = 0.1) for 1 epochs batch " + MARK + "0\n", "batch")

# ---------------------------------------------------------------- not supported yet
case("data_missing_file", "input x[N]\ndata train = " + MARK + "csv(\"no_such_file.csv\", x = x)\n", "no such file")
case("data_unknown_column", "input x[N]\ndata train = csv(\"../../bench/data/mle_points.csv\", x = " + MARK + "z)\n", "no column 'z'")
case("data_binds_non_input", "param w = 1\ninput x[N]\ndata train = csv(\"../../bench/data/mle_points.csv\", x = x, " + MARK + "w = y)\n", "not an input")
case("data_unknown_source", "input x[N]\ndata train = " + MARK + "parquet(\"a.parquet\", x = x)\n", "unknown data source")
case("report_not_scalar", "param w[2] = [1, 2]\nreport " + MARK + "acc = w\n", "scalar")
case("conv2d_channels_mismatch", "param x[1, 3, 4, 4] = zeros\nparam k[2, 2, 2, 2] = ones\ny = " + MARK + "conv2d(x, k)\n", "channels")
case("conv2d_kernel_too_big", "param x[3, 3] = zeros\nparam k[4, 2] = ones\ny = " + MARK + "conv2d(x, k)\n", "does not fit")
case("conv2d_rank_mismatch", "param x[3, 3] = zeros\nparam k[1, 1, 2, 2] = ones\ny = " + MARK + "conv2d(x, k)\n", "conv2d takes")
case("conv2d_zero_stride", "param x[3, 3] = zeros\nparam k[2, 2] = ones\ny = " + MARK + "conv2d(x, k, stride = 0)\n", "stride")
case("maxpool_window_too_big", "param x[4, 4] = zeros\ny = " + MARK + "maxpool(x, [5, 2])\n", "does not fit")
case("maxpool_padding_too_big", "param x[4, 4] = zeros\ny = " + MARK + "maxpool(x, [2, 2], padding = 2)\n", "padding")
case("batchnorm_gamma_shape", "param x[4, 3] = zeros\nparam g[4] = ones\nparam b[3] = zeros\ny = " + MARK + "batchnorm(x, g, b)\n", "gamma")
case("grad_not_scalar", "param w[2] = [1, 2]\ng = " + MARK + "grad(w * 2, w)\n", "scalar")
case("grad_wrt_expression", "param w = 1\nL = w^2\ng = " + MARK + "grad(L, w * 2)\n", "must name")
case("grad_wrt_constant", "const c = 3\nparam w = 1\nL = w * c\ng = " + MARK + "grad(L, c)\n", "not a constant")

# ---------------------------------------------------------------- attributes
case("attr_lowercase_t", X3 + "y = x." + MARK + "t\n", "attribute")
case("attr_shape", M + "y = A." + MARK + "shape\n", "attribute")

# ---------------------------------------------------------------- grad (evaluation needed)
case("grad_input_without_value",
     "param w[2] = [1, 2]\ninput " + MARK + "x[2]\nL = w \u00b7 x\nminimize L by sgd(lr = 0.1) for 1 steps\n",
     "no value")
case("grad_no_objective", MARK + "param w = 1\ny = w * 2\n", "minimize")
case("grad_no_objective_comments_first", MARK + "# a comment\n\n  param w = 1\ny = w * 2\n", "minimize")
case("grad_empty_file", MARK, "minimize")


# ---------------------------------------------------------------- bad data files (in data/, written below)
# A data file that cannot be read is a bad call: the error points at the source's name.
IN2 = "input x[N]\ninput y[N]\n"
case("data_csv_ragged", IN2 + "data train = " + MARK + "csv(\"data/ragged.csv\", x = a, y = b)\n", "ragged.csv")
case("data_csv_not_a_number", IN2 + "data train = " + MARK + "csv(\"data/words.csv\", x = a, y = b)\n", "words.csv")
case("data_csv_empty", IN2 + "data train = " + MARK + "csv(\"data/empty.csv\", x = a, y = b)\n", "empty.csv")
case("data_csv_header_only", IN2 + "data train = " + MARK + "csv(\"data/header_only.csv\", x = a, y = b)\n", "header_only.csv")
case("data_csv_binary", IN2 + "data train = " + MARK + "csv(\"data/garbage.npy\", x = a, y = b)\n", "garbage.npy")
case("data_csv_wrong_column", IN2 + "data train = csv(\"data/good.csv\", x = a, y = " + MARK + "c)\n", "no column 'c'")
case("data_csv_column_list_wrong", "input X[N, 2]\ndata train = csv(\"data/good.csv\", X = [a, " + MARK + "zz])\n", "no column 'zz'")
# the data does not fit a declaration: at the input's name, as a value that does not fit
case("data_csv_wrong_width", "input " + MARK + "X[N, 3]\ndata train = csv(\"data/good.csv\", X = [a, b])\n", "[2, 2]")
case("data_npy_garbage", IN2 + "data train = " + MARK + "npy(\"data/garbage.npy\", x = 0, y = 1)\n", "garbage.npy")
case("data_npy_truncated", IN2 + "data train = " + MARK + "npy(\"data/truncated.npy\", x = 0, y = 1)\n", "truncated.npy")
case("data_npy_bad_header", IN2 + "data train = " + MARK + "npy(\"data/bad_header.npy\", x = 0, y = 1)\n", "bad_header.npy")
case("data_npy_column_out_of_range", IN2 + "data train = npy(\"data/good.npy\", x = 0, y = " + MARK + "5)\n", "column")
case("data_npy_missing", IN2 + "data train = " + MARK + "npy(\"data/no_such.npy\", x = 0, y = 1)\n", "no such file")
case("data_idx_garbage", "input X[N, 784]\ninput y[N]\ndata train = " + MARK
     + "idx(\"data/garbage.npy\", \"data/labels.idx\", X = images, y = labels)\n", "garbage.npy")
case("data_idx_truncated", "input X[N, 784]\ninput y[N]\ndata train = " + MARK
     + "idx(\"data/truncated_images.idx\", \"data/labels.idx\", X = images, y = labels)\n", "truncated_images.idx")
case("data_idx_missing_labels", "input X[N, 784]\ninput y[N]\ndata train = " + MARK
     + "idx(\"data/images.idx\", \"data/no_labels.idx\", X = images, y = labels)\n", "no such file")
case("data_csv_is_a_directory", IN2 + "data train = " + MARK + "csv(\"data\", x = a, y = b)\n", "data")

# ---------------------------------------------------------------- shapes of the other ops (at the function's name)
case("call_max_shapes", V2 + "y = " + MARK + "max(a, b)\n", "shape")
case("call_min_shapes", V2 + "y = " + MARK + "min(a, b)\n", "shape")
case("call_pow_shapes", V2 + "y = " + MARK + "pow(a, b)\n", "shape")
case("call_logsumexp_axis", X3 + "y = " + MARK + "logsumexp(x, axis = 1)\n", "axis")
case("call_mean_axis", M + "y = " + MARK + "mean(A, axis = -3)\n", "axis")
case("call_argmax_axis", X3 + "y = " + MARK + "argmax(x, axis = 2)\n", "axis")
case("call_log_softmax_axis", M + "y = " + MARK + "log_softmax(A, axis = 2)\n", "axis")
case("call_flatten_axis", M + "y = " + MARK + "flatten(A, axis = 3)\n", "axis")
case("call_avgpool_window_too_big", "param x[4, 4] = zeros\ny = " + MARK + "avgpool(x, [2, 5])\n", "does not fit")
case("call_conv2d_kernel_rank", "param x[1, 1, 4, 4] = zeros\nparam k[2, 2, 2] = ones\ny = " + MARK + "conv2d(x, k)\n", "conv2d")
case("call_batchnorm_beta_shape",
     "param x[4, 3] = zeros\nparam g[3] = ones\nparam b[4] = zeros\ny = " + MARK + "batchnorm(x, g, b)\n", "beta")
case("call_onehot_zero_classes", X3 + "y = " + MARK + "onehot(x, 0)\n", "positive")
case("call_exp_no_args", "y = " + MARK + "exp()\n", "argument")
case("call_grad_unknown_wrt", "param w = 1\nL = w^2\ng = grad(L, " + MARK + "v)\n", "undefined")


def pos(text):
    i = text.index(MARK)
    before = text[:i]
    # line breaks as the grammar's NEWLINE: \r\n, \n or \r
    lines = re.split(r"\r\n|\n|\r", before)
    return len(lines), len(lines[-1]) + 1  # Python str indexes are code points


# ---------------------------------------------------------------- byte-level and stress cases
raw("bytes_nul", b"x = 1\ny = x\x00 + 1\n", 2, 6, "NUL")
raw("bytes_invalid_utf8", b"x = 1\ny = \xff\xfe + x\n", 2, 5, "UTF-8")
raw("bytes_invalid_utf8_after_unicode", "\u03b8 = 1\nz = \u03b8 + ".encode() + b"\xc3\x28\n", 2, 9, "UTF-8")
raw("bytes_crlf_line3",
    (V2 + "y = a + b\n").replace("\n", "\r\n").encode(), 3, 7, "shape")
raw("bytes_cr_only_line3",
    (V2 + "y = a + b\n").replace("\n", "\r").encode(), 3, 7, "shape")
raw("bytes_bom_then_error", "\ufeffx = 1\ny = x $ 1\n".encode(), 2, 7, "unexpected character")

# A 100,000-character line: a long list, then an undefined name at its very end.
items = ", ".join(["0"] * 33340)
line = "y = sum([" + items + "]) + "
raw("long_line_undefined_at_end", (line + "zz\n").encode(), 1, len(line) + 1, "undefined")
assert len(line) >= 100000
# A 100,000-character chain of additions (a deep left-leaning tree), ending in an undefined name.
chain = "y = " + "1 + " * 25000
raw("long_line_addition_chain", (chain + "zz\n").encode(), 1, len(chain) + 1, "undefined")
# 5,000 nested parentheses: nnc's limit is 256 brackets (Parsing.MAX_NESTING); the error points
# at the first bracket past it. If the limit changes, so does this column.
depth, limit = 5000, 256
raw("deep_parens_5000", ("y = " + "(" * depth + "1" + ")" * depth + "\n").encode(), 1, 4 + limit + 1, "nested")
raw("deep_brackets_5000", ("const c = " + "[" * depth + "1" + "]" * depth + "\n").encode(), 1, 10 + limit + 1,
    "nested")
raw("deep_calls_5000", ("y = " + "sin(" * depth + "1" + ")" * depth + "\n").encode(), 1, 4 + 4 * limit + 4,
    "nested")
# 5,000 unary minuses: no brackets at all, so the answer or the error is about the name at the end.
neg = "y = " + "-" * depth
raw("deep_unary_minus_5000", (neg + "zz\n").encode(), 1, len(neg) + 1, "undefined")
pw = "y = " + "2 ^ " * depth
raw("deep_power_chain_5000", (pw + "zz\n").encode(), 1, len(pw) + 1, "undefined")


def data_files():
    """Small bad data files in data/, named by the data_* cases."""
    d = os.path.join(HERE, "data")
    os.makedirs(d, exist_ok=True)
    def w(name, b):
        with open(os.path.join(d, name), "wb") as f:
            f.write(b)
    w("good.csv", b"a,b\n1,2\n3,4\n")
    w("ragged.csv", b"a,b\n1,2\n3\n5,6\n")
    w("words.csv", b"a,b\n1,2\nthree,4\n")
    w("empty.csv", b"")
    w("header_only.csv", b"a,b\n")
    import random
    r = random.Random(7)
    w("garbage.npy", bytes(r.randrange(256) for _ in range(300)))
    import struct
    def npy(shape, values):
        header = "{'descr': '<f8', 'fortran_order': False, 'shape': (%s), }" % ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else "")
        header = "{'descr': '<f8', 'fortran_order': False, 'shape': (%s%s), }" % (", ".join(str(s) for s in shape), "," if len(shape) == 1 else "")
        header += " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
        return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode() + struct.pack("<%dd" % len(values), *values)
    w("good.npy", npy((3, 2), [1, 2, 3, 4, 5, 6]))
    w("truncated.npy", npy((3, 2), [1, 2, 3, 4, 5, 6])[:-20])
    w("bad_header.npy", npy((3, 2), [1, 2, 3, 4, 5, 6]).replace(b"'descr': '<f8'", b"'descr': '<q9'"))
    # IDX: images [n, 28, 28] u8, labels [n] u8; the images file claims 5 images but holds 2
    w("labels.idx", struct.pack(">IIBBBBB", 0x00000801, 5, 0, 1, 2, 3, 4)[:8 + 5])
    w("images.idx", struct.pack(">IIII", 0x00000803, 2, 28, 28) + bytes(2 * 28 * 28))
    w("truncated_images.idx", struct.pack(">IIII", 0x00000803, 5, 28, 28) + bytes(2 * 28 * 28))


def main():
    for f in os.listdir(HERE):
        if f.endswith(".nn") or f.endswith(".err"):
            os.remove(os.path.join(HERE, f))
    for name, (src, words) in CASES.items():
        line, col = pos(src)
        with open(os.path.join(HERE, name + ".nn"), "wb") as f:
            f.write(src.replace(MARK, "").encode())
        with open(os.path.join(HERE, name + ".err"), "w") as f:
            f.write(f"{line}:{col} {words}\n")
    for name, (data, line, col, words) in RAW.items():
        with open(os.path.join(HERE, name + ".nn"), "wb") as f:
            f.write(data)
        with open(os.path.join(HERE, name + ".err"), "w") as f:
            f.write(f"{line}:{col} {words}\n")
    data_files()
    print(len(CASES) + len(RAW), "cases")


if __name__ == "__main__":
    main()
