"""drift-check: compares a current dataset with the reference one, column by column.

PSI (population stability index) on reference-quantile bins decides whether a column drifted; the KS test
(numeric) or chi-square test (categorical) p-value is reported beside it. With thousands of rows those tests
flag even harmless shifts, which is why the verdict rests on PSI and the share of drifted columns.
"""
from __future__ import annotations

from typing import Any

from . import runtime as rt

EPSILON = 1e-4  # floor for empty bins so PSI stays finite


def psi(ref: Any, cur: Any) -> float:
    import numpy as np
    r = np.clip(ref, EPSILON, None)
    c = np.clip(cur, EPSILON, None)
    return float(np.sum((c - r) * np.log(c / r)))


def numeric_column(ref: Any, cur: Any, bins: int) -> dict[str, Any]:
    import numpy as np
    from scipy import stats
    r, c = ref.dropna().astype(float), cur.dropna().astype(float)
    edges = np.unique(np.quantile(r, np.linspace(0, 1, bins + 1)))
    edges[0], edges[-1] = -np.inf, np.inf
    # One extra bin for missing values, so a jump in nulls counts as drift too.
    r_hist = np.append(np.histogram(r, edges)[0], ref.isna().sum()) / len(ref)
    c_hist = np.append(np.histogram(c, edges)[0], cur.isna().sum()) / len(cur)
    ks = stats.ks_2samp(r, c) if len(r) and len(c) else None
    return {
        "type": "numeric",
        "psi": psi(r_hist, c_hist),
        "ks_statistic": float(ks.statistic) if ks else None,
        "ks_p_value": float(ks.pvalue) if ks else None,
        "reference_mean": float(r.mean()) if len(r) else None,
        "current_mean": float(c.mean()) if len(c) else None,
    }


def categorical_column(ref: Any, cur: Any) -> dict[str, Any]:
    import numpy as np
    from scipy import stats
    r = ref.astype("string").fillna("<missing>").value_counts()
    c = cur.astype("string").fillna("<missing>").value_counts()
    levels = sorted(set(r.index) | set(c.index))
    r_counts = np.array([r.get(k, 0) for k in levels], dtype=float)
    c_counts = np.array([c.get(k, 0) for k in levels], dtype=float)
    p_value = None
    if len(levels) > 1:
        p_value = float(stats.chi2_contingency(np.vstack([r_counts, c_counts]) + 0.5)[1])
    return {
        "type": "categorical",
        "psi": psi(r_counts / r_counts.sum(), c_counts / c_counts.sum()),
        "chi2_p_value": p_value,
        "ks_p_value": None,
        "reference_top": r.index[0] if len(r) else None,
        "current_top": c.index[0] if len(c) else None,
    }


def compare(reference: Any, current: Any, columns: list[str], exclude: list[str], bins: int) -> tuple[dict[str, Any], dict[str, str]]:
    from pandas.api import types as t
    results: dict[str, Any] = {}
    skipped: dict[str, str] = {}
    for col in columns or list(reference.columns):
        if col in exclude:
            continue
        if col not in current.columns:
            skipped[col] = "missing from the current dataset"
            continue
        ref, cur = reference[col], current[col]
        numeric = t.is_numeric_dtype(ref) and not t.is_bool_dtype(ref) and t.is_numeric_dtype(cur)
        if numeric and ref.nunique() > bins:
            results[col] = numeric_column(ref, cur, bins)
        elif not numeric and ref.nunique() > max(50, 0.5 * len(ref)):
            skipped[col] = "looks like an identifier (mostly unique values)"
        else:  # text, booleans and numbers with few distinct values (counts, flags) compare as categories
            results[col] = categorical_column(ref, cur)
    return results, skipped


def main() -> None:
    p = rt.parser("drift-check", __doc__)
    p.add_argument("--reference", required=True)
    p.add_argument("--current", required=True)
    p.add_argument("--columns", type=rt.json_value("columns", list), default=None)
    p.add_argument("--exclude", type=rt.json_value("exclude", list), default=None)
    p.add_argument("--psi-threshold", type=rt.number("psi_threshold", 0), default=0.2)
    p.add_argument("--drift-share", type=rt.number("drift_share", 0, 1), default=0.5)
    p.add_argument("--bins", type=rt.integer("bins", 2, 100), default=10)
    p.add_argument("--fail-on-drift", type=rt.boolean("fail_on_drift"), default=False)
    p.add_argument("--report", required=True)
    p.add_argument("--drifted", required=True)
    a = p.parse_args()

    reference = rt.read_table("reference", a.reference)
    current = rt.read_table("current", a.current)
    columns = rt.string_list("columns", a.columns)
    rt.require_columns("reference", reference, columns)
    results, skipped = compare(reference, current, columns, rt.string_list("exclude", a.exclude), a.bins)
    if not results:
        rt.fail("input 'current': no column could be compared with the reference; check 'columns' and 'exclude'")

    for col, r in results.items():
        r["drifted"] = r["psi"] > a.psi_threshold
        rt.log_metric(f"psi.{col}", r["psi"])
    drifted_cols = [c for c, r in results.items() if r["drifted"]]
    share = len(drifted_cols) / len(results)
    dataset_drift = share >= a.drift_share
    rt.log_metric("drifted_columns", len(drifted_cols))
    rt.log_metric("drift_share", share)
    rt.log_metric("dataset_drift", 1 if dataset_drift else 0)
    rt.write_json(a.report, {
        "dataset_drift": dataset_drift,
        "drift_share": share,
        "drifted_columns": drifted_cols,
        "thresholds": {"psi": a.psi_threshold, "drift_share": a.drift_share},
        "reference_rows": len(reference),
        "current_rows": len(current),
        "columns": results,
        "skipped": skipped,
    })
    rt.write_param(a.drifted, dataset_drift)

    detail = ", ".join(f"{c} (PSI {results[c]['psi']:.3f})" for c in drifted_cols) or "none"
    for col, why in skipped.items():
        print(f"skipped column '{col}': {why}")
    print(f"{len(drifted_cols)} of {len(results)} columns drifted: {detail}; "
          f"dataset drift: {'YES' if dataset_drift else 'no'} (share {share:.0%}, threshold {a.drift_share:.0%})")
    if dataset_drift and a.fail_on_drift:
        rt.fail(f"dataset drift detected: {len(drifted_cols)} of {len(results)} columns drifted ({detail}); "
                "fail_on_drift is true")


if __name__ == "__main__":
    rt.run(main)
