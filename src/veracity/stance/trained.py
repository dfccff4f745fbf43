"""Trained stance models (``veracity stance train``): loading and saving.

Until the trainer lands, :func:`load_trained` checks the path and refuses, so ``--model`` with a
missing or foreign file already fails with a clear message and exit 2.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from veracity.errors import InputError

if TYPE_CHECKING:
    from veracity.stance import StanceModel


def load_trained(path: Path) -> StanceModel:
    if not path.is_file():
        raise InputError(
            "no such stance model file",
            file=str(path),
            fix="train one with `veracity stance train --data DIR --out MODEL`",
        )
    raise InputError(
        "not a veracity stance model (this version reads none yet)",
        file=str(path),
        fix="omit --model to use the shipped rules",
    )
