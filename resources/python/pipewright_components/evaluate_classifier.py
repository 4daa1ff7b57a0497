"""evaluate-classifier: scores a challenger on the holdout and gates it against the champion.

The gate's answer is an output (`passed`), not the node's exit status: "the new model is not better" is a
normal outcome that deploy-model acts on, so the node succeeds either way.
"""
from __future__ import annotations

from typing import Any

from . import modelio, registry, scoring
from . import runtime as rt


def find_champion(a: Any) -> tuple[str | None, str | None, dict[str, Any] | None]:
    """(model path, where it came from, registry entry) of the champion, if there is one."""
    if a.champion:
        return a.champion, "input 'champion'", None
    if a.registry:
        found = registry.champion(a.registry, a.model_name)
        if found:
            path, entry = found
            return path, f"registry {a.registry} ({a.model_name} v{entry['version']})", entry
    return None, None, None


def champion_scores(path: str, entry: dict[str, Any] | None, holdout: Any, target: str) -> tuple[dict[str, float] | None, str]:
    model, card = modelio.load("champion", path)
    x, y = scoring.split_xy("holdout", holdout, target)
    expected = modelio.features_of(model, card)
    if expected and all(c in x.columns for c in expected):
        return scoring.scores(model, x[expected], y), "rescored on this holdout"
    # Features changed since the champion was trained: fall back to what it scored when it was registered.
    recorded = (entry or {}).get("metrics", {})
    fallback = {k[len("holdout_"):]: v for k, v in recorded.items() if k.startswith("holdout_") and isinstance(v, (int, float))}
    if fallback:
        return fallback, "its features differ from this holdout; using the scores recorded at registration"
    return None, "its features differ from this holdout and no scores were recorded"


def decide(metric: str, challenger: dict[str, float], champion: dict[str, float] | None, has_champion: bool,
           min_improvement: float, min_score: float) -> tuple[bool, float | None, str]:
    score = challenger.get(metric)
    if score is None:
        return False, None, f"the challenger has no {metric} (does the model support predict_proba?)"
    if score < min_score:
        return False, None, f"challenger {metric}={score:.4f} is below min_score={min_score}"
    if not has_champion:
        return True, None, "no champion yet; the challenger becomes the first version"
    if champion is None or metric not in champion:
        return False, None, "the champion could not be scored, so the challenger cannot be compared safely"
    improvement = score - champion[metric]
    if improvement >= min_improvement:
        return True, improvement, f"challenger {metric}={score:.4f} beats champion {champion[metric]:.4f} by {improvement:+.4f}"
    return False, improvement, (f"challenger {metric}={score:.4f} vs champion {champion[metric]:.4f} "
                                f"({improvement:+.4f}) does not reach min_improvement={min_improvement}")


def main() -> None:
    p = rt.parser("evaluate-classifier", __doc__)
    p.add_argument("--model", required=True)
    p.add_argument("--holdout", required=True)
    p.add_argument("--target", required=True)
    p.add_argument("--champion", type=rt.optional_str, default=None)
    p.add_argument("--registry", type=rt.optional_str, default=None)
    p.add_argument("--model-name", default="model")
    p.add_argument("--metric", default="auc", choices=list(scoring.METRICS))
    p.add_argument("--min-improvement", type=rt.number("min_improvement", -1, 1), default=0.0)
    p.add_argument("--min-score", type=rt.number("min_score", 0, 1), default=0.0)
    p.add_argument("--metrics", required=True)
    p.add_argument("--passed", required=True)
    a = p.parse_args()

    holdout = rt.read_table("holdout", a.holdout)
    model, card = modelio.load("model", a.model)
    x, y = scoring.split_xy("holdout", holdout, a.target)
    x = scoring.align_features("holdout", x, modelio.features_of(model, card))
    challenger = scoring.scores(model, x, y)

    champ_path, champ_source, entry = find_champion(a)
    champ, champ_note = (None, None)
    if champ_path:
        champ, champ_note = champion_scores(champ_path, entry, holdout, a.target)
    passed, improvement, reason = decide(a.metric, challenger, champ, champ_path is not None,
                                         a.min_improvement, a.min_score)

    for k, v in challenger.items():
        rt.log_metric(f"holdout_{k}", v)
    if champ:
        for k, v in champ.items():
            rt.log_metric(f"champion_{k}", v)
    rt.log_metric("passed", 1 if passed else 0)
    rt.write_json(a.metrics, {
        **{f"holdout_{k}": v for k, v in challenger.items()},
        "metric": a.metric,
        "challenger": challenger,
        "champion": champ,
        "champion_source": champ_source,
        "champion_note": champ_note,
        "improvement": improvement,
        "min_improvement": a.min_improvement,
        "min_score": a.min_score,
        "passed": passed,
        "reason": reason,
    })
    rt.write_param(a.passed, passed)
    print(f"gate {'PASSED' if passed else 'did not pass'}: {reason}")


if __name__ == "__main__":
    rt.run(main)
