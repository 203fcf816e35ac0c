"""How `make train` chooses the sentence classifier's thresholds: out-of-fold scores of
the train split, by whole publishers, pooled with dev's."""

from __future__ import annotations

from generator.nlp.classifier import LABELS
from generator.nlp.training import Example, fit, fold_models, out_of_fold, thresholds_for


def _example(publisher: str, text: str, proposal: bool) -> Example:
    cats = {"PROPOSAL": float(proposal), "FOLLOW_UP": 0.0}
    return Example(f"{publisher}-{text}", publisher, text, cats)


def test_each_example_is_scored_by_the_model_that_never_saw_its_publisher() -> None:
    # Each publisher proposes with a word of its own ("alpha", "beta", ...) and also
    # with the shared "propose"; only a model that saw the publisher knows its word.
    train = []
    for publisher, word in zip("ABCD", ("alpha", "beta", "gamma", "delta"), strict=True):
        for copy in range(3):
            train.append(_example(publisher, f"{word} plan {copy}", True))
            train.append(_example(publisher, f"we propose talks {copy}", True))
            train.append(_example(publisher, f"the talks ended {copy}", False))
    models = fold_models(train, folds=None)  # one publisher a fold
    assert sorted(g for group, _ in models for g in group) == ["A", "B", "C", "D"]
    held_out = out_of_fold(train, models)
    seen = fit(train, LABELS, 0.1)  # a model that saw every publisher
    own_word = [i for i, e in enumerate(train) if e.text.startswith("alpha")]
    for i in own_word:
        # Out of fold, "alpha" is a word the model never met: its score is what the
        # rest of the text gives, below what a model trained on A gives it.
        assert held_out[i]["PROPOSAL"] < seen.scores([train[i].text])[0]["PROPOSAL"]
    assert all(set(c) == {"PROPOSAL", "FOLLOW_UP"} for c in held_out)


def test_the_threshold_is_the_best_f1_over_every_example_given() -> None:
    gold = [
        _example("A", str(i), proposal)
        for i, proposal in enumerate([True, True, False, True, False, False])
    ]
    cats = [{"PROPOSAL": s, "FOLLOW_UP": 0.0} for s in (0.9, 0.5, 0.45, 0.3, 0.2, 0.1)]
    # 0.30 takes all three proposals with one false alarm (F1 6/7); 0.46 two of three
    # and none wrong (F1 4/5); 0.22 to 0.30 is the best, and the lowest of a tie wins.
    assert thresholds_for(cats, gold, ["PROPOSAL"]) == {"PROPOSAL": 0.22}
    # Pooled with three false alarms at 0.35, 0.22 scores 6/10 and the optimum moves
    # above the 0.45 false alarm: two of three, none wrong (4/5).
    more = [_example("B", str(i), False) for i in range(3)]
    more_cats = [{"PROPOSAL": 0.35, "FOLLOW_UP": 0.0}] * 3
    pooled = thresholds_for([*cats, *more_cats], [*gold, *more], ["PROPOSAL"])
    assert pooled == {"PROPOSAL": 0.46}
