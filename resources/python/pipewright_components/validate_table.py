"""validate-table: checks columns, dtypes, value ranges and null fractions; any violation fails the node.

Failing (exit 1) is the point: the engine then skips everything downstream, so a broken extract never
reaches training. The report is written either way so the user can see every violation, not just the first.
"""
from __future__ import annotations

import math
from typing import Any

from . import runtime as rt

DTYPE_ALIASES = {
    "int": "integer", "integer": "integer", "int64": "integer",
    "float": "number", "number": "number", "float64": "number", "numeric": "number",
    "str": "string", "string": "string", "object": "string", "category": "string",
    "bool": "boolean", "boolean": "boolean",
    "datetime": "datetime", "date": "datetime", "timestamp": "datetime",
    "any": "any",
}


def normalise_schema(schema: Any) -> dict[str, str]:
    """Accepts {"col": "dtype"} or ["col", ...] (presence only)."""
    if schema is None:
        return {}
    if isinstance(schema, list):
        return {str(c): "any" for c in rt.string_list("schema", schema)}
    out = {}
    for col, dtype in schema.items():
        kind = DTYPE_ALIASES.get(str(dtype).lower())
        if kind is None:
            rt.fail(f"input 'schema': column '{col}' has unknown dtype {dtype!r}; "
                    "use integer, number, string, boolean, datetime or any")
        out[str(col)] = kind
    return out


def dtype_ok(series: Any, kind: str) -> bool:
    import pandas as pd
    from pandas.api import types as t
    values = series.dropna()
    if kind == "any" or values.empty:
        return True
    if kind == "integer":
        if t.is_bool_dtype(series):
            return False
        if t.is_integer_dtype(series):
            return True
        # pandas turns an integer column with gaps into float; whole numbers still count as integers.
        return bool(t.is_float_dtype(series) and (values % 1 == 0).all())
    if kind == "number":
        return bool(t.is_numeric_dtype(series) and not t.is_bool_dtype(series))
    if kind == "string":
        return bool(t.is_object_dtype(series) or t.is_string_dtype(series)) and not t.is_numeric_dtype(series)
    if kind == "boolean":
        if t.is_bool_dtype(series):
            return True
        if t.is_numeric_dtype(series):
            return bool(values.isin([0, 1]).all())
        return bool(values.astype(str).str.lower().isin(["true", "false"]).all())
    if kind == "datetime":
        if t.is_datetime64_any_dtype(series):
            return True
        return bool(pd.to_datetime(values, errors="coerce").notna().all())
    return True


def check(df: Any, schema: dict[str, str], ranges: dict[str, Any], max_null: float, extra_ok: bool,
          min_rows: int) -> list[dict[str, Any]]:
    from pandas.api import types as t
    violations: list[dict[str, Any]] = []

    def add(column: str, rule: str, message: str) -> None:
        violations.append({"column": column, "rule": rule, "message": message})

    if len(df) < min_rows:
        add("*", "min_rows", f"the table has {len(df)} rows, fewer than min_rows={min_rows}")
    for col, kind in schema.items():
        if col not in df.columns:
            add(col, "schema", "expected column is missing")
        elif not dtype_ok(df[col], kind):
            add(col, "schema", f"expected dtype {kind}, found {df[col].dtype}")
    if schema and not extra_ok:
        for col in df.columns:
            if col not in schema:
                add(str(col), "schema", "column is not in the schema (allow_extra_columns is false)")
    for col, bounds in ranges.items():
        if not (isinstance(bounds, list) and len(bounds) == 2):
            rt.fail(f"input 'ranges': column '{col}' must map to [min, max] (use null for an open end), got {bounds!r}")
        lo, hi = bounds
        if col not in df.columns:
            add(col, "range", "column is missing")
            continue
        if not t.is_numeric_dtype(df[col]) or t.is_bool_dtype(df[col]):
            add(col, "range", f"a range needs a numeric column, found {df[col].dtype}")
            continue
        values = df[col].dropna()
        outside = values != values  # all False, aligned with values
        if lo is not None:
            outside |= values < lo
        if hi is not None:
            outside |= values > hi
        bad = values[outside]
        if len(bad):
            add(col, "range", f"{len(bad)} value(s) outside [{_fmt(lo)}, {_fmt(hi)}], e.g. {_fmt(bad.iloc[0])}")
    for col in df.columns:
        frac = float(df[col].isna().mean()) if len(df) else 0.0
        if frac > max_null:
            add(str(col), "max_null_fraction", f"{frac:.1%} of values are missing, more than {max_null:.1%}")
    return violations


def _fmt(v: Any) -> str:
    if v is None:
        return "-inf/inf"
    if isinstance(v, float) and math.isfinite(v) and v.is_integer():
        return str(int(v))
    return str(v)


def main() -> None:
    p = rt.parser("validate-table", __doc__)
    p.add_argument("--dataset", required=True)
    p.add_argument("--schema", type=rt.json_value("schema", (dict, list)), default=None)
    p.add_argument("--ranges", type=rt.json_value("ranges", dict), default=None)
    p.add_argument("--max-null-fraction", type=rt.number("max_null_fraction", 0, 1), default=0.05)
    p.add_argument("--allow-extra-columns", type=rt.boolean("allow_extra_columns"), default=True)
    p.add_argument("--min-rows", type=rt.integer("min_rows", minimum=0), default=1)
    p.add_argument("--out-dataset", required=True)
    p.add_argument("--report", required=True)
    a = p.parse_args()

    df = rt.read_table("dataset", a.dataset)
    violations = check(df, normalise_schema(a.schema), a.ranges or {}, a.max_null_fraction,
                       a.allow_extra_columns, a.min_rows)
    null_fractions = {str(c): float(df[c].isna().mean()) for c in df.columns}
    report = {
        "passed": not violations,
        "rows": len(df),
        "columns": {str(c): {"dtype": str(df[c].dtype), "null_fraction": null_fractions[str(c)]} for c in df.columns},
        "violations": violations,
    }
    rt.write_json(a.report, report)
    rt.log_metric("rows", len(df))
    rt.log_metric("violations", len(violations))
    rt.log_metric("max_null_fraction", max(null_fractions.values(), default=0.0))

    if violations:
        lines = [f"column '{v['column']}' ({v['rule']}): {v['message']}" for v in violations]
        rt.fail(f"validation failed with {len(violations)} violation(s):\n  " + "\n  ".join(lines))
    rt.write_table(a.out_dataset, df)
    print(f"validation passed: {len(df)} rows, {len(df.columns)} columns")


if __name__ == "__main__":
    rt.run(main)
