"""split-features: splits rows into train and holdout, then one-hot encodes categoricals and scales numerics.

Encoders, scalers and imputation statistics are fitted on the train rows only, so nothing about the holdout
leaks into training. Both outputs hold the same feature columns followed by the target column.
"""
from __future__ import annotations

from typing import Any

from . import runtime as rt


def one_hot_encoder() -> Any:
    from sklearn.preprocessing import OneHotEncoder
    try:  # scikit-learn >= 1.2
        return OneHotEncoder(handle_unknown="ignore", sparse_output=False)
    except TypeError:
        return OneHotEncoder(handle_unknown="ignore", sparse=False)


def pick_columns(df: Any, target: str, categorical: list[str], numeric: list[str], drop: list[str]) -> tuple[list[str], list[str]]:
    from pandas.api import types as t
    rt.require_columns("dataset", df, [target, *categorical, *numeric, *drop])
    rest = [c for c in df.columns if c != target and c not in drop]
    if not categorical:
        categorical = [c for c in rest if c not in numeric and not t.is_numeric_dtype(df[c])]
    if not numeric:
        numeric = [c for c in rest if c not in categorical and t.is_numeric_dtype(df[c]) and not t.is_bool_dtype(df[c])]
    clash = set(categorical) & set(numeric)
    if clash:
        rt.fail(f"input 'categorical': column {sorted(clash)} is listed as both categorical and numeric")
    ignored = [c for c in rest if c not in categorical and c not in numeric]
    if ignored:
        print(f"note: columns not used as features (neither categorical nor numeric): {ignored}")
    if not categorical and not numeric:
        rt.fail("input 'dataset': no feature columns left after dropping; check 'drop', 'categorical' and 'numeric'")
    return categorical, numeric


def transform(train: Any, holdout: Any, categorical: list[str], numeric: list[str], scale: bool) -> tuple[Any, Any]:
    import pandas as pd
    parts_train, parts_holdout = [], []
    if numeric:
        medians = train[numeric].median()
        num_train = train[numeric].fillna(medians).astype(float)
        num_holdout = holdout[numeric].fillna(medians).astype(float)
        if scale:
            from sklearn.preprocessing import StandardScaler
            scaler = StandardScaler().fit(num_train)
            num_train = pd.DataFrame(scaler.transform(num_train), columns=numeric, index=train.index)
            num_holdout = pd.DataFrame(scaler.transform(num_holdout), columns=numeric, index=holdout.index)
        parts_train.append(num_train)
        parts_holdout.append(num_holdout)
    if categorical:
        # Missing categories become their own level rather than a dropped row.
        cat_train = train[categorical].astype("string").fillna("missing")
        cat_holdout = holdout[categorical].astype("string").fillna("missing")
        enc = one_hot_encoder().fit(cat_train)
        names = [f"{col}={value}" for col, values in zip(categorical, enc.categories_) for value in values]
        parts_train.append(pd.DataFrame(enc.transform(cat_train), columns=names, index=train.index))
        parts_holdout.append(pd.DataFrame(enc.transform(cat_holdout), columns=names, index=holdout.index))
    return pd.concat(parts_train, axis=1), pd.concat(parts_holdout, axis=1)


def main() -> None:
    p = rt.parser("split-features", __doc__)
    p.add_argument("--dataset", required=True)
    p.add_argument("--target", required=True)
    p.add_argument("--categorical", type=rt.json_value("categorical", list), default=None)
    p.add_argument("--numeric", type=rt.json_value("numeric", list), default=None)
    p.add_argument("--drop", type=rt.json_value("drop", list), default=None)
    p.add_argument("--scale-numeric", type=rt.boolean("scale_numeric"), default=True)
    p.add_argument("--holdout-fraction", type=rt.number("holdout_fraction", 0.01, 0.9), default=0.2)
    p.add_argument("--stratify", type=rt.boolean("stratify"), default=True)
    p.add_argument("--seed", type=rt.integer("seed", minimum=0), default=42)
    p.add_argument("--train", required=True)
    p.add_argument("--holdout", required=True)
    a = p.parse_args()
    rt.set_seed(a.seed)

    from sklearn.model_selection import train_test_split
    df = rt.read_table("dataset", a.dataset)
    categorical, numeric = pick_columns(df, a.target, rt.string_list("categorical", a.categorical),
                                        rt.string_list("numeric", a.numeric), rt.string_list("drop", a.drop))
    df = df[df[a.target].notna()]
    counts = df[a.target].value_counts()
    stratify = df[a.target] if a.stratify and len(counts) > 1 and counts.min() >= 2 else None
    try:
        train, holdout = train_test_split(df, test_size=a.holdout_fraction, random_state=a.seed, stratify=stratify)
    except ValueError as e:
        rt.fail(f"input 'holdout_fraction': cannot split {len(df)} rows ({e})")

    x_train, x_holdout = transform(train, holdout, categorical, numeric, a.scale_numeric)
    x_train[a.target] = train[a.target].values
    x_holdout[a.target] = holdout[a.target].values
    rt.write_table(a.train, x_train)
    rt.write_table(a.holdout, x_holdout)
    n_features = len(x_train.columns) - 1
    print(f"{len(x_train)} train rows, {len(x_holdout)} holdout rows, {n_features} features "
          f"({len(numeric)} numeric, {len(categorical)} categorical one-hot encoded)")
    rt.log_metric("train_rows", len(x_train))
    rt.log_metric("holdout_rows", len(x_holdout))
    rt.log_metric("features", n_features)


if __name__ == "__main__":
    rt.run(main)
