#!/usr/bin/env -S /usr/bin/python3
"""nnc beside the peers of ../shared/bench (PyTorch eager, NumPy by hand, hand-written Java) on the
workloads W1-W6, side by side in one run, with the ratios.

    /usr/bin/python3 bench/compare.py                      # everything (~6 min on the 2-core machine)
    /usr/bin/python3 bench/compare.py --only W4,W5 --peers nnc,java,pytorch
    /usr/bin/python3 bench/compare.py --rounds 3            # the whole set three times; medians

For each workload variant the peers run one after another (nnc first), each in a fresh process,
timed by the same protocol (peers/common.py `bench`: steady-state time per step after warm-up,
final_loss of the last step, param_sum); `./nnc bench FILE --json` implements it for nnc. A run
disturbed by other processes (more than 0.15 of a core of foreign CPU) is repeated, as run_all.py
does. With --rounds K the whole set runs K times, one round after another (so a spell of load on the
host, which a guest cannot see as foreign CPU, hits one round, not one peer's every run); the table
gives each peer's median over the rounds and the ratios of those medians, and the target's ratio in
every round. Writes bench/results/compare.jsonl and bench/results/compare.md and prints the table.
Needs what ../shared/bench/results/REPORT.md lists (python3-torch, python3-numpy, libopenblas0-openmp
as the BLAS, dataset-fashion-mnist, a JDK 17).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# (id, nnc file, nnc flags, peer variant flags, H)
VARIANTS = [
    ("W1", "bench/w1_sine.nn", [], [], None, "float64"),
    ("W2", "bench/w2_mle.nn", [], [], None, "float64"),
    ("W3", "bench/w3_five.nn", ["--init", "bench/data/five_init.json"], [], None, "float64"),
    ("W4", "bench/w4_gmm.nn", ["--set", "H=5", "--init", "bench/data/gmm_init_5.json"], ["--H", "5"], 5, "float64"),
    ("W4", "bench/w4_gmm.nn", ["--set", "H=100", "--init", "bench/data/gmm_init_100.json"], ["--H", "100"], 100, "float64"),
    ("W4", "bench/w4_gmm.nn", ["--set", "H=500", "--init", "bench/data/gmm_init_500.json"], ["--H", "500"], 500, "float64"),
    ("W5", "bench/w5_fmnist_mlp.nn", [], ["--dtype", "float64"], None, "float64"),
    ("W5", "bench/w5_fmnist_mlp.nn", ["--float32"], ["--dtype", "float32"], None, "float32"),
    ("W6", "bench/w6_fmnist_cnn.nn", [], [], None, "float64"),
]
STEMS = {"W1": ("w1_sine", "W1Sine"), "W2": ("w2_mle", "W2Mle"), "W3": ("w3_five", "W3Five"), "W4": ("w4_gmm", "W4Gmm"),
         "W5": ("w5_fmnist_mlp", None), "W6": ("w6_fmnist_cnn", "W6FmnistCnn")}
TARGETS = {"W1": ("java", 0.8), "W2": ("java", 0.8), "W3": ("java", 0.8), "W4": ("java", 0.8),
           "W5": ("pytorch", 1.5), "W6": ("pytorch", 1.5)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--peers-dir", default=os.path.join(REPO, "..", "shared", "bench"))
    ap.add_argument("--only", help="workloads, e.g. W1,W5")
    ap.add_argument("--peers", default="nnc,java,pytorch,numpy")
    ap.add_argument("--rounds", type=int, default=1, help="run the whole set this many times; report medians")
    args = ap.parse_args()
    peers_dir = os.path.abspath(args.peers_dir)
    sys.path.insert(0, peers_dir)
    import run_all  # the peers' own runner: their commands, environment and disturbance check

    peers = args.peers.split(",")
    only = set(args.only.split(",")) if args.only else None
    classes = tempfile.mkdtemp(prefix="nnc-bench-java.")
    if "java" in peers:
        java_files = [os.path.join(peers_dir, "peers", "java", f) for f in os.listdir(os.path.join(peers_dir, "peers", "java"))
                      if f.endswith(".java")]
        subprocess.run(["javac", "-d", classes] + java_files, check=True)
    subprocess.run([os.path.join(REPO, "nnc"), "--version"], check=True, capture_output=True)  # build once, untimed

    results = []
    for rnd in range(1, args.rounds + 1):
        for (w, nn, flags, extra, H, dtype) in VARIANTS:
            if only and w not in only:
                continue
            stem, jcls = STEMS[w]
            for peer in peers:
                if peer == "nnc":
                    cmd = [os.path.join(REPO, "nnc"), "bench", os.path.join(REPO, nn), "--json"] + \
                          [os.path.join(REPO, f) if f.startswith("bench/") else f for f in flags]
                else:
                    cmd = run_all.command(peer, stem, jcls, extra, classes)
                label = "%s%s %s %s" % (w, "" if H is None else " H=%d" % H, dtype, peer)
                if args.rounds > 1:
                    label = "round %d/%d: %s" % (rnd, args.rounds, label)
                print("running " + label, file=sys.stderr, flush=True)
                rec = run_all.run_one(cmd, timeout=1800)
                rec.update({"workload": w, "peer": peer, "dtype": dtype, "round": rnd})
                if H is not None:
                    rec["H"] = H
                results.append(rec)
                if "error" in rec:
                    print("  " + rec["error"], file=sys.stderr)

    os.makedirs(os.path.join(REPO, "bench", "results"), exist_ok=True)
    with open(os.path.join(REPO, "bench", "results", "compare.jsonl"), "w") as f:
        for r in results:
            f.write(json.dumps(r) + "\n")
    text = table(results, peers, args.rounds)
    with open(os.path.join(REPO, "bench", "results", "compare.md"), "w") as f:
        f.write(text + "\n")
    print(text)


def median(xs):
    xs = sorted(xs)
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2.0


def table(results, peers, rounds=1):
    runs = {}
    for r in results:
        if "error" not in r:
            runs.setdefault((r["workload"], r.get("H"), r["dtype"]), {}).setdefault(r["peer"], []).append(r)
    # one record per peer: the first round's, with the median time over the rounds
    groups = {}
    for k, by_peer in runs.items():
        groups[k] = {}
        for p, recs in by_peer.items():
            rec = dict(recs[0])
            rec["steady_ns_per_step"] = median([x["steady_ns_per_step"] for x in recs])
            rec["in_run"] = any(x.get("steady_method") == "in-run" for x in recs)
            groups[k][p] = rec
    others = [p for p in peers if p != "nnc"]
    out = ["| workload | unit | " + " | ".join(peers) + " | " + " | ".join("nnc speed ÷ %s" % p for p in others)
           + " | target |" + (" target ratio in each round |" if rounds > 1 else "")
           + " nnc final loss | peers' final loss | nnc compile s |"]
    out.append("|" + "---|" * (out[0].count("|") - 1))
    units = {"W1": (1.0, "ns/step"), "W2": (1.0, "ns/step"), "W3": (1e3, "µs/epoch"), "W4": (1e6, "ms/epoch"),
             "W5": (1e6, "ms/step"), "W6": (1e6, "ms/step")}
    for k in sorted(groups, key=lambda k: (k[0], k[1] or 0, k[2] != "float64")):
        g = groups[k]
        w = k[0]
        div, unit = units[w]
        cells = []
        for p in peers:
            if p in g:
                v = g[p]["steady_ns_per_step"] / div
                cells.append(("%.3g" % v if v < 100 else "%.0f" % v) + ("*" if g[p]["in_run"] else ""))
            else:
                cells.append("—")
        ratios = []
        for p in others:
            if p in g and "nnc" in g:
                ratios.append("%.2f" % (g[p]["steady_ns_per_step"] / g["nnc"]["steady_ns_per_step"]))
            else:
                ratios.append("—")
        tp, tr = TARGETS[w]
        target = "≥ %.1f× %s" % (tr, tp)
        if "nnc" in g and tp in g:
            met = g[tp]["steady_ns_per_step"] / g["nnc"]["steady_ns_per_step"] >= tr
            target += " (met)" if met else " (**missed**)"
        per_round = ""
        if rounds > 1:
            t_by_round = {x["round"]: x["steady_ns_per_step"] for x in runs[k].get(tp, [])}
            n_by_round = {x["round"]: x["steady_ns_per_step"] for x in runs[k].get("nnc", [])}
            per_round = " %s |" % " / ".join("%.2f" % (t_by_round[r] / n_by_round[r])
                                             for r in sorted(n_by_round) if r in t_by_round)
        ref = g.get("pytorch") or g.get("java")
        label = w + ("" if k[1] is None else " H=%d" % k[1]) + ("" if w not in ("W5", "W6") else (" f32" if k[2] == "float32" else " f64"))
        nnc = g.get("nnc", {})
        out.append("| %s | %s | %s | %s | %s |%s %s | %s | %s |" % (
            label, unit, " | ".join(cells), " | ".join(ratios), target, per_round,
            "%.16g" % nnc["final_loss"] if nnc else "—", "%.16g" % ref["final_loss"] if ref else "—",
            "%.2f" % nnc["compile_s"] if nnc else "—"))
    out.append("")
    if rounds > 1:
        out.append("Each time is the peer's median over %d rounds of the whole set; the ratios are those of the medians." % rounds)
        out.append("")
    out.append("`*` = timed inside one long run after its first tenth. \"nnc speed ÷ peer\" = peer's time ÷ nnc's time "
               "(above 1: nnc is faster). Peers: ../shared/bench (PyTorch and NumPy with 2 threads, OpenBLAS OpenMP; "
               "hand-written Java single-threaded); nnc: its matrix products use two threads above 2^20 multiply-adds, and loops writing independent elements (convolution, elementwise, max-pool adjoint, float32 conversions) above 2^17 elements.")
    return "\n".join(out)


if __name__ == "__main__":
    main()
