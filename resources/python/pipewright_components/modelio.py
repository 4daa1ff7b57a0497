"""A model artifact is a directory: model.joblib (what KServe's sklearn server loads) plus model-card.json."""
from __future__ import annotations

import datetime
import json
import os
import shutil
from typing import Any

from . import runtime as rt

MODEL_FILE = "model.joblib"
CARD_FILE = "model-card.json"


def save(path: str, estimator: Any, card: dict[str, Any]) -> None:
    import joblib
    os.makedirs(path, exist_ok=True)
    joblib.dump(estimator, os.path.join(path, MODEL_FILE))
    card = {"format": "sklearn-joblib", "file": MODEL_FILE, "created_at": now(), "versions": rt.versions(), **card}
    rt.write_json(os.path.join(path, CARD_FILE), card)


def load(name: str, path: str | None) -> tuple[Any, dict[str, Any]]:
    import joblib
    rt.require_file(name, path)
    assert path is not None
    file = os.path.join(path, MODEL_FILE) if os.path.isdir(path) else path
    if not os.path.exists(file):
        rt.fail(f"input '{name}': {path} holds no {MODEL_FILE}; is it the model output of train-sklearn?")
    try:
        estimator = joblib.load(file)
    except Exception as e:  # a truncated or foreign file: say which input, not a pickle traceback
        rt.fail(f"input '{name}': cannot load the model in {file} ({type(e).__name__}: {e})")
    return estimator, read_card(path)


def read_card(path: str) -> dict[str, Any]:
    card_file = os.path.join(path, CARD_FILE) if os.path.isdir(path) else os.path.join(os.path.dirname(path), CARD_FILE)
    if not os.path.exists(card_file):
        return {}
    with open(card_file, encoding="utf-8") as f:
        return json.load(f)


def copy(src: str, dest: str) -> None:
    if os.path.isdir(dest):
        shutil.rmtree(dest)
    if os.path.isdir(src):
        shutil.copytree(src, dest)
    else:
        os.makedirs(dest, exist_ok=True)
        shutil.copy2(src, os.path.join(dest, MODEL_FILE))


def features_of(estimator: Any, card: dict[str, Any]) -> list[str] | None:
    names = getattr(estimator, "feature_names_in_", None)
    if names is not None:
        return [str(n) for n in names]
    return card.get("features")


def now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
