"""Command line shared by the training peers, and the thread pinning that must happen before
NumPy or PyTorch is imported: OMP_NUM_THREADS and MKL_NUM_THREADS set to --threads, and
OPENBLAS_NUM_THREADS to --blas-threads (default: the same). OpenBLAS keeps a thread pool of its
own next to PyTorch's OpenMP pool; 2 + 2 threads on 2 cores fight each other (both pools spin
while idle), while 1 OpenMP thread with 2 OpenBLAS threads is PyTorch's fastest MLP setting here."""
import argparse
import os


def parse_and_pin(add_arguments=None):
    ap = argparse.ArgumentParser()
    if add_arguments:
        add_arguments(ap)
    ap.add_argument("--data", required=True)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--blas-threads", type=int, default=None, help="OpenBLAS threads (default: --threads)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    if args.blas_threads is None:
        args.blas_threads = args.threads
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(args.threads)
    os.environ["OPENBLAS_NUM_THREADS"] = str(args.blas_threads)
    return args
