"""Reading an nnfs model file (.safetensors) without the `safetensors` package.

The format: 8 bytes little-endian header length, a JSON header {name: {dtype, shape,
data_offsets: [begin, end]}, "__metadata__": {key: string}}, then the tensor bytes
(offsets relative to the end of the header). docs/MODEL_FORMAT.md has nnfs's metadata keys.
"""
import json
import struct

import numpy as np

_DTYPES = {"F32": np.float32, "F64": np.float64, "I32": np.int32, "I64": np.int64, "U8": np.uint8}


def read(path):
    """(tensors {name: numpy array}, metadata {key: str}) of a safetensors file."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 8:
        raise ValueError(f"{path}: {len(data)} bytes, too short for a safetensors file")
    (length,) = struct.unpack("<Q", data[:8])
    if length > len(data) - 8:
        raise ValueError(f"{path}: header of {length} bytes does not fit in the file")
    header = json.loads(data[8:8 + length])
    body = memoryview(data)[8 + length:]
    metadata = header.pop("__metadata__", {})
    tensors = {}
    for name, entry in header.items():
        begin, end = entry["data_offsets"]
        if entry["dtype"] not in _DTYPES or not 0 <= begin <= end <= len(body):
            raise ValueError(f"{path}: tensor '{name}': bad dtype or offsets")
        array = np.frombuffer(body[begin:end], dtype=_DTYPES[entry["dtype"]])
        tensors[name] = array.reshape(entry["shape"]).copy()
    return tensors, metadata
