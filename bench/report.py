#!/usr/bin/python3
"""Turns the JSON of bench/driver.py into docs/BENCHMARKS.md.

    bench/report.py results.json docs/BENCHMARKS.md

Sections of an existing output file that this script does not write (results recorded by hand,
e.g. accuracy runs) are kept, after the generated ones.
"""
import json
import os
import statistics
import sys

GUIDE_PEAK_PER_CORE = 115.0  # GFLOP/s, FP32 FMA: the GUIDE's figure for these machines (§4)

# The issue's targets, as (M, N, K) at 2 threads: the MLP's training shapes and 1024^3.
TRAINING_SHAPES = {(128, 128, 784), (784, 128, 128), (128, 784, 128), (128, 10, 128)}
SQUARE = (1024, 1024, 1024)


def med(values):
    return statistics.median(values) if values else float("nan")


def secs(v):
    return f"{v:.3f}" if v != float("inf") else "timed out"


def met(ok):
    return "**met**" if ok else "**not met**"


def table(header, rows, align=None):
    align = align or ["---"] + ["---:"] * (len(header) - 1)
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def training_summary(runs):
    """{impl: {setting: median over reps of the per-run steady median}} plus per-impl best."""
    by = {}
    for r in runs:
        by.setdefault(r["impl"], {}).setdefault(r["setting"], []).append(r["median_s"])
    medians = {impl: {s: med(v) for s, v in settings.items()} for impl, settings in by.items()}
    best = {impl: min(s.items(), key=lambda kv: kv[1]) for impl, s in medians.items()}
    return by, medians, best


def fma_peaks(data):
    """({threads: GFLOP/s}, measured?): nnfs_bench_gemm's measurement in this run, else the
    GUIDE's figure."""
    got = data.get("gemm", {}).get("peak_gflops")
    if got:
        return {int(t): v for t, v in got.items()}, True
    return {1: GUIDE_PEAK_PER_CORE, 2: 2 * GUIDE_PEAK_PER_CORE}, False


class Comparison:
    """One training benchmark (a batch size): our median s/epoch and GFLOP/s against the
    peers' medians per thread setting and their best setting."""

    def __init__(self, runs, peak2):
        self.peak2 = peak2  # the 2-thread FMA peak, GFLOP/s
        _, self.medians, self.best = training_summary(runs)
        self.ours = self.medians["nnfs"][2]
        self.gflops = next(r for r in runs if r["impl"] == "nnfs")["gflop_per_epoch"] / self.ours

    def gflops_cell(self):
        return f"{self.gflops:.0f} ({100 * self.gflops / self.peak2:.0f}%)"

    def best_cell(self, impl):
        setting, seconds = self.best[impl]
        return f"**{seconds:.3f}** ({setting} thr)"

    def settings_cell(self, impl):
        return ", ".join(f"{t} thr {secs(v)}" for t, v in sorted(self.medians[impl].items(), key=lambda kv: str(kv[0])))


class Report:
    def __init__(self, data):
        self.d = data
        self.peaks, self.peak_measured = fma_peaks(data)
        self.targets = []  # (text, measured, ok)
        self.out = []

    def add(self, *parts):
        self.out.extend(parts)

    def header(self):
        d, m = self.d, self.d["machine"]
        s = d["settings"]
        self.add("# Benchmarks", "",
                 "Every figure below comes from one run of one command on one machine, ours and the peers "
                 "measured in the same invocation, alternating. Regenerate with:", "",
                 "```sh", d["command"], "```", "",
                 f"Run on {d['date']} (took {d['seconds']:.0f} s); 1-minute load average "
                 f"{d['loadavg_start']:.2f} at the start (after waiting {s.get('waited_s', 0)} s for it to drop "
                 f"below {s.get('quiet_load', '?')}), {d['loadavg_end']:.2f} at the end.", "",
                 *self.load_warning(),
                 "## Machine and settings", "",
                 table(["", ""], [
                     ["CPU", f"{m['cpu']} ({m['cpus']} CPUs, {m['threads_per_core']} thread per core, "
                             f"{m['hypervisor']} guest); {m['isa_flags']}"],
                     ["FMA peak", self.peak_cell()],
                     *self.bandwidth_rows(),
                     ["ours", f"{m['nnfs']} (git {m['git']}), {m['gcc']}, Release; GEMM path "
                              f"{d.get('gemm', {}).get('isa', '?')}"],
                     ["peers", f"Python {m['python']}, PyTorch {m['torch']}, NumPy {m['numpy']}, pandas "
                               f"{m['pandas']}, OpenBLAS {m['openblas']} (pthread build)"],
                     ["kernel", m["kernel"]],
                     ["threads", self.threads_cell()],
                     ["repetitions", f"MLP: {s['reps']} alternating repetitions x {s['epochs']} epochs; "
                                     f"CNN: {s.get('cnn_reps', '?')} x {s.get('cnn_epochs', '?')}; "
                                     f"CSV: {s['load_rounds']} alternating rounds x {s['load_reps']} reads; "
                                     f"GEMM: {s['gemm_rounds']} alternating rounds per shape; a training process "
                                     f"without a result after {s.get('timeout', '?')} s counts as timed out"],
                 ], ["---", "---"]), "")

    def bandwidth_rows(self):
        """The memory bandwidth nnfs_bench_layers measured on the largest working set of a layer
        pass (the one the bandwidth-bound passes see), if the run has it."""
        rows = [r for r in self.d.get("layers", {}).get("layers", []) if "read_gbs" in r]
        if not rows:
            return []
        r = max(rows, key=lambda r: r["read_mb"] + r["write_mb"])
        return [["memory bandwidth", f"read {r['read_gbs']:.1f} GB/s, write {r['write_gbs']:.1f} GB/s on a "
                                     f"{r['read_mb'] + r['write_mb']:.0f} MB working set at 2 threads (measured "
                                     "in this run by nnfs_bench_layers, bench/memory_bandwidth.cpp: vector loads, "
                                     "ordinary vector stores)"]]

    def loads(self):
        d = self.d
        values = [d["loadavg_start"], d["loadavg_end"]] + list(d.get("gemm", {}).get("loadavg", []))
        for part in ("mlp", "cnn"):
            for entry in d.get(part, {}).values():
                values += [r["loadavg"] for r in entry["runs"]]
        return values

    def threads_cell(self):
        s = self.d["settings"]
        mixed = s.get("torch_mixed_settings", [])
        text = (f"ours: 2 (`--threads 2`); PyTorch and NumPy: each of {', '.join(map(str, s['peer_threads']))} "
                "with `OMP_NUM_THREADS`, `MKL_NUM_THREADS`, `OPENBLAS_NUM_THREADS` (and `torch.set_num_threads`) "
                "all equal")
        for m in mixed:
            intra, blas = m.split("+")
            text += (f"; PyTorch also `{m}`: {intra} OpenMP (`OMP_NUM_THREADS`, `torch.set_num_threads`) + "
                     f"{blas} OpenBLAS (`OPENBLAS_NUM_THREADS`) threads, since its BLAS has a thread pool of its own")
        return text + "; the best setting of each is reported. OpenBLAS in the GEMM table: " \
                      "`openblas_set_num_threads` = ours"

    def peak_cell(self):
        p1, p2 = self.peaks[1], self.peaks[2]
        if not self.peak_measured:
            return f"{p1:.0f} GFLOP/s per core, {p2:.0f} for 2 (FP32; the GUIDE's figure, not measured in this run)"
        isa = self.d["gemm"].get("isa", "?")
        return (f"{p1:.1f} GFLOP/s at 1 thread, {p2:.1f} at 2 (FP32, measured in this run: independent "
                f"{isa} FMA chains in registers, bench/fma_peak.cpp; the GUIDE gives {GUIDE_PEAK_PER_CORE:.0f} "
                "per core)")

    def load_warning(self):
        # The benchmark's own 2-thread processes keep the 1-minute load near 2 on these 2 CPUs;
        # only load beyond that comes from somebody else.
        if max(self.loads()) < 3.0:
            return []
        return [f"> **Noisy run.** The machine is shared and was busy: the 1-minute load average was "
                f"{min(self.loads()):.1f}-{max(self.loads()):.1f} on 2 CPUs (other engineers compiling). "
                "Every process got a fraction of a core, multi-threaded runs (ours and the peers') wait "
                "for descheduled threads at every synchronisation, and absolute times are several times "
                "what an idle machine gives. Ratios are less affected than times (the runs alternate), "
                "but treat them as rough until a rerun on a quiet machine.", ""]

    def gemm(self):
        g = self.d.get("gemm")
        if not g:
            return
        self.add("## GEMM", "",
                 "`nnfs_bench_gemm` (bench/gemm_bench.cpp): GFLOP/s = 2·M·N·K / time per call, median over "
                 "rounds; ratio = median of the per-round ratios ours/OpenBLAS (higher is better for us). "
                 "`op` gives the transposes of A and B (T = used transposed, never materialised). "
                 f"1-minute load average {g['loadavg'][0]:.2f} before, {g['loadavg'][1]:.2f} after.", "")
        rows = []
        for r in g["results"]:
            peak = self.peaks[r["threads"]]
            key = (r["m"], r["n"], r["k"])
            target = ""
            if r["threads"] == 2 and "ratio" in r:
                if key in TRAINING_SHAPES:
                    target = "≥ 0.9: " + ("met" if r["ratio"] >= 0.9 else "not met")
                elif key == SQUARE:
                    target = "≥ 0.8: " + ("met" if r["ratio"] >= 0.8 else "not met")
            rows.append([r["shape"].strip(), r["m"], r["n"], r["k"], r["op"], r["threads"],
                         f"{r['ours_gflops']:.1f}", f"{r.get('peer_gflops', float('nan')):.1f}",
                         f"{r.get('ratio', float('nan')):.2f}", f"{100 * r['ours_gflops'] / peak:.0f}%", target])
        self.add(table(["shape", "M", "N", "K", "op", "threads", "ours GFLOP/s", "OpenBLAS GFLOP/s",
                        "ours/OpenBLAS", "ours % of peak", "target (2 threads)"], rows,
                       ["---", "---:", "---:", "---:", ":-:", ":-:", "---:", "---:", "---:", "---:", "---"]), "")
        two = [r for r in g["results"] if r["threads"] == 2 and "ratio" in r]
        train = [r for r in two if (r["m"], r["n"], r["k"]) in TRAINING_SHAPES]
        square = [r for r in two if (r["m"], r["n"], r["k"]) == SQUARE]
        if train:
            worst = min(train, key=lambda r: r["ratio"])
            self.targets.append(("GEMM >= 0.9x OpenBLAS on every training shape (2 threads)",
                                 f"worst {worst['ratio']:.3f}x ({worst['shape'].strip()})",
                                 worst["ratio"] >= 0.9))
        if square:
            self.targets.append(("GEMM >= 0.8x OpenBLAS on 1024^3 (2 threads)", f"{square[0]['ratio']:.2f}x",
                                 square[0]["ratio"] >= 0.8))

    def mlp(self):
        mlp = self.d.get("mlp")
        if not mlp:
            return
        s = self.d["settings"]
        self.add("## MLP training epoch", "",
                 "MLP 784-128-ReLU-10, softmax cross-entropy, Adam (lr 1e-3, β 0.9/0.999, ε 1e-7), 60,000 "
                 "MNIST training images reshuffled every epoch, no evaluation in the timed part. Ours: "
                 "`nnfs bench --only mlp` (the trainer of `nnfs train`, 2 threads). PyTorch: "
                 "`bench/peers/torch_train.py --model mlp` (`nn.Sequential`, `CrossEntropyLoss`, `optim.Adam`, data "
                 "preloaded as float tensors). NumPy: bench/peers/numpy_mlp.py, the book's classes "
                 "(Layer_Dense, Activation_ReLU, Softmax + CCE, Optimizer_Adam) in float32.", "",
                 f"Each process trains {s['epochs']} epochs and reports the median epoch without the first "
                 f"(warm-up); the table shows the median of that over {s['reps']} repetitions, run in the order "
                 "ours, PyTorch (each thread setting), NumPy (each thread setting), then again. Ratios are "
                 "ratios of these medians.", "")
        rows = []
        for batch, entry in mlp.items():
            c = Comparison(entry["runs"], self.peaks[2])
            ours, tb, nb = c.ours, c.best["torch"][1], c.best["numpy"][1]
            rows.append([batch, f"**{ours:.3f}**", c.gflops_cell(), c.best_cell("torch"), c.settings_cell("torch"),
                         c.best_cell("numpy"), c.settings_cell("numpy"), f"**{ours / tb:.2f}x**",
                         f"**{nb / ours:.1f}x**"])
            limit = 0.5 if batch == "128" else 0.35 if batch == "32" else None
            if limit:
                self.targets.append((f"MLP epoch, batch {batch}: <= {limit}x PyTorch's best",
                                     f"{ours / tb:.2f}x ({ours:.3f} s vs {tb:.3f} s)", ours / tb <= limit))
            if batch == "128":
                self.targets.append(("MLP epoch, batch 128: <= 0.4x PyTorch's best (issue 16)",
                                     f"{ours / tb:.2f}x", ours / tb <= 0.4))
            if batch == "128":
                self.targets.append(("NumPy >= 2.5x slower than ours (batch 128)",
                                     f"{nb / ours:.1f}x ({nb:.3f} s vs {ours:.3f} s)", nb / ours >= 2.5))
        self.add(table(["batch", "ours s/epoch", "ours GFLOP/s (% of 2-core peak)", "PyTorch best s",
                        "PyTorch per setting", "NumPy best s", "NumPy per setting", "ours / PyTorch",
                        "NumPy / ours"], rows), "")
        self.add("One epoch is "
                 f"{next(iter(mlp.values()))['runs'][0].get('gflop_per_epoch', 24.5):.1f} GFLOP (forward and "
                 "weight gradients of both layers, input gradient of the second). Every run, in order "
                 "(seconds per epoch, median without the first; load = 1-minute load average when it started):",
                 "")
        for batch, entry in mlp.items():
            self.all_runs(f"batch {batch}", entry["runs"])

    def all_runs(self, title, runs):
        rows = []
        for r in runs:
            cpu = f"{r['user_s']:.1f} + {r['sys_s']:.1f}" if "user_s" in r else ""
            rss = f"{r['peak_rss_kb'] / 1024:.0f}" if "peak_rss_kb" in r else ""
            rows.append([r["rep"] + 1, r["impl"], r["setting"], secs(r["median_s"]),
                         " ".join(f"{x:.3f}" for x in r["epochs_s"]),
                         f"{r['train_acc'] * 100:.1f}%" if "train_acc" in r else "", cpu, rss, f"{r['loadavg']:.2f}"])
        self.add("<details><summary>" + title + ": all runs</summary>", "",
                 table(["rep", "impl", "threads", "median s", "epochs s", "train acc", "CPU s (user + sys)",
                        "peak RSS MiB", "load"], rows), "", "</details>", "")

    def dlib(self, title, entries):
        """The dlib peer's row for a network (when this run measured it), and its target."""
        rows = []
        for batch, entry in entries.items():
            c = Comparison(entry["runs"], self.peaks[2])
            if "dlib" not in c.best:
                continue
            db = c.best["dlib"][1]
            rows.append([title, batch, f"**{c.ours:.3f}**", c.best_cell("dlib"), c.settings_cell("dlib"),
                         f"**{c.ours / db:.2f}x**"])
            self.targets.append((f"{title} epoch, batch {batch}: faster than dlib (issue 16)",
                                 f"{c.ours / db:.2f}x ({c.ours:.3f} s vs {db:.3f} s)", c.ours < db))
        return rows

    def cnn(self):
        cnn = self.d.get("cnn")
        if not cnn:
            return
        s = self.d["settings"]
        self.add("## CNN training epoch", "",
                 "The `cnn` preset: conv 1→8 3x3 pad 1, ReLU, max-pool 2 → conv 8→16 3x3 pad 1, ReLU, max-pool 2 → "
                 "flatten (784) → dense 10 → softmax; softmax cross-entropy, Adam (lr 1e-3, β 0.9/0.999, ε 1e-7), "
                 "constant rate, no augmentation, 60,000 MNIST training images reshuffled every epoch. Ours: "
                 "`nnfs bench --only cnn` (the trainer of `nnfs train`, 2 threads). PyTorch: "
                 "`bench/peers/torch_train.py --model cnn`, the identical `nn.Sequential` (`Conv2d`, `ReLU`, "
                 "`MaxPool2d`, `Flatten`, `Linear`; mkldnn), `CrossEntropyLoss`, `optim.Adam`.", "",
                 f"Each process trains {s.get('cnn_epochs', '?')} epochs and reports the median epoch without the "
                 f"first; the table shows the median of that over {s.get('cnn_reps', '?')} repetitions, run in the "
                 "order ours, PyTorch (each thread setting), then again. CPU s is the user + system time of the "
                 "whole process (all epochs, loading included), median over repetitions.", "")
        rows = []
        for batch, entry in cnn.items():
            c = Comparison(entry["runs"], self.peaks[2])
            ours, (tb_set, tb) = c.ours, c.best["torch"]
            cpu = lambda impl, setting: med([r["user_s"] + r["sys_s"] for r in entry["runs"]
                                             if r["impl"] == impl and r["setting"] == setting and "user_s" in r])
            rows.append([batch, f"**{ours:.3f}**", c.gflops_cell(), f"{cpu('nnfs', 2):.1f}", c.best_cell("torch"),
                         c.settings_cell("torch"), f"{cpu('torch', tb_set):.1f}", f"**{ours / tb:.2f}x**"])
            self.targets.append((f"CNN epoch, batch {batch}: <= 0.5x PyTorch's best (issue 5)",
                                 f"{ours / tb:.2f}x ({ours:.3f} s vs {tb:.3f} s)", ours / tb <= 0.5))
            self.targets.append((f"CNN epoch, batch {batch}: <= 0.4x PyTorch's best (issue 16)",
                                 f"{ours / tb:.2f}x", ours / tb <= 0.4))
        self.add(table(["batch", "ours s/epoch", "ours GFLOP/s (% of 2-core peak)", "ours CPU s",
                        "PyTorch best s", "PyTorch per setting", "PyTorch CPU s (best setting)",
                        "ours / PyTorch"], rows), "")
        self.add(f"One epoch is {next(iter(cnn.values()))['runs'][0].get('gflop_per_epoch', 97.7):.1f} GFLOP "
                 "(multiply-adds of both convolutions' forward and weight gradients, the second's input gradient, "
                 "and the dense layer's three products; pooling and activations not counted).", "")
        for batch, entry in cnn.items():
            self.all_runs(f"CNN batch {batch}", entry["runs"])

    def peers_in_cpp(self):
        """dlib's DNN module on the MLP and the cnn preset (bench/peers/dlib_train.cpp)."""
        rows = self.dlib("MLP", self.d.get("mlp", {})) + self.dlib("CNN", self.d.get("cnn", {}))
        if not rows:
            return
        self.add("## A C++ peer: dlib", "",
                 "dlib's DNN module (Debian's libdlib-dev, BLAS = OpenBLAS) trains the same MLP and `cnn` network "
                 "(`bench/peers/dlib_train.cpp`, built by run.sh with -O3 -march=native: `loss_multiclass_log`, "
                 "`fc`, `con`, `relu`, `max_pool`; Adam lr 1e-3 held constant; standardised inputs), timed per "
                 "epoch in the same alternating repetitions as PyTorch (its runs are in the tables above). Its "
                 "threads are OpenBLAS's (`--threads` sets OPENBLAS_NUM_THREADS).", "",
                 table(["network", "batch", "ours s/epoch", "dlib best s", "dlib per setting", "ours / dlib"], rows),
                 "")

    def cnn_large(self):
        cl = self.d.get("cnn_large")
        if not cl:
            return
        self.add("## cnn-large training epoch", "",
                 "The `cnn-large` preset (the bundled mnist-cnn-large's network: [conv 3x3, batch norm, ReLU] x2 "
                 "with 32 filters, max-pool, the same with 64, max-pool, dense 128 with batch norm, ReLU, dropout "
                 "0.3, dense 10) against its PyTorch twin (`bench/peers/torch_train.py --model cnn-large`), Adam lr "
                 "1e-3, no augmentation, batch 128, one epoch per process (a minute each: the first epoch, "
                 "warm-up included, is the figure); PyTorch at 2+1 and 2 threads, its CNN settings.", "")
        rows = []
        for batch, entry in cl.items():
            c = Comparison(entry["runs"], self.peaks[2])
            tb = c.best["torch"][1]
            rows.append([batch, f"**{c.ours:.2f}**", c.gflops_cell(), c.best_cell("torch"), c.settings_cell("torch"),
                         f"**{c.ours / tb:.2f}x**"])
            self.targets.append(("cnn-large epoch: <= 0.5x PyTorch's best (issue 16)",
                                 f"{c.ours / tb:.2f}x ({c.ours:.2f} s vs {tb:.2f} s)", c.ours / tb <= 0.5))
        self.add(table(["batch", "ours s/epoch", "ours GFLOP/s (% of 2-core peak)", "PyTorch best s",
                        "PyTorch per setting", "ours / PyTorch"], rows), "",
                 f"One epoch is {next(iter(cl.values()))['runs'][0].get('gflop_per_epoch', 0):.0f} GFLOP "
                 "(direct-convolution multiply-adds: forward and weight gradients of every conv and dense layer, "
                 "input gradients of all but the first).", "")
        for batch, entry in cl.items():
            self.all_runs(f"cnn-large batch {batch}", entry["runs"])

    def speedrun(self):
        sr = self.d.get("speedrun")
        if not sr:
            return
        seeds = [r for r in sr["seeds"] if r["test_acc"] is not None]
        rows = [[r["seed"], f"{100 * r['test_acc']:.2f}%", r["epochs"], f"{r['wall_s']:.1f}", f"{r['cpu_s']:.1f}",
                 f"{r['loadavg']:.2f}"] for r in sr["seeds"] if r["test_acc"] is not None]
        self.add("## CPU MNIST speedrun", "",
                 "The recipe `nnfs train --model speedrun` (assets/README.md), one process per seed, wall time "
                 "from the process's start to its end (data loading and every evaluation included), 2 threads. "
                 f"Command: `{sr['seeds'][0]['command']}`.", "",
                 table(["seed", "test accuracy", "epochs", "wall s", "CPU s", "load"], rows), "")
        if seeds:
            acc = statistics.mean(r["test_acc"] for r in seeds)
            wall = statistics.mean(r["wall_s"] for r in seeds)
            self.add(f"Mean over {len(seeds)} seeds: **{100 * acc:.2f}%** in **{wall:.1f} s**.", "")
            self.targets.append(("speedrun, 5 seeds: mean test accuracy >= 99.5% (issue 16)",
                                 f"{100 * acc:.2f}%", acc >= 0.995))
            self.targets.append(("speedrun, 5 seeds: mean wall time <= 60 s (issue 16)", f"{wall:.1f} s", wall <= 60))
        t = sr["target"]
        self.add(f"Time to 99.0% test accuracy: `{t['command']}` printed `{t['line']}` "
                 f"(process wall time {t['wall_s']:.1f} s).", "")
        self.targets.append(("time to 99.0% with --target-acc 0.99 <= 10 s (issue 16)",
                             f"{t['seconds']:.1f} s" if t["reached"] else "not reached",
                             t["reached"] and t["seconds"] <= 10))

    def layers(self):
        """Per-layer table from nnfs_bench_layers --json: one row per model and layer, the three
        passes side by side (GFLOP/s, % of the measured peak with direct-convolution FLOPs, and %
        of the pass's roofline: the FMA peak or the measured bandwidth, whichever binds)."""
        lay = self.d.get("layers")
        if not lay:
            return
        rows, order = {}, []
        for r in lay["layers"]:
            key = (r["model"], r["layer"])
            if key not in rows:
                rows[key] = {}
                order.append(key)
            rows[key][r["pass"]] = r
        passes = ("forward", "weight_grad", "input_grad")

        def cell(r):
            if not r:
                return ""
            if "pct_roofline" not in r:
                return f"{r['gflops']:.1f} ({r['pct_peak']:.0f}%)"
            return f"{r['gflops']:.1f} ({r['pct_peak']:.0f}% / {r['pct_roofline']:.0f}%)"
        body = [[model, layer] + [cell(rows[(model, layer)].get(p)) for p in passes] for model, layer in order]
        peaks = {round(r["peak_gflops"], 1) for r in lay["layers"] if "peak_gflops" in r}
        peak_note = f": {', '.join(f'{p:.1f}' for p in sorted(peaks))} GFLOP/s in this run" if peaks else ""
        self.add("## Per layer", "",
                 f"`{lay['command']}` (bench/bench_layers.cpp): GFLOP/s of every conv and dense layer's forward "
                 "pass, weight gradient and input gradient; in parentheses percent of the FMA peak, then "
                 f"percent of the pass's roofline. The peak is the one nnfs_bench_layers measures as it starts{peak_note}"
                 " (the machine table's comes from nnfs_bench_gemm, minutes apart; the VM's speed varies). FLOPs are counted as a direct convolution's (2 per "
                 "multiply-add), whatever algorithm runs. The roofline is the least time the pass can take: "
                 "max(FLOPs / peak, bytes read / read bandwidth + bytes written / write bandwidth), where the "
                 "bytes are what the pass must touch once (forward: x and the parameters in, y out; weight "
                 "gradient: x and dy in, the parameter gradients out; input gradient: dy and the parameters in, "
                 "dx out) and the bandwidths are measured in the same run on a working set of that size.", "",
                 table(["model", "layer", "forward GFLOP/s (% peak / % roofline)", "weight gradient",
                        "input gradient"], body, ["---", "---", "---:", "---:", "---:"]), "")
        bound = [r for r in lay["layers"] if "roofline_gflops" in r and r["roofline_gflops"] > 0
                 and r["roofline_gflops"] < r["peak_gflops"] * 0.999]
        if bound:
            lines = []
            for r in bound:
                lines.append(f"- {r['model']} {r['layer']} {r['pass'].replace('_', ' ')}: "
                             f"{r['read_mb']:.1f} MB read at {r['read_gbs']:.1f} GB/s and "
                             f"{r['write_mb']:.1f} MB written at {r['write_gbs']:.1f} GB/s bound it to "
                             f"{r['roofline_gflops']:.0f} GFLOP/s = "
                             f"{100 * r['roofline_gflops'] / r['peak_gflops']:.0f}% of the FMA peak; "
                             f"measured {r['gflops']:.1f} GFLOP/s, {r['pct_roofline']:.0f}% of that bound.")
            self.add("Passes whose roofline is the memory bandwidth, not the FMA peak (they cannot reach the "
                     "peak whatever the kernel):", "", *lines, "")
        conv = [r for r in lay["layers"] if r["model"] == "cnn-large" and r["layer"].startswith("conv")]
        if conv:
            worst = min(conv, key=lambda r: r["pct_peak"])
            text = f"worst {worst['pct_peak']:.0f}% ({worst['layer']}, {worst['pass']})"
            if "pct_roofline" in worst:
                text += (f", which is {worst['pct_roofline']:.0f}% of its bandwidth roofline "
                         f"({100 * worst['roofline_gflops'] / worst['peak_gflops']:.0f}% of the peak)")
            self.targets.append(("conv layers of cnn-large >= 60% of the FMA peak (issue 16)", text,
                                 worst["pct_peak"] >= 60))

    def loading(self):
        ld = self.d.get("loading")
        if not ld:
            return
        idx, csv = ld["idx"], ld["csv"]
        ratio = csv["ours_median_s"] / csv["pandas_median_s"]
        self.add("## Loading data", "",
                 f"The same {csv['rows']:,}-row MNIST CSV ({csv['bytes'] / 1e6:.0f} MB, written by `nnfs convert`): "
                 "ours is `read_mnist_csv` (validating every value, into the uint8 dataset); pandas is "
                 "`pandas.read_csv` with its defaults (C parser). One untimed read first in each process "
                 "(page cache), then timed reads in alternating rounds; medians.", "",
                 table(["file", "ours s", "pandas s", "ours / pandas"], [
                     ["mnist_train.csv", f"**{csv['ours_median_s']:.3f}**", f"**{csv['pandas_median_s']:.3f}**",
                      f"**{ratio:.2f}x**"],
                     ["IDX, train + test (70,000 images, `load_mnist`)", f"**{idx['median_s']:.4f}**", "", ""],
                 ]), "")
        self.targets.append(("CSV load <= 0.2x pandas.read_csv", f"{ratio:.2f}x ({csv['ours_median_s']:.3f} s vs "
                                                                 f"{csv['pandas_median_s']:.3f} s)", ratio <= 0.2))
        self.targets.append(("IDX load well under 0.1 s (counted as < 0.05 s)",
                             f"{idx['median_s']:.4f} s (train + test)",
                             idx["median_s"] < 0.05))

    def memory(self):
        mem = self.d.get("memory")
        if not mem:
            return
        ours = mem["nnfs_train_kb"] / 1024
        self.add("## Memory", "",
                 "Peak resident set size from `/usr/bin/time -v` (\"Maximum resident set size\"):", "",
                 table(["process", "peak RSS"], [
                     [f"`{mem['nnfs_train_cmd']}`", f"**{ours:.0f} MiB**"],
                     ["PyTorch peer, 1 epoch, batch 128 (for comparison)",
                      f"{mem['torch_kb'] / 1024:.0f} MiB" if mem.get("torch_kb") else "?"],
                 ] + ([
                     [f"`{mem['cnn']['nnfs_train_cmd']}` (the preset's recipe: augmentation on)",
                      f"**{mem['cnn']['nnfs_train_kb'] / 1024:.0f} MiB**"],
                     ["PyTorch CNN peer, 1 epoch, batch 128 (for comparison)",
                      f"{mem['cnn']['torch_kb'] / 1024:.0f} MiB" if mem["cnn"].get("torch_kb") else "?"],
                 ] if "cnn" in mem else []), ["---", "---:"]), "")
        self.targets.append(("Peak RSS of MLP training <= 200 MB", f"{ours * 1.048576:.0f} MB ({ours:.0f} MiB)",
                             ours * 1.048576 <= 200))
        cl = mem.get("cnn_large")
        if not cl:
            return
        goals = [("train", "training cnn-large one epoch", 300), ("evaluate", "`nnfs evaluate` of the bundled cnn-large", 200),
                 ("studio", "the studio with MNIST and the bundled cnn-large", 400)]
        rows = []
        for key, what, goal in goals:
            kb = cl.get(f"{key}_kb")
            if kb is None:
                continue
            mb = kb * 1024 / 1e6
            rows.append([what, f"`{cl[key + '_cmd']}`", f"**{mb:.0f} MB** ({kb / 1024:.0f} MiB)", f"<= {goal} MB"])
            self.targets.append((f"Peak RSS, {what} <= {goal} MB (issue 16)", f"{mb:.0f} MB", mb <= goal))
        self.add("Peak RSS of the issue 16 goals (memory does not depend on the load):", "",
                 table(["process", "command", "peak RSS", "goal"], rows, ["---", "---", "---:", "---"]), "")

    def summary(self):
        self.add("## Targets (issues 4, 5 and 16)", "",
                 table(["target", "measured", ""], [[t, m, met(ok)] for t, m, ok in self.targets],
                       ["---", "---", "---"]), "")
        n_met = sum(ok for _, _, ok in self.targets)
        self.add(f"{n_met} of {len(self.targets)} targets met in this run.", "")

    def notes(self):
        loads = self.loads()
        self.add("## Notes", "",
                 f"- The machine is shared: other engineers compile on it. The 1-minute load average ranged "
                 f"from {min(loads):.2f} to {max(loads):.2f} during this run (2 CPUs); with a load above ~1, "
                 "2-thread figures (ours and the peers') are noisy, and PyTorch's OpenMP threads suffer most "
                 "from a busy neighbour. The alternating order spreads that noise over all sides; the "
                 "per-run table shows it.",
                 "- PyTorch's GEMM is OpenBLAS here (Debian's build, `BLAS_INFO=generic` → libblas.so.3 → "
                 "OpenBLAS pthread), its element-wise ops and convolutions (mkldnn) use OpenMP: two thread "
                 "pools. With 2 threads in each, four threads spin for two cores and PyTorch runs 3-4x slower "
                 "than at 1 thread; one OpenMP thread with two OpenBLAS threads (`1+2`) avoids that and is "
                 "its fastest MLP setting on these machines, so it is measured too.",
                 "- NumPy follows the book, including computing the first layer's input gradient that is "
                 "never used (`Layer_Dense.backward` always does), but in float32, which is faster than "
                 "the book's float64.",
                 *self.reference_note(),
                 "- Raw numbers: the JSON written next to the build (`build-bench/bench-results.json`).", "")

    # PyTorch's epoch times that the issues quote for these machines; ours is also compared with
    # them, because PyTorch in a given run can be slower than its best on these machines.
    ISSUE_REFERENCE_S = {("mlp", "128"): 0.38, ("mlp", "32"): 0.97, ("cnn", "128"): 2.9}

    def reference_note(self):
        parts = []
        for (part, batch), ref in self.ISSUE_REFERENCE_S.items():
            entry = self.d.get(part, {}).get(batch)
            if not entry:
                continue
            c = Comparison(entry["runs"], self.peaks[2])
            parts.append(f"{part.upper()} batch {batch}: PyTorch {c.best['torch'][1]:.3f} s here vs "
                         f"{ref} s quoted, ours {c.ours:.3f} s = {c.ours / ref:.2f}x the quoted figure")
        if not parts:
            return []
        return ["- PyTorch's times in this run against the figures the issues quote for these "
                "machines (measured earlier, not in this run): " + "; ".join(parts) + "."]

    def render(self):
        self.header()
        head, self.out = self.out, []
        self.gemm()
        self.mlp()
        self.cnn()
        self.peers_in_cpp()
        self.cnn_large()
        self.speedrun()
        self.layers()
        self.loading()
        self.memory()
        sections, self.out = self.out, []
        self.summary()
        summary, self.out = self.out, []
        self.notes()
        return "\n".join(head + summary + sections + self.out)


def sections(text):
    """[(heading, text)] of the '## ' sections of a markdown text (the part before the first: '')."""
    parts, heading, lines = [], "", []
    for line in text.splitlines():
        if line.startswith("## "):
            parts.append((heading, "\n".join(lines)))
            heading, lines = line[3:].strip(), []
        lines.append(line)
    parts.append((heading, "\n".join(lines)))
    return parts


def hand_written(previous, generated):
    """The sections of the previous file this script does not write (results added by hand, such
    as accuracy runs), so regenerating the figures keeps them, in their order, at the end."""
    ours = {h for h, _ in sections(generated)} | {"CNN", "Targets (issue 4)", "Targets (issues 4 and 5)"}  # older names
    return [body.rstrip() for h, body in sections(previous) if h and h not in ours]


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: report.py results.json BENCHMARKS.md")
    with open(sys.argv[1]) as f:
        data = json.load(f)
    text = Report(data).render()
    try:
        with open(sys.argv[2]) as f:
            kept = hand_written(f.read(), text)
    except FileNotFoundError:
        kept = []
    if kept:
        text = text.rstrip() + "\n\n" + "\n\n".join(kept) + "\n"
    tmp = sys.argv[2] + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, sys.argv[2])


if __name__ == "__main__":
    main()
