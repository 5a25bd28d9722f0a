#!/usr/bin/python3
"""Runs every benchmark of docs/BENCHMARKS.md in one go and writes the raw results as JSON.
Called by bench/run.sh (which builds first); bench/report.py turns the JSON into markdown.

    bench/driver.py --build DIR --data MNIST_DIR --csv FILE --out results.json

Method (docs/BENCHMARKS.md repeats it):
  * MLP epochs: each repetition runs ours, then PyTorch at every thread setting, then NumPy at
    every thread setting, one process each (alternating, so a noisy neighbour or clock drift
    hits all of them alike). Every process trains --epochs epochs and reports the median epoch
    without the first (warm-up). Per implementation and setting: the median over repetitions.
    A peer's reported figure is its best thread setting.
  * CNN epochs (the cnn preset, batch 128): the same, ours against PyTorch's identical network.
  * User and system CPU seconds of every training process are recorded next to its times.
  * Loading: rounds alternate `nnfs bench --only csv` and pandas_csv.py; each process reads once
    untimed (page cache), then --load-reps timed reads. IDX loading: `nnfs bench --only idx`.
  * Per layer: nnfs_bench_layers --json (when built): GFLOP/s and % of peak of every conv and
    dense layer's forward, weight gradient and input gradient.
  * GEMM: nnfs_bench_gemm --json (it alternates ours and OpenBLAS itself) at 1 and 2 threads.
  * Peak RSS: /usr/bin/time -v of `nnfs train` (1 epoch) and of the PyTorch peer (1 epoch), for the
    MLP and the CNN.
"""
import argparse
import datetime
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PY = "/usr/bin/python3"


def log(msg):
    print(f"[bench {time.strftime('%H:%M:%S')} load {loadavg():.2f}] {msg}", file=sys.stderr, flush=True)


def loadavg():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def run(cmd, timeout=None):
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if res.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({res.returncode}):\n{res.stderr[-2000:]}")
    return res


def json_lines(text):
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""


def machine_info(build):
    lscpu = sh("lscpu")
    field = lambda name: (re.search(rf"^{name}:\s*(.+)$", lscpu, re.M) or [None, "?"])[1].strip()
    versions = sh(f"{PY} -c 'import torch, numpy, pandas; print(torch.__version__, numpy.__version__, "
                  f"pandas.__version__)'").split()
    flags = field("Flags")
    return {
        "cpu": field("Model name"),
        "cpus": field(r"CPU\(s\)"),
        "threads_per_core": field(r"Thread\(s\) per core"),
        "isa_flags": " ".join(f for f in ("avx2", "fma", "avx512f") if f in flags.split()),
        "hypervisor": field("Hypervisor vendor"),
        "kernel": platform.release(),
        "gcc": sh("gcc --version | head -1"),
        "python": platform.python_version(),
        "torch": versions[0] if len(versions) == 3 else "?",
        "numpy": versions[1] if len(versions) == 3 else "?",
        "pandas": versions[2] if len(versions) == 3 else "?",
        "openblas": sh("dpkg-query -W -f='${Version}' libopenblas0-pthread 2>/dev/null")
                    or sh("dpkg-query -W -f='${Version}' libopenblas0 2>/dev/null"),
        "nnfs": sh(f"{build}/nnfs --version"),
        "git": sh(f"git -C {HERE}/.. rev-parse --short HEAD") + (" (dirty)" if sh(f"git -C {HERE}/.. status --porcelain -uno") else ""),
    }


def bench_gemm(build, rounds):
    log("GEMM: nnfs_bench_gemm at 1 and 2 threads")
    before = loadavg()
    res = run([f"{build}/bench/nnfs_bench_gemm", "--json", "--threads", "1,2", "--rounds", str(rounds)])
    out = json.loads(res.stdout)
    out["loadavg"] = [before, loadavg()]
    return out


# Thread settings tried for PyTorch besides --peer-threads: "1+2" is one OpenMP (intra-op) thread
# and two OpenBLAS threads (its BLAS has a pool of its own), "2+1" the reverse (its convolutions
# run on the OpenMP pool: the CNNs' best setting on these machines).
TORCH_MIXED_SETTINGS = ["1+2", "2+1"]


def thread_args(setting):
    """Peer command-line flags for a thread setting: N (every pool N threads) or "N+M"."""
    if isinstance(setting, str) and "+" in setting:
        intra, blas = setting.split("+")
        return ["--threads", intra, "--blas-threads", blas]
    return ["--threads", str(setting)]


def peer_settings(args, impl, torch_settings=None):
    """The thread settings a peer is run at: PyTorch at every setting (N, and N+M OpenMP+OpenBLAS),
    unless `torch_settings` narrows them (cnn-large: a minute per epoch); the others at N."""
    if impl == "torch":
        return torch_settings or list(args.peer_threads) + TORCH_MIXED_SETTINGS
    return list(args.peer_threads)


def bench_training(args, net, batches, reps, epochs, peers, torch_settings=None, timeout=None):
    """{batch: {"runs": [...]}} with one entry per process run: ours (`nnfs bench --only NET`),
    then every peer at every thread setting, repeated `reps` times."""
    results = {}
    for batch in batches:
        runs = []
        for rep in range(reps):
            log(f"{net.upper()} batch {batch}: repetition {rep + 1}/{reps}")
            jobs = [("nnfs", 2, [f"{args.build}/nnfs", "bench", "--only", net, "--data", args.data, "--batch",
                                 str(batch), "--threads", "2", "--epochs", str(epochs), "--json"])]
            for impl in peers:
                # Alternate the order of the peers' thread settings between repetitions.
                settings = peer_settings(args, impl, torch_settings)
                for t in settings if rep % 2 == 0 else reversed(settings):
                    jobs.append((impl, t, peer_command(impl, net, args.build) + ["--data", args.data, "--batch", str(batch),
                                                                      "--epochs", str(epochs)] + thread_args(t)))
            for impl, threads, cmd in jobs:
                load = loadavg()
                cpu_before = os.times()
                rss_file = os.path.join(args.build, "bench-rss.txt")  # /usr/bin/time's peak RSS, KB
                try:
                    r = json_lines(run(["/usr/bin/time", "-f", "%M", "-o", rss_file] + cmd,
                                       timeout=timeout or args.timeout).stdout)[-1]
                    with open(rss_file) as f:
                        r["peak_rss_kb"] = int(f.read().split()[-1])
                except subprocess.TimeoutExpired:  # a pathological setting on a busy machine
                    log(f"{impl} at {threads} threads: no result within {args.timeout} s")
                    r = {"median_s": float("inf"), "epochs_s": [], "timeout": args.timeout}
                cpu_after = os.times()
                r.update({"impl": impl, "setting": threads, "rep": rep, "loadavg": load,
                          "user_s": round(cpu_after.children_user - cpu_before.children_user, 3),
                          "sys_s": round(cpu_after.children_system - cpu_before.children_system, 3)})
                runs.append(r)
        results[str(batch)] = {"runs": runs}
    return results


def dlib_peer(build):
    """bench/peers/dlib_train.cpp, built by run.sh when libdlib-dev is installed."""
    return os.path.join(build, "bench", "nnfs_peer_dlib")


def peer_command(impl, net, build=None):
    if impl == "torch":
        return [PY, os.path.join(HERE, "peers", "torch_train.py"), "--model", net]
    if impl == "dlib":
        return [dlib_peer(build), "--model", net]
    return [PY, os.path.join(HERE, "peers", f"{impl}_{net}.py")]


def bench_loading(args):
    log("IDX loading")
    idx = json_lines(run([f"{args.build}/nnfs", "bench", "--only", "idx", "--data", args.data, "--reps",
                          str(args.load_reps * args.load_rounds), "--threads", "2", "--json"]).stdout)[-1]
    ours_t, pandas_t, ours, pandas = [], [], None, None
    for rnd in range(args.load_rounds):
        log(f"CSV loading: round {rnd + 1}/{args.load_rounds}")
        ours = json_lines(run([f"{args.build}/nnfs", "bench", "--only", "csv", "--csv", args.csv, "--reps",
                               str(args.load_reps), "--threads", "2", "--json"]).stdout)[-1]
        pandas = json_lines(run([PY, os.path.join(HERE, "peers", "pandas_csv.py"), "--csv", args.csv, "--reps",
                                 str(args.load_reps)]).stdout)[-1]
        ours_t += ours["times_s"]
        pandas_t += pandas["times_s"]
    csv = {"path": args.csv, "bytes": os.path.getsize(args.csv), "rows": ours["rows"],
           "pandas_rows": pandas["rows"], "ours_times_s": ours_t, "pandas_times_s": pandas_t,
           "ours_median_s": statistics.median(ours_t), "pandas_median_s": statistics.median(pandas_t)}
    return {"idx": idx, "csv": csv}


def bench_layers(args):
    """Per-layer GFLOP/s of nnfs_bench_layers --json (forward, weight and input gradient of every
    conv and dense layer), when run.sh built it; None otherwise."""
    exe = os.path.join(args.build, "bench", "nnfs_bench_layers")
    if not os.path.exists(exe):
        log("per-layer: nnfs_bench_layers not built, skipped")
        return None
    log("per-layer: nnfs_bench_layers --json")
    return {"command": f"{exe} --json", "layers": json.loads(run([exe, "--json"], timeout=args.timeout).stdout)}


def peak_rss_kb(cmd):
    res = run(["/usr/bin/time", "-v"] + cmd)
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", res.stderr)
    return int(m.group(1)) if m else None


def bench_memory(args):
    log("peak RSS")
    model = os.path.join(args.build, "bench-rss.safetensors")
    train_cmd = [f"{args.build}/nnfs", "train", "--data", args.data, "--model", "mlp", "--epochs", "1",
                 "--batch", "128", "--threads", "2", "--no-run", "--out", model]
    ours = peak_rss_kb(train_cmd)
    torch = peak_rss_kb(peer_command("torch", "mlp") + ["--data", args.data, "--batch", "128", "--threads", "2",
                                                         "--epochs", "1"])
    out = {"nnfs_train_kb": ours, "nnfs_train_cmd": " ".join(train_cmd), "torch_kb": torch}
    if "cnn" not in args.skip:
        log("peak RSS of the CNN")
        cnn_cmd = train_cmd[:train_cmd.index("mlp")] + ["cnn"] + train_cmd[train_cmd.index("mlp") + 1:]
        out["cnn"] = {"nnfs_train_kb": peak_rss_kb(cnn_cmd), "nnfs_train_cmd": " ".join(cnn_cmd),
                      "torch_kb": peak_rss_kb(peer_command("torch", "cnn") + [
                          "--data", args.data, "--batch", "128", "--threads", "2", "--epochs", "1"])}
    if "cnn-large" not in args.skip:
        out["cnn_large"] = cnn_large_memory(args, train_cmd, model)
    if os.path.exists(model):
        os.remove(model)
    return out


def cnn_large_memory(args, train_cmd, model):
    """Peak RSS of the issue 16 goals: training cnn-large one epoch, evaluating the bundled
    cnn-large, and the studio opened with MNIST and that model (bench/studio_rss.sh, under Xvfb)."""
    log("peak RSS of cnn-large: training, evaluation, the studio")
    bundled = os.path.join(ROOT, "assets", "models", "mnist-cnn-large.safetensors")
    train = train_cmd[:train_cmd.index("mlp")] + ["cnn-large"] + train_cmd[train_cmd.index("mlp") + 1:]
    evaluate = [f"{args.build}/nnfs", "evaluate", "--model", bundled, "--data", args.data]
    out = {"train_cmd": " ".join(train), "train_kb": peak_rss_kb(train),
           "evaluate_cmd": " ".join(evaluate), "evaluate_kb": peak_rss_kb(evaluate)}
    studio = ["bash", os.path.join(HERE, "studio_rss.sh"), args.build, args.data, "--model", bundled]
    if os.path.exists(os.path.join(args.build, "app", "studio", "nnfs-studio")):
        m = re.search(r"peak RSS (\d+) MiB", run(studio, timeout=900).stdout)
        out["studio_cmd"] = "bench/studio_rss.sh " + " ".join(studio[2:])
        out["studio_kb"] = int(m.group(1)) * 1024 if m else None
    return out


def timed_run(cmd, timeout):
    """(stdout, wall seconds from the process's start to its end, user + sys CPU seconds)."""
    cpu_before, start = os.times(), time.perf_counter()
    out = run(cmd, timeout=timeout).stdout
    wall, cpu_after = time.perf_counter() - start, os.times()
    cpu = (cpu_after.children_user - cpu_before.children_user) + (cpu_after.children_system - cpu_before.children_system)
    return out, round(wall, 3), round(cpu, 3)


def bench_speedrun(args):
    """The speedrun recipe (`--model speedrun`) over --speedrun-seeds seeds: final test accuracy and
    wall time from process start (data loading included); then the time to 99% test accuracy with
    `--target-acc 0.99` (the time the run prints, from process start)."""
    model = os.path.join(args.build, "bench-speedrun.safetensors")
    base = [f"{args.build}/nnfs", "train", "--data", args.data, "--model", "speedrun", "--threads", "2", "--no-run",
            "--out", model]
    seeds = []
    for seed in range(1, args.speedrun_seeds + 1):
        log(f"speedrun: seed {seed}/{args.speedrun_seeds}")
        cmd = base + ["--seed", str(seed)]
        load = loadavg()
        out, wall, cpu = timed_run(cmd, args.timeout * 3)
        accs = re.findall(r"test loss \S+ acc ([0-9.]+)%", out)
        seeds.append({"seed": seed, "command": " ".join(cmd), "test_acc": float(accs[-1]) / 100 if accs else None,
                      "epochs": len(accs), "wall_s": wall, "cpu_s": cpu, "loadavg": load})
    log("speedrun: --target-acc 0.99")
    # The one-epoch recipe for the time to 99% (assets/README.md): the six-epoch one is still warming up there.
    cmd = base + ["--epochs", "1", "--no-augment", "--lr", "0.02", "--seed", "1", "--target-acc", "0.99"]
    out, wall, cpu = timed_run(cmd, args.timeout * 3)
    m = re.search(r"reached: ([0-9.]+)% at (.*?), ([0-9.]+) s after the process started", out)
    target = {"command": " ".join(cmd), "wall_s": wall, "cpu_s": cpu, "reached": bool(m),
              "line": next((l for l in out.splitlines() if l.startswith("target accuracy")), "")}
    if m:
        target.update({"test_acc": float(m.group(1)) / 100, "at": m.group(2), "seconds": float(m.group(3))})
    if os.path.exists(model):
        os.remove(model)
    return {"seeds": seeds, "target": target}


def wait_for_quiet(limit, max_wait):
    """Waits up to max_wait seconds for the 1-minute load average to drop below limit."""
    start = time.time()
    while loadavg() >= limit and time.time() - start < max_wait:
        log(f"waiting for the load average to drop below {limit} ({time.time() - start:.0f}/{max_wait} s)")
        time.sleep(30)
    return round(time.time() - start)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--csv", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--command", default="bench/run.sh")
    ap.add_argument("--reps", type=int, default=5, help="MLP repetitions")
    ap.add_argument("--epochs", type=int, default=3, help="epochs per MLP run (first is warm-up)")
    ap.add_argument("--batches", type=int, nargs="+", default=[128, 32])
    ap.add_argument("--cnn-reps", type=int, default=3, help="CNN repetitions")
    ap.add_argument("--cnn-epochs", type=int, default=3, help="epochs per CNN run (first is warm-up)")
    ap.add_argument("--peer-threads", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--load-rounds", type=int, default=3)
    ap.add_argument("--load-reps", type=int, default=3)
    ap.add_argument("--gemm-rounds", type=int, default=15)
    ap.add_argument("--timeout", type=int, default=300, help="seconds per training process")
    ap.add_argument("--quiet-load", type=float, default=1.5, help="wait for a load average below this")
    ap.add_argument("--max-wait", type=int, default=600, help="... but at most this many seconds")
    ap.add_argument("--speedrun-seeds", type=int, default=5)
    ap.add_argument("--skip", nargs="*", default=[], help="gemm mlp cnn cnn-large speedrun layers load memory dlib")
    args = ap.parse_args()

    waited = wait_for_quiet(args.quiet_load, args.max_wait)
    started = datetime.datetime.now().astimezone()
    out = {"date": started.isoformat(timespec="seconds"), "command": args.command,
           "settings": {"reps": args.reps, "epochs": args.epochs, "batches": args.batches,
                        "peer_threads": args.peer_threads, "torch_mixed_settings": TORCH_MIXED_SETTINGS,
                        "ours_threads": 2,
                        "cnn_reps": args.cnn_reps, "cnn_epochs": args.cnn_epochs, "cnn_batch": 128, "load_rounds": args.load_rounds,
                        "load_reps": args.load_reps, "gemm_rounds": args.gemm_rounds, "timeout": args.timeout,
                        "quiet_load": args.quiet_load, "waited_s": waited},
           "machine": machine_info(args.build), "loadavg_start": loadavg()}
    if "gemm" not in args.skip:
        out["gemm"] = bench_gemm(args.build, args.gemm_rounds)
    dlib = ("dlib",) if "dlib" not in args.skip and os.path.exists(dlib_peer(args.build)) else ()
    if "mlp" not in args.skip:
        out["mlp"] = bench_training(args, "mlp", args.batches, args.reps, args.epochs, ("torch", "numpy") + dlib)
    if "cnn" not in args.skip:
        out["cnn"] = bench_training(args, "cnn", [128], args.cnn_reps, args.cnn_epochs, ("torch",) + dlib)
    if "cnn-large" not in args.skip:
        # One epoch each (a minute), PyTorch at its CNN settings only: 2+1 (its best) and 2.
        out["cnn_large"] = bench_training(args, "cnn-large", [128], 1, 1, ("torch",), torch_settings=["2+1", 2],
                                          timeout=args.timeout * 3)
    if "speedrun" not in args.skip:
        out["speedrun"] = bench_speedrun(args)
    if "layers" not in args.skip:
        layers = bench_layers(args)
        if layers:
            out["layers"] = layers
    if "load" not in args.skip:
        out["loading"] = bench_loading(args)
    if "memory" not in args.skip:
        out["memory"] = bench_memory(args)
    out["loadavg_end"] = loadavg()
    out["seconds"] = round((datetime.datetime.now().astimezone() - started).total_seconds(), 1)
    with open(args.out, "w") as f:
        json.dump(out, f, indent=1)
    log(f"wrote {args.out} ({out['seconds']:.0f} s)")


if __name__ == "__main__":
    main()
