"""pick-best: the fan-in of a sweep; copies the model whose metrics file scores best on `metric`."""
from __future__ import annotations

from typing import Any

from . import modelio
from . import runtime as rt

SLOTS = ("a", "b", "c", "d")


def main() -> None:
    p = rt.parser("pick-best", __doc__)
    for s in SLOTS:
        p.add_argument(f"--model-{s}", type=rt.optional_str, default=None)
        p.add_argument(f"--metrics-{s}", type=rt.optional_str, default=None)
    p.add_argument("--metric", default="validation_auc")
    p.add_argument("--higher-is-better", type=rt.boolean("higher_is_better"), default=True)
    p.add_argument("--best", required=True)
    p.add_argument("--out-metrics", required=True)
    a = p.parse_args()

    candidates: list[dict[str, Any]] = []
    for s in SLOTS:
        model, metrics = getattr(a, f"model_{s}"), getattr(a, f"metrics_{s}")
        if not model and not metrics:
            continue
        if not (model and metrics):
            given, missing = ("model", "metrics") if model else ("metrics", "model")
            rt.fail(f"input '{missing}_{s}' is not set but '{given}_{s}' is; wire both for each candidate")
        rt.require_file(f"model_{s}", model)
        values = rt.read_json(f"metrics_{s}", metrics)
        score = values.get(a.metric) if isinstance(values, dict) else None
        if not isinstance(score, (int, float)) or isinstance(score, bool):
            keys = ", ".join(k for k, v in values.items() if isinstance(v, (int, float))) if isinstance(values, dict) else ""
            rt.fail(f"input 'metrics_{s}': no numeric '{a.metric}' in {metrics}; available: {keys or 'none'}")
        candidates.append({"slot": s, "model": model, "score": float(score), "metrics": values})
    if not candidates:
        rt.fail("input 'model_a': no candidates; wire at least one model_X with its metrics_X")

    ranked = sorted(candidates, key=lambda c: c["score"], reverse=a.higher_is_better)
    best = ranked[0]
    modelio.copy(best["model"], a.best)
    for c in candidates:
        rt.log_metric(f"{a.metric}.{c['slot']}", c["score"])
    rt.log_metric(a.metric, best["score"])
    rt.write_json(a.out_metrics, {
        **{k: v for k, v in best["metrics"].items() if isinstance(v, (int, float, str))},
        "metric": a.metric,
        "best": best["slot"],
        "leaderboard": [{"slot": c["slot"], a.metric: c["score"]} for c in ranked],
    })
    print("leaderboard: " + ", ".join(f"{c['slot']}={c['score']:.4f}" for c in ranked) + f"; picked model_{best['slot']}")


if __name__ == "__main__":
    rt.run(main)
