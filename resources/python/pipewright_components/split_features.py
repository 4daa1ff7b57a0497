"""split-features: splits rows into train and holdout, then one-hot encodes categoricals and scales numerics.

Encoders, scalers and imputation statistics are fitted on the train rows only, so nothing about the holdout
leaks into training. Both outputs hold the same feature columns followed by the target column. The fitted
scikit-learn transformer that made them is the `preprocessor` output, which deploy-model bundles with the
estimator so that the served model takes raw rows.
"""
from __future__ import annotations

from typing import Any

from . import modelio
from . import runtime as rt


def one_hot_encoder() -> Any:
    from sklearn.preprocessing import OneHotEncoder
    try:  # scikit-learn >= 1.2
        return OneHotEncoder(handle_unknown="ignore", sparse_output=False)
    except TypeError:
        return OneHotEncoder(handle_unknown="ignore", sparse=False)


def median_imputer() -> Any:
    from sklearn.impute import SimpleImputer
    try:  # scikit-learn >= 1.2: a column with no value in the train rows becomes 0 instead of disappearing
        return SimpleImputer(strategy="median", keep_empty_features=True)
    except TypeError:
        return SimpleImputer(strategy="median")


def build_preprocessor(columns: list[str], categorical: list[str], numeric: list[str], scale: bool) -> Any:
    """An unfitted ColumnTransformer from the raw feature columns (in `columns` order) to the encoded features.

    It holds only scikit-learn estimators and numpy functions, so it unpickles wherever scikit-learn does (KServe's
    sklearn server cannot import this package). Columns are given by position: a DataFrame is then matched by
    column name (extra columns are ignored) and a plain 2-D array by position, in `columns` order.
    """
    import numpy as np
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer, StandardScaler
    steps = []
    if numeric:
        # Each branch starts by turning its columns into a plain array: a client's JSON rows arrive as text
        # ("21"), and the imputers after it then never see, or warn about, column names.
        num = [("as_number", FunctionTransformer(np.asarray, kw_args={"dtype": float}, feature_names_out="one-to-one")),
               ("impute", median_imputer())]
        if scale:
            num.append(("scale", StandardScaler()))
        steps.append(("numeric", Pipeline(num), [columns.index(c) for c in numeric]))
    if categorical:
        # Categories are compared as text, as str() writes them: an integer column listed as categorical gives
        # "0"/"1" whether a client sends 0 or "0". Missing values (NaN or None) become their own level, "missing".
        missing = {"strategy": "constant", "fill_value": "missing"}
        cat = Pipeline([
            ("as_object", FunctionTransformer(np.asarray, kw_args={"dtype": object}, feature_names_out="one-to-one")),
            ("fill_nan", SimpleImputer(**missing)),
            ("fill_none", SimpleImputer(missing_values=None, **missing)),
            ("as_text", FunctionTransformer(np.asarray, kw_args={"dtype": str}, feature_names_out="one-to-one")),
            ("one_hot", one_hot_encoder()),
        ])
        steps.append(("categorical", cat, [columns.index(c) for c in categorical]))
    return ColumnTransformer(steps, remainder="drop")


def feature_names(preprocessor: Any, numeric: list[str], categorical: list[str]) -> list[str]:
    """Names of the encoded columns, in the order the fitted preprocessor produces them."""
    names = list(numeric)
    if categorical:
        enc = preprocessor.named_transformers_["categorical"].named_steps["one_hot"]
        names += [f"{col}={value}" for col, values in zip(categorical, enc.categories_) for value in values]
    return names


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
    p.add_argument("--preprocessor", type=rt.optional_str, default=None)
    a = p.parse_args()
    rt.set_seed(a.seed)

    import pandas as pd
    from sklearn.model_selection import train_test_split
    df = rt.read_table("dataset", a.dataset)
    drop = rt.string_list("drop", a.drop)
    categorical, numeric = pick_columns(df, a.target, rt.string_list("categorical", a.categorical),
                                        rt.string_list("numeric", a.numeric), drop)
    # The raw rows a served model takes: the table's columns minus the target and the dropped ones.
    columns = [str(c) for c in df.columns if c != a.target and c not in drop]
    df = df[df[a.target].notna()]
    counts = df[a.target].value_counts()
    stratify = df[a.target] if a.stratify and len(counts) > 1 and counts.min() >= 2 else None
    try:
        train, holdout = train_test_split(df, test_size=a.holdout_fraction, random_state=a.seed, stratify=stratify)
    except ValueError as e:
        rt.fail(f"input 'holdout_fraction': cannot split {len(df)} rows ({e})")

    # One fitted transformer makes both tables and is the preprocessor output, so serving encodes rows exactly
    # as training did. It is fitted on the train rows only: nothing about the holdout leaks into training.
    preprocessor = build_preprocessor(columns, categorical, numeric, a.scale_numeric).fit(train[columns])
    names = feature_names(preprocessor, numeric, categorical)
    x_train = pd.DataFrame(preprocessor.transform(train[columns]), columns=names, index=train.index)
    x_holdout = pd.DataFrame(preprocessor.transform(holdout[columns]), columns=names, index=holdout.index)
    x_train[a.target] = train[a.target].values
    x_holdout[a.target] = holdout[a.target].values
    rt.write_table(a.train, x_train)
    rt.write_table(a.holdout, x_holdout)
    if a.preprocessor:
        modelio.save(a.preprocessor, preprocessor, {
            "kind": "preprocessor",
            "inputs": columns,
            "features": names,
            "numeric": numeric,
            "categorical": categorical,
            "dropped": drop,
            "target": a.target,
            "scale_numeric": a.scale_numeric,
            "training_rows": len(train),
        })
    n_features = len(x_train.columns) - 1
    print(f"{len(x_train)} train rows, {len(x_holdout)} holdout rows, {n_features} features "
          f"({len(numeric)} numeric, {len(categorical)} categorical one-hot encoded)")
    rt.log_metric("train_rows", len(x_train))
    rt.log_metric("holdout_rows", len(x_holdout))
    rt.log_metric("features", n_features)


if __name__ == "__main__":
    rt.run(main)
