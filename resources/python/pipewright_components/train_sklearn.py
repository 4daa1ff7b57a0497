"""train-sklearn: fits a scikit-learn classifier on a prepared dataset and saves it with a model card."""
from __future__ import annotations

import inspect
import time
from typing import Any

from . import modelio, scoring
from . import runtime as rt


def estimator_class(name: str) -> Any:
    from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
    from sklearn.linear_model import LogisticRegression
    return {
        "logistic_regression": LogisticRegression,
        "random_forest": RandomForestClassifier,
        "gradient_boosting": GradientBoostingClassifier,
    }[name]


def build(name: str, hyperparameters: dict[str, Any], seed: int) -> Any:
    cls = estimator_class(name)
    allowed = set(inspect.signature(cls.__init__).parameters) - {"self"}
    unknown = sorted(set(hyperparameters) - allowed)
    if unknown:
        rt.fail(f"input 'hyperparameters': {unknown} not accepted by {name}; valid names: {', '.join(sorted(allowed))}")
    params = dict(hyperparameters)
    params.setdefault("random_state", seed)  # reproducible unless the user pins another state
    if name == "logistic_regression":
        params.setdefault("max_iter", 1000)
    try:
        return cls(**params)
    except (TypeError, ValueError) as e:
        rt.fail(f"input 'hyperparameters': {e}")


def json_safe(params: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in params.items() if v is None or isinstance(v, (bool, int, float, str))}


def main() -> None:
    p = rt.parser("train-sklearn", __doc__)
    p.add_argument("--dataset", required=True)
    p.add_argument("--validation", type=rt.optional_str, default=None)
    p.add_argument("--target", required=True)
    p.add_argument("--estimator", default="random_forest",
                   choices=["logistic_regression", "random_forest", "gradient_boosting"])
    p.add_argument("--hyperparameters", type=rt.json_value("hyperparameters", dict), default=None)
    p.add_argument("--seed", type=rt.integer("seed", minimum=0), default=42)
    p.add_argument("--model", required=True)
    p.add_argument("--metrics", required=True)
    a = p.parse_args()
    rt.set_seed(a.seed)

    x, y = scoring.split_xy("dataset", rt.read_table("dataset", a.dataset), a.target)
    if y.nunique() < 2:
        rt.fail(f"input 'dataset': target column '{a.target}' has a single class; a classifier needs at least two")
    model = build(a.estimator, a.hyperparameters or {}, a.seed)
    started = time.perf_counter()
    try:
        model.fit(x, y)
    except ValueError as e:  # e.g. text left in a feature column
        rt.fail(f"input 'dataset': cannot train on this data ({e}); run split-features first to encode text columns")
    fit_seconds = time.perf_counter() - started

    metrics: dict[str, Any] = {f"train_{k}": v for k, v in scoring.scores(model, x, y).items()}
    if a.validation:
        vx, vy = scoring.split_xy("validation", rt.read_table("validation", a.validation), a.target)
        vx = scoring.align_features("validation", vx, list(x.columns))
        metrics.update({f"validation_{k}": v for k, v in scoring.scores(model, vx, vy).items()})
    metrics.update({"fit_seconds": fit_seconds, "train_rows": len(x), "features": x.shape[1]})
    for name, value in metrics.items():
        rt.log_metric(name, value)

    modelio.save(a.model, model, {
        "estimator": a.estimator,
        "hyperparameters": json_safe(model.get_params()),
        "target": a.target,
        "features": [str(c) for c in x.columns],
        "classes": [c.item() if hasattr(c, "item") else c for c in model.classes_],
        "seed": a.seed,
        "training_rows": len(x),
        "metrics": metrics,
    })
    rt.write_json(a.metrics, {"estimator": a.estimator, **metrics})
    summary = ", ".join(f"{k}={v:.4f}" for k, v in metrics.items() if k.endswith(("auc", "accuracy")))
    print(f"trained {a.estimator} on {len(x)} rows in {fit_seconds:.2f}s: {summary}")


if __name__ == "__main__":
    rt.run(main)
