"""Classification scores shared by train-sklearn, evaluate-classifier and pick-best."""
from __future__ import annotations

from typing import Any

from . import runtime as rt

METRICS = ("auc", "accuracy", "f1")


def split_xy(name: str, df: Any, target: str) -> tuple[Any, Any]:
    rt.require_columns(name, df, [target])
    y = df[target]
    if y.isna().any():
        rt.fail(f"input '{name}': target column '{target}' has {int(y.isna().sum())} missing value(s)")
    return df.drop(columns=[target]), y


def align_features(name: str, x: Any, expected: list[str] | None) -> Any:
    """Orders columns as the model saw them in training; a missing feature is a clear error, not a crash."""
    if not expected:
        return x
    missing = [c for c in expected if c not in x.columns]
    if missing:
        rt.fail(f"input '{name}': the model expects feature column(s) {missing[:5]} that the data lacks; "
                "were model and data produced by the same split-features settings?")
    return x[expected]


def scores(estimator: Any, x: Any, y: Any) -> dict[str, float]:
    from sklearn import metrics as m
    pred = estimator.predict(x)
    out = {"accuracy": float(m.accuracy_score(y, pred))}
    classes = list(getattr(estimator, "classes_", []))
    binary = len(classes) == 2
    out["f1"] = float(m.f1_score(y, pred, pos_label=classes[1]) if binary else m.f1_score(y, pred, average="macro"))
    if hasattr(estimator, "predict_proba") and y.nunique() > 1:
        proba = estimator.predict_proba(x)
        if binary:
            out["auc"] = float(m.roc_auc_score(y == classes[1], proba[:, 1]))
        else:
            out["auc"] = float(m.roc_auc_score(y, proba, multi_class="ovr", labels=classes))
        out["log_loss"] = float(m.log_loss(y, proba, labels=classes))
    return out
