"""The sentence classifier's model: one logistic regression per label over a bag of features.

A model reads a text of the form `words || marks`: the words give lowercased words and
word pairs, the marks (features the parse and the rules wrote, one per space) are taken
as they are; a text without ` || ` is all marks. `make train` fits one regression per
label with scikit-learn (L-BFGS to convergence, the L2 strength chosen by cross-validation
of the train split by publisher) and ships the weights; reading needs only numpy.

Why not `spacy train`: on the same texts and features, spaCy's `TextCatBOW` trained by
`spacy train` (Adam, early stopping on dev, any L2 from 0.01 to 1.0, the model chosen by
F1 or by AUC) reached dev AUC 0.845 (proposals) and 0.900 (follow-ups) and sentence F1
0.54 and 0.66; the same bag fitted to convergence reaches AUC 0.902 and 0.936 and F1
0.62 and 0.69 (README, "make train"). The optimum of a convex problem also needs no
seed. The people screen stays a `spacy train` pipeline (`people_screen.py`): fitted this
way its recall fell (cross-validation of train 0.91 -> 0.87, dev 0.91 -> 0.89).
"""

from __future__ import annotations

import itertools
import json
import math
import re
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

MARKS = " || "
WEIGHTS = "weights.npy"
FEATURES = "features.txt"
META = "meta.json"
FILES = (META, FEATURES, WEIGHTS)
# How often a feature must occur in the training texts to be kept.
MIN_COUNT = 2
_WORD = re.compile(r"\b\w\w+\b")


def features(text: str) -> list[str]:
    """The features a model reads in `text`: lowercased words of two letters or more and
    each pair of neighbours, then the marks after ` || ` (prefixed `|`, so a mark never
    meets a word)."""
    words, separator, marks = text.rpartition(MARKS)
    if not separator:
        words, marks = "", text
    tokens = _WORD.findall(words.lower())
    found = tokens + [f"{a} {b}" for a, b in itertools.pairwise(tokens)]
    return found + [f"|{mark}" for mark in marks.split()]


@dataclass(frozen=True)
class LinearModel:
    """One logistic regression per label over the same features, and what it was fit on
    (`meta`: thresholds, counts; kept in meta.json)."""

    labels: tuple[str, ...]
    index: Mapping[str, int]
    weights: npt.NDArray[np.float32]  # one row a feature, one column a label
    bias: tuple[float, ...]
    meta: dict[str, Any] = field(default_factory=dict)

    def scores(self, texts: Sequence[str]) -> list[dict[str, float]]:
        """Each text's probability of each label."""
        found = []
        for text in texts:
            rows = sorted({self.index[f] for f in features(text) if f in self.index})
            totals = self.weights[rows].sum(axis=0) if rows else None
            found.append(
                {
                    label: _sigmoid(bias + (float(totals[i]) if totals is not None else 0.0))
                    for i, (label, bias) in enumerate(zip(self.labels, self.bias, strict=True))
                }
            )
        return found

    def save(self, target: Path) -> None:
        """Write the model to `target` (a folder), replacing it whole."""
        import numpy as np

        staging = staging_for(target)
        staging.mkdir(parents=True)
        names = sorted(self.index, key=self.index.__getitem__)
        (staging / FEATURES).write_text("\n".join(names) + "\n", encoding="utf-8")
        np.save(staging / WEIGHTS, self.weights, allow_pickle=False)
        meta = {**self.meta, "labels": list(self.labels), "bias": list(self.bias)}
        (staging / META).write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", "utf-8")
        swap_in(staging, target)


def staging_for(target: Path) -> Path:
    """An empty place beside `target` to write a model into before `swap_in`."""
    staging = target.with_name(target.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    return staging


def swap_in(staging: Path, target: Path) -> None:
    """Put the model written in `staging` in place of `target` (a half-written model is
    never where the reading looks)."""
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)


def load(path: Path) -> LinearModel | None:
    """The model saved in `path`, or None when none has been trained there."""
    if not all((path / name).is_file() for name in FILES):
        return None
    import numpy as np

    meta = json.loads((path / META).read_text(encoding="utf-8"))
    names = (path / FEATURES).read_text(encoding="utf-8").split("\n")[:-1]
    weights = np.load(path / WEIGHTS, allow_pickle=False)
    labels = tuple(meta.pop("labels"))
    bias = tuple(float(b) for b in meta.pop("bias"))
    return LinearModel(labels, {name: i for i, name in enumerate(names)}, weights, bias, meta)


def fit(
    texts: Sequence[str],
    cats: Sequence[Mapping[str, float]],
    labels: Sequence[str],
    c: float,
) -> LinearModel:
    """One regression per label on `texts` (gold in `cats`, 1.0 for yes), to convergence;
    `c` is the inverse strength of the L2 penalty."""
    import numpy as np
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = CountVectorizer(analyzer=features, binary=True, min_df=MIN_COUNT)
    matrix = vectorizer.fit_transform(texts)
    columns, biases = [], []
    for label in labels:
        gold = np.array([item.get(label, 0.0) >= 0.5 for item in cats])
        if gold.all() or not gold.any():  # one class only: a constant
            columns.append(np.zeros(matrix.shape[1]))
            biases.append(8.0 if gold.all() else -8.0)
            continue
        regression = LogisticRegression(C=c, max_iter=10_000).fit(matrix, gold)
        columns.append(regression.coef_[0])
        biases.append(float(regression.intercept_[0]))
    index = {name: int(i) for name, i in vectorizer.vocabulary_.items()}
    weights = np.stack(columns, axis=1).astype(np.float32)
    return LinearModel(tuple(labels), index, weights, tuple(biases))


def _sigmoid(value: float) -> float:
    return 1.0 / (1.0 + math.exp(-value)) if value > -500 else 0.0
