"""A linear intent classifier for small bilingual data sets (pure scikit-learn + numpy).

Features: TF-IDF of character n-grams inside words (robust to typos, missing å/ä/ö and
Finnish case endings) and of word uni/bigrams, both on folded text, plus the message's
multilingual sentence embedding. Classifier: a linear SVM whose scores are turned into
probabilities with a softmax temperature fitted on held-out data (so that the
FallbackClassifier's threshold means something).

The fitted model is stored as plain arrays and JSON (no pickle).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

from bot.nlu import sentence_embeddings
from bot.text import fold

TEMPERATURES = (0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.7, 1.0, 1.5, 2.0)


@dataclass
class LinearConfig:
    """Hyper-parameters (chosen with bench/nlu_eval.py)."""

    C: float = 1.0
    embedding_weight: float = 3.0
    char_ngrams: tuple[int, int] = (2, 5)
    word_ngrams: tuple[int, int] = (1, 2)
    use_embeddings: bool = True
    seed: int = 42


def _vectorizers(config: LinearConfig) -> tuple[TfidfVectorizer, TfidfVectorizer]:
    char = TfidfVectorizer(analyzer="char_wb", ngram_range=config.char_ngrams, sublinear_tf=True)
    word = TfidfVectorizer(
        analyzer="word",
        ngram_range=config.word_ngrams,
        sublinear_tf=True,
        token_pattern=r"(?u)\b\w+\b",
    )
    return char, word


def _softmax(scores: np.ndarray, temperature: float) -> np.ndarray:
    z = scores / temperature
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return np.asarray(e / e.sum(axis=1, keepdims=True))


class LinearIntentModel:
    """Fit, predict, save and load."""

    def __init__(self, config: LinearConfig | None = None) -> None:
        """An unfitted model."""
        self.config = config or LinearConfig()
        self.char, self.word = _vectorizers(self.config)
        self.labels: list[str] = []
        self.coef: np.ndarray = np.zeros((0, 0))
        self.intercept: np.ndarray = np.zeros(0)
        self.temperature = 1.0

    # --- features -------------------------------------------------------------------------

    def _features(
        self, texts: list[str], fit: bool = False, vectors: np.ndarray | None = None
    ) -> csr_matrix:
        folded = [fold(t) for t in texts]
        if fit:
            blocks = [self.char.fit_transform(folded), self.word.fit_transform(folded)]
        else:
            blocks = [self.char.transform(folded), self.word.transform(folded)]
        if self.config.use_embeddings:
            if vectors is None:
                vectors = sentence_embeddings.embed(texts)
            blocks.append(csr_matrix(vectors * self.config.embedding_weight))
        return hstack(blocks).tocsr()

    # --- training -----------------------------------------------------------------------

    def _svm(self, x: csr_matrix, y: list[str]) -> LinearSVC:
        return LinearSVC(C=self.config.C, random_state=self.config.seed).fit(x, y)

    def fit(self, texts: list[str], labels: list[str]) -> LinearIntentModel:
        """Fit on all examples; the temperature comes from a held-out fifth first."""
        if len(set(labels)) < 2:
            raise ValueError("need at least two intents to train")
        vectors = sentence_embeddings.embed(texts) if self.config.use_embeddings else None
        self.temperature = self._fit_temperature(texts, labels, vectors)
        x = self._features(texts, fit=True, vectors=vectors)
        svm = self._svm(x, labels)
        self.labels = [str(c) for c in svm.classes_]
        self.coef = np.asarray(svm.coef_, dtype=np.float32)
        self.intercept = np.asarray(svm.intercept_, dtype=np.float32)
        return self

    def _fit_temperature(
        self, texts: list[str], labels: list[str], vectors: np.ndarray | None
    ) -> float:
        rng = np.random.default_rng(self.config.seed)
        order = rng.permutation(len(texts))
        cut = max(1, len(texts) // 5)
        held, train = order[:cut], order[cut:]
        train_labels = [labels[i] for i in train]
        if len(set(train_labels)) < 2:
            return 1.0
        probe = LinearIntentModel(self.config)
        part = (lambda idx: vectors[idx]) if vectors is not None else (lambda idx: None)
        x = probe._features([texts[i] for i in train], fit=True, vectors=part(train))
        svm = probe._svm(x, train_labels)
        scores = svm.decision_function(
            probe._features([texts[i] for i in held], vectors=part(held))
        )
        if scores.ndim == 1:
            scores = np.stack([-scores, scores], axis=1)
        index = {c: k for k, c in enumerate(svm.classes_)}
        known = [(row, index[labels[i]]) for row, i in enumerate(held) if labels[i] in index]
        best, best_nll = 1.0, math.inf
        for temperature in TEMPERATURES:
            probs = _softmax(scores, temperature)
            nll = -float(np.mean([math.log(max(probs[r, k], 1e-12)) for r, k in known]))
            if nll < best_nll:
                best, best_nll = temperature, nll
        return best

    # --- prediction ---------------------------------------------------------------------

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        """Probabilities, one row per text, columns in ``self.labels`` order."""
        x = self._features(texts)
        scores = np.asarray(x @ self.coef.T) + self.intercept
        if len(self.labels) == 2 and self.coef.shape[0] == 1:
            scores = np.hstack([-scores, scores])
        return _softmax(scores, self.temperature)

    def rank(self, text: str, top: int = 10) -> list[tuple[str, float]]:
        """The ``top`` intents for one text, best first."""
        probs = self.predict_proba([text])[0]
        order = np.argsort(-probs)[:top]
        return [(self.labels[i], float(probs[i])) for i in order]

    # --- persistence --------------------------------------------------------------------

    def save(self, directory: Path) -> None:
        """Write arrays (npz) and vocabularies (json)."""
        np.savez(
            directory / "linear.npz",
            coef=self.coef,
            intercept=self.intercept,
            char_idf=self.char.idf_,
            word_idf=self.word.idf_,
        )
        meta = {
            "labels": self.labels,
            "temperature": self.temperature,
            "config": {**self.config.__dict__},
            "char_vocabulary": {k: int(v) for k, v in self.char.vocabulary_.items()},
            "word_vocabulary": {k: int(v) for k, v in self.word.vocabulary_.items()},
        }
        (directory / "linear.json").write_text(json.dumps(meta, ensure_ascii=False), "utf-8")

    @classmethod
    def load(cls, directory: Path) -> LinearIntentModel:
        """Inverse of :meth:`save`."""
        meta: dict[str, Any] = json.loads((directory / "linear.json").read_text("utf-8"))
        cfg = dict(meta["config"])
        cfg["char_ngrams"] = tuple(cfg["char_ngrams"])
        cfg["word_ngrams"] = tuple(cfg["word_ngrams"])
        model = cls(LinearConfig(**cfg))
        arrays = np.load(directory / "linear.npz")
        model.coef = arrays["coef"]
        model.intercept = arrays["intercept"]
        model.labels = list(meta["labels"])
        model.temperature = float(meta["temperature"])
        model.char.vocabulary_ = meta["char_vocabulary"]
        model.char.idf_ = arrays["char_idf"]
        model.word.vocabulary_ = meta["word_vocabulary"]
        model.word.idf_ = arrays["word_idf"]
        return model
