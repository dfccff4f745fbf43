"""Label families: items that share one label vocabulary get class-conditional confusion.

When at least ``FAMILY_MIN_ITEMS`` items, and ``FAMILY_MIN_SHARE`` of all items, have exactly the
same 2-``FAMILY_MAX_CLASSES`` candidate labels (crowd labelling, true/false propositions in bulk),
those items form a family with a class prior and a per-source confusion matrix (Dawid & Skene
1979) whose Dirichlet prior is centred on the family's pooled confusion with
``confusion_strength`` pseudo-counts per row: sources with few labels shrink to the crowd's
typical confusions. Whether a family uses confusion matrices or one-coin accuracies is decided
per fit by BIC on the family's claims (:func:`family_bic`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import special

from veracity.fusion.claims import Claims

#: items sharing one label vocabulary form a family when there are at least this many ...
FAMILY_MIN_ITEMS = 20
#: ... and at least this share of all items
FAMILY_MIN_SHARE = 0.5
#: most labels in a family's vocabulary (more: open values, one-coin)
FAMILY_MAX_CLASSES = 8


@dataclass(frozen=True)
class Families:
    """Which items form label families, and each family's rows."""

    of_item: np.ndarray  #: family per item, -1 for open-valued items
    groups: list[tuple[np.ndarray, np.ndarray]]  #: per family: items, value codes (items x K)
    class_index: np.ndarray  #: per value code: its label column in its family, -1 if none
    rows: list[tuple[np.ndarray, np.ndarray, np.ndarray]]  #: assertion rows, local item, column
    in_family: np.ndarray  #: per claim: its item is in a family
    #: per claim: a denial on a two-label family item, counted as the other label's claim
    deny_in_family: np.ndarray

    @classmethod
    def none(cls, c: Claims) -> Families:
        """No families: every item one-coin."""
        return cls(
            of_item=np.full(c.n_items, -1, dtype=np.int64),
            groups=[],
            class_index=np.full(c.n_values, -1, dtype=np.int64),
            rows=[],
            in_family=np.zeros(c.n_claims, dtype=bool),
            deny_in_family=np.zeros(c.n_claims, dtype=bool),
        )

    @classmethod
    def of(
        cls, c: Claims, of_item: np.ndarray, groups: list[tuple[np.ndarray, np.ndarray]], deny
    ) -> Families:  # noqa: ANN001 - deny: bool per claim
        """Families from :func:`find_families`' result, with each family's label rows.

        On a family of two labels (true/false) a denial of one label says the other: it is a
        row of the confusion model like any label, so a source that asserts everything and a
        debunker who denies are both judged by how their words go with the truth (a source
        that says "true" whatever the truth carries no weight).
        """
        col = np.full(c.n_values, -1, dtype=np.int64)
        for _items, codes in groups:
            col[codes] = np.arange(codes.shape[1])[None, :]
        rows = []
        fam_row = of_item[c.item]
        deny_in = np.zeros(c.n_claims, dtype=bool)
        for f, (items, codes) in enumerate(groups):
            binary = codes.shape[1] == 2
            member = fam_row == f
            r = np.flatnonzero(member & (~deny if not binary else True))
            local = np.empty(c.n_items, dtype=np.int64)
            local[items] = np.arange(items.size)
            x = col[c.value[r]]
            if binary:
                flip = deny[r]
                x = np.where(flip, 1 - x, x)
                deny_in[r[flip]] = True
            rows.append((r, local[c.item[r]], x))
        return cls(of_item, groups, col, rows, fam_row >= 0, deny_in)


def find_families(c: Claims) -> tuple[np.ndarray, list[tuple[np.ndarray, np.ndarray]]]:
    """Family id per item (-1: open-valued) and per family (items, K value codes per item).

    A family is a set of 2-``FAMILY_MAX_CLASSES`` candidate labels shared exactly by at least
    ``FAMILY_MIN_ITEMS`` items and ``FAMILY_MIN_SHARE`` of all items: a label vocabulary of the
    data set (crowd labels, true/false), not open values that happen to coincide. The value
    codes of a family item are listed in the order of their sorted labels, so column k means
    the same label in every item of the family.
    """
    fam = np.full(c.n_items, -1, dtype=np.int64)
    if c.value_labels is None or c.n_items < FAMILY_MIN_ITEMS:
        return fam, []
    vpi = c.values_per_item
    order, starts = c.item_value_order
    label_id = c.value_label_codes
    families: list[tuple[np.ndarray, np.ndarray]] = []
    need = max(FAMILY_MIN_ITEMS, FAMILY_MIN_SHARE * c.n_items)
    for k in range(2, FAMILY_MAX_CLASSES + 1):
        items = np.flatnonzero(vpi == k)
        if items.size < need:
            continue
        codes = order[starts[items][:, None] + np.arange(k)[None, :]]  # items x k
        ids = label_id[codes]
        # columns in the order of the labels' text, so that relabelling codes changes nothing
        text = np.asarray(c.value_labels, dtype=str)[codes]
        srt = np.argsort(text, axis=1, kind="stable")
        ids = np.take_along_axis(ids, srt, axis=1)
        codes = np.take_along_axis(codes, srt, axis=1)
        text = np.take_along_axis(text, srt, axis=1)
        distinct = (text[:, 1:] != text[:, :-1]).all(axis=1)
        sig, inverse, counts = np.unique(
            ids[distinct], axis=0, return_inverse=True, return_counts=True
        )
        inverse = inverse.reshape(-1)
        for g in np.flatnonzero(counts >= need):
            members = np.flatnonzero(inverse == g)
            fam[items[distinct][members]] = len(families)
            families.append((items[distinct][members], codes[distinct][members]))
    return fam, families


@dataclass(frozen=True)
class Confusion:
    """Posterior of one family's confusion matrices and class prior (an M-step's output)."""

    elog: np.ndarray  #: sources x K x K: E[log pi_s[t, x]]
    mean: np.ndarray  #: sources x K x K: posterior mean confusion
    elog_class: np.ndarray  #: K: E[log rho_t]
    class_mass: np.ndarray  #: K: posterior mass per class


def confusion_posterior(
    fam: Families,
    f: int,
    src: np.ndarray,
    w: np.ndarray,
    p: np.ndarray,
    n_sources: int,
    strength: float,
) -> Confusion:
    """Dirichlet posteriors of family ``f``'s confusion rows, centred on its pooled confusion."""
    codes = fam.groups[f][1]
    k_cls = codes.shape[1]
    rows, li, x = fam.rows[f]
    post = p[codes]  # items x K
    s = src[rows]
    key = s * k_cls + x
    counts = np.empty((n_sources, k_cls, k_cls))
    for t in range(k_cls):
        counts[:, t, :] = np.bincount(
            key, weights=w[rows] * post[li, t], minlength=n_sources * k_cls
        ).reshape(n_sources, k_cls)
    pooled = counts.sum(axis=0) + 1.0
    centre = pooled / pooled.sum(axis=1, keepdims=True)
    alpha = strength * centre + counts
    total = alpha.sum(axis=2, keepdims=True)
    mass = post.sum(axis=0)
    cls = 1.0 + mass
    return Confusion(
        elog=special.digamma(alpha) - special.digamma(total),
        mean=alpha / total,
        elog_class=special.digamma(cls) - special.digamma(cls.sum()),
        class_mass=mass,
    )


def family_scores(
    fam: Families, conf: list[Confusion], src: np.ndarray, w: np.ndarray, n_values: int
) -> np.ndarray:
    """Per value: class prior plus each label's expected log-likelihood (family items only)."""
    scores = np.zeros(n_values)
    for f, (items, codes) in enumerate(fam.groups):
        rows, li, x = fam.rows[f]
        elog = conf[f].elog
        wr, s = w[rows], src[rows]
        ll = np.tile(conf[f].elog_class, (items.size, 1))
        for t in range(codes.shape[1]):
            ll[:, t] += np.bincount(li, weights=wr * elog[s, t, x], minlength=items.size)
        scores[codes] += ll
    return scores


def family_bic(
    fam: Families,
    conf: list[Confusion] | None,
    accuracy: np.ndarray,
    src: np.ndarray,
    w: np.ndarray,
) -> tuple[float, tuple[float, int, int]]:
    """BIC of the family items' claims (truth marginalised out) under confusion matrices
    (``conf``) or one-coin accuracies (``conf`` None), and its (log-lik, params, claims)."""
    total, n_params, n_obs = 0.0, 0, 0
    for f, (items, codes) in enumerate(fam.groups):
        k_cls = codes.shape[1]
        rows, li, x = fam.rows[f]
        keep = w[rows] > 0
        rows, li, x = rows[keep], li[keep], x[keep]
        s, wr = src[rows], w[rows]
        if conf is not None:
            logp = np.log(conf[f].mean[s, :, x])  # rows x K (over t)
            cls = 1.0 + conf[f].class_mass
            prior = np.log(cls / cls.sum())
            n_params += np.unique(s).size * k_cls * (k_cls - 1) + k_cls - 1
        else:
            cols = np.arange(k_cls)[None, :]
            a = accuracy[s][:, None]
            logp = np.where(cols == x[:, None], np.log(a), np.log((1 - a) / max(k_cls - 1, 1)))
            prior = np.full(k_cls, -np.log(k_cls))
            n_params += np.unique(s).size
        ll = np.tile(prior, (items.size, 1))
        for t in range(k_cls):
            ll[:, t] += np.bincount(li, weights=wr * logp[:, t], minlength=items.size)
        total += float(special.logsumexp(ll, axis=1).sum())
        n_obs += rows.size
    return total - 0.5 * n_params * np.log(max(n_obs, 2)), (total, n_params, n_obs)
