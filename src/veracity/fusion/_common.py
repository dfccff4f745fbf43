"""Small numeric helpers the classic methods share (private: not part of the interface)."""

from __future__ import annotations

import numpy as np

from veracity.fusion.claims import Claims


def claim_weights(claims: Claims) -> np.ndarray:
    """The claims' weight column, or ones: every method reads weights the same way."""
    return np.ones(claims.n_claims) if claims.weight is None else claims.weight


def per_source(claims: Claims, per_claim: np.ndarray) -> np.ndarray:
    """Sum a per-claim array for each source."""
    return np.bincount(claims.source, weights=per_claim, minlength=claims.n_sources)


def per_value(claims: Claims, per_claim: np.ndarray) -> np.ndarray:
    """Sum a per-claim array for each value code."""
    return np.bincount(claims.value, weights=per_claim, minlength=claims.n_values)


def per_item(claims: Claims, per_claim: np.ndarray) -> np.ndarray:
    """Sum a per-claim array for each item."""
    return np.bincount(claims.item, weights=per_claim, minlength=claims.n_items)


def divide(num: np.ndarray, den: np.ndarray, fill: float = 0.0) -> np.ndarray:
    """num / den, with ``fill`` where den is 0 (a source or value with no claims)."""
    out = np.full(np.broadcast(num, den).shape, fill, dtype=np.float64)
    np.divide(num, den, out=out, where=den != 0)
    return out


def scale_max(x: np.ndarray) -> np.ndarray:
    """Divide by the largest entry (Pasternack & Roth's normalisation); zeros stay zeros."""
    m = float(x.max()) if x.size else 0.0
    return x / m if m > 0 else x


def cosine_distance(a: np.ndarray, b: np.ndarray) -> float:
    """1 - cosine similarity (TruthFinder's stopping rule); 1 when either vector is zero."""
    na, nb = float(np.linalg.norm(a)), float(np.linalg.norm(b))
    if na == 0 or nb == 0:
        return 1.0
    return float(np.clip(1.0 - float(a @ b) / (na * nb), 0.0, 1.0))


def vote_shares(claims: Claims, per_claim: np.ndarray) -> np.ndarray:
    """Per-value shares of an item's (weighted) votes; uniform for an item without votes."""
    return claims.item_normalise(per_value(claims, per_claim))
