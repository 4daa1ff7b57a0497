"""load-table: reads a CSV or Parquet file and writes it as the CSV dataset every other component reads."""
from __future__ import annotations

import os

from . import runtime as rt


def read_parquet(path: str):
    import pandas as pd
    # pandas needs an engine for Parquet; neither is in the base runtime, so check before the cryptic ImportError.
    for engine in ("pyarrow", "fastparquet"):
        try:
            __import__(engine)
        except ImportError:
            continue
        return pd.read_parquet(path, engine=engine)
    rt.fail(f"input 'path': {path} is a Parquet file, but reading Parquet needs the 'pyarrow' package, "
            "which is not installed in this Python environment; install pyarrow or convert the file to CSV")


def detect_format(path: str, fmt: str) -> str:
    if fmt != "auto":
        return fmt
    ext = os.path.splitext(path)[1].lower()
    if ext in (".parquet", ".pq"):
        return "parquet"
    if ext in (".csv", ".txt", ".tsv", ".gz", ""):
        return "csv"
    rt.fail(f"input 'path': cannot tell the format of {path} from its extension '{ext}'; set 'format' to csv or parquet")


def main() -> None:
    p = rt.parser("load-table", __doc__)
    p.add_argument("--path", required=True)
    p.add_argument("--format", default="auto", choices=["auto", "csv", "parquet"])
    p.add_argument("--delimiter", default=",")
    p.add_argument("--limit-rows", type=rt.integer("limit_rows", minimum=0), default=0)
    p.add_argument("--dataset", required=True)
    a = p.parse_args()

    path = os.path.expanduser(a.path)
    rt.require_file("path", path)
    if os.path.isdir(path):
        rt.fail(f"input 'path': {path} is a folder; give the path of a CSV or Parquet file")
    fmt = detect_format(path, a.format)
    if fmt == "parquet":
        df = read_parquet(path)
    else:
        import pandas as pd
        sep = "\t" if a.delimiter in ("\\t", "tab") else a.delimiter
        try:
            df = pd.read_csv(path, sep=sep, nrows=a.limit_rows or None)
        except pd.errors.EmptyDataError:
            rt.fail(f"input 'path': {path} is empty")
        except (pd.errors.ParserError, UnicodeDecodeError) as e:
            rt.fail(f"input 'path': {path} is not a readable CSV file ({str(e).splitlines()[0]})")
    if a.limit_rows:
        df = df.head(a.limit_rows)
    if df.empty:
        rt.fail(f"input 'path': {path} has no data rows")

    rt.write_table(a.dataset, df)
    print(f"loaded {len(df)} rows x {len(df.columns)} columns from {path}")
    rt.log_metric("rows", len(df))
    rt.log_metric("columns", len(df.columns))


if __name__ == "__main__":
    rt.run(main)
