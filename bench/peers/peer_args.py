"""Command line shared by the training peers, and the thread pinning that must happen before
NumPy or PyTorch is imported: OMP_NUM_THREADS, MKL_NUM_THREADS and OPENBLAS_NUM_THREADS all set
to --threads, so the BLAS pool and the OpenMP pool do not oversubscribe the cores."""
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
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[var] = str(args.threads)
    return args
