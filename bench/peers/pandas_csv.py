#!/usr/bin/python3
"""pandas peer of `nnfs bench --only csv`: pandas.read_csv (default C parser) on the same MNIST
CSV file, one untimed warm-up read (page cache, as ours), then --reps timed reads; the median.

    /usr/bin/python3 bench/peers/pandas_csv.py --csv build-bench/csv/mnist_train.csv --reps 5
"""
import argparse
import json
import statistics
import time

import pandas as pd


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--csv", required=True)
    ap.add_argument("--reps", type=int, default=5)
    args = ap.parse_args()

    pd.read_csv(args.csv)  # warm-up
    times, rows = [], 0
    for _ in range(args.reps):
        start = time.perf_counter()
        frame = pd.read_csv(args.csv)
        times.append(time.perf_counter() - start)
        rows = len(frame)
    print(json.dumps({"bench": "csv_load", "impl": "pandas", "version": pd.__version__, "path": args.csv,
                      "rows": rows, "times_s": times, "median_s": statistics.median(times)}))


if __name__ == "__main__":
    main()
