"""The node runtime contract every component follows.

- Arguments come as `--flag value` pairs rendered from the component's command template. An optional input
  that is not set may arrive as an empty string or not at all; both mean "absent".
- `log_metric` appends one JSON line per metric to the file named by $PIPEWRIGHT_METRICS; the engine tails it.
- `report_versions` prints `PIPEWRIGHT_VERSIONS {...}` on stdout so the engine can record library versions.
- Expected user errors (missing file, unknown column, bad JSON) raise UserError: one clear line on stderr and
  exit code 1, no traceback. Anything else is a bug and keeps its traceback.
"""
from __future__ import annotations

import argparse
import importlib.metadata
import json
import math
import os
import platform
import random
import sys
from typing import Any, Callable, NoReturn

METRICS_ENV = "PIPEWRIGHT_METRICS"
VERSIONS_PREFIX = "PIPEWRIGHT_VERSIONS "


class UserError(Exception):
    """A problem the user can fix (bad input, missing column); reported without a traceback."""


def fail(message: str) -> NoReturn:
    raise UserError(message)


# ---------------------------------------------------------------- arguments

class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse would exit 2 with usage noise
        fail(f"{self.prog}: {message}")


def parser(component: str, description: str) -> argparse.ArgumentParser:
    return _Parser(prog=component, description=description)


def optional_str(value: str) -> str | None:
    """An optional input left unset is rendered as an empty string."""
    return value if value.strip() else None


def integer(name: str, minimum: int | None = None, maximum: int | None = None) -> Callable[[str], int]:
    def convert(text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            fail(f"input '{name}': expected a whole number, got {text!r}")
        _check_range(name, value, minimum, maximum)
        return value
    return convert


def number(name: str, minimum: float | None = None, maximum: float | None = None) -> Callable[[str], float]:
    def convert(text: str) -> float:
        try:
            value = float(text.strip())
        except ValueError:
            fail(f"input '{name}': expected a number, got {text!r}")
        if not math.isfinite(value):
            fail(f"input '{name}': expected a finite number, got {text!r}")
        _check_range(name, value, minimum, maximum)
        return value
    return convert


def boolean(name: str) -> Callable[[str], bool]:
    def convert(text: str) -> bool:
        t = text.strip().lower()
        if t in ("true", "1", "yes", "on"):
            return True
        if t in ("false", "0", "no", "off"):
            return False
        fail(f"input '{name}': expected true or false, got {text!r}")
    return convert


def json_value(name: str, kind: type | tuple[type, ...] | None = None) -> Callable[[str], Any]:
    def convert(text: str) -> Any:
        if not text.strip():
            return None
        try:
            value = json.loads(text)
        except json.JSONDecodeError as e:
            fail(f"input '{name}': not valid JSON ({e.msg} at character {e.pos}): {text[:80]!r}")
        if kind is not None and value is not None and not isinstance(value, kind):
            fail(f"input '{name}': expected a JSON {_kind_name(kind)}, got {type(value).__name__}")
        return value
    return convert


def string_list(name: str, value: Any) -> list[str]:
    """A json input holding a list of column names (null means empty)."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        fail(f"input '{name}': expected a JSON list of column names, e.g. [\"a\", \"b\"]")
    return list(value)


def _check_range(name: str, value: float, minimum: float | None, maximum: float | None) -> None:
    if minimum is not None and value < minimum:
        fail(f"input '{name}': {value} is below the minimum {minimum}")
    if maximum is not None and value > maximum:
        fail(f"input '{name}': {value} is above the maximum {maximum}")


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {dict: "object", list: "list", str: "string", int: "number", float: "number", bool: "boolean"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(dict.fromkeys(names.get(k, k.__name__) for k in kinds))


# ---------------------------------------------------------------- metrics, versions, seeds

def log_metric(name: str, value: Any, step: int = 0) -> None:
    """Appends {"name","value","step"} as one JSON line to $PIPEWRIGHT_METRICS; a no-op when it is unset."""
    path = os.environ.get(METRICS_ENV)
    if not path:
        return
    try:
        v = float(value)  # numpy scalars and bools become plain floats
    except (TypeError, ValueError):
        fail(f"log_metric('{name}'): value must be a number, got {type(value).__name__}")
    if not math.isfinite(v):
        # JSON has no NaN/Infinity; a line the engine cannot parse would be worse than a skipped point.
        print(f"warning: metric '{name}' is {v}; not recorded", file=sys.stderr)
        return
    line = json.dumps({"name": str(name), "value": v, "step": int(step)})
    with open(path, "a", encoding="utf-8") as f:
        f.write(line + "\n")
        f.flush()


def versions() -> dict[str, str]:
    # importlib.metadata reads package metadata without importing the (slow) packages themselves.
    out = {"python": platform.python_version()}
    for key, dist in (("pandas", "pandas"), ("sklearn", "scikit-learn"), ("numpy", "numpy"), ("scipy", "scipy")):
        try:
            out[key] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            out[key] = "absent"
    return out


def report_versions() -> None:
    print(VERSIONS_PREFIX + json.dumps(versions(), sort_keys=True), flush=True)


def set_seed(seed: int) -> None:
    """Seeds the global generators; components also pass `seed` explicitly to sklearn (random_state)."""
    random.seed(seed)
    try:
        import numpy as np
        np.random.seed(seed % (2 ** 32))
    except ImportError:
        pass


# ---------------------------------------------------------------- files

def output_path(path: str) -> str:
    """Creates the parent folder of an output so the component can write it."""
    parent = os.path.dirname(os.path.abspath(path))
    os.makedirs(parent, exist_ok=True)
    return path


def require_file(name: str, path: str | None) -> str:
    if not path:
        fail(f"input '{name}' is required but was not set")
    if not os.path.exists(path):
        fail(f"input '{name}': file not found: {path}")
    return path


def write_json(path: str, value: Any) -> None:
    with open(output_path(path), "w", encoding="utf-8") as f:
        json.dump(value, f, indent=2, sort_keys=True, default=_json_default)
        f.write("\n")


def read_json(name: str, path: str) -> Any:
    require_file(name, path)
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except json.JSONDecodeError as e:
        fail(f"input '{name}': {path} is not valid JSON ({e.msg}, line {e.lineno})")


def write_param(path: str, value: Any) -> None:
    """A parameter output is a file holding the value as text: true/false, a number, or JSON."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, (int, float, str)):
        text = str(value)
    else:
        text = json.dumps(value, default=_json_default)
    with open(output_path(path), "w", encoding="utf-8") as f:
        f.write(text)


def _json_default(o: Any) -> Any:
    # numpy scalars/arrays appear in metrics; convert instead of failing at the end of a long run.
    if hasattr(o, "item"):
        return o.item()
    if hasattr(o, "tolist"):
        return o.tolist()
    raise TypeError(f"not JSON serializable: {type(o).__name__}")


# ---------------------------------------------------------------- tables

def read_table(name: str, path: str | None) -> Any:
    """Reads a dataset artifact (CSV, as written by every component)."""
    import pandas as pd
    require_file(name, path)
    try:
        return pd.read_csv(path)
    except pd.errors.EmptyDataError:
        fail(f"input '{name}': {path} is empty")
    except (pd.errors.ParserError, UnicodeDecodeError) as e:
        fail(f"input '{name}': {path} is not a readable CSV file ({str(e).splitlines()[0]})")


def write_table(path: str, df: Any) -> None:
    df.to_csv(output_path(path), index=False)


def require_columns(name: str, df: Any, columns: list[str]) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        have = ", ".join(map(str, df.columns[:20]))
        fail(f"input '{name}': column {_quote(missing)} not found (columns are: {have})")


def _quote(names: list[str]) -> str:
    return ", ".join(f"'{n}'" for n in names)


# ---------------------------------------------------------------- entry point

def run(main: Callable[[], None]) -> None:
    """Runs a component's main(): versions first, then the work; UserError -> message + exit 1."""
    try:
        report_versions()
        main()
    except UserError as e:
        print(f"error: {e}", file=sys.stderr, flush=True)
        sys.exit(1)
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        sys.exit(130)
