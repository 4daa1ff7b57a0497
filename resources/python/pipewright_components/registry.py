"""A file-system model registry: <registry>/<model_name>/v<N>/ holds a model artifact, index.json lists versions.

The latest registered version is the champion that evaluate-classifier compares a challenger against.
"""
from __future__ import annotations

import json
import os
import re
from typing import Any

from . import modelio
from . import runtime as rt

NAME = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
INDEX = "index.json"


def model_root(registry: str, model_name: str) -> str:
    if not NAME.match(model_name) or len(model_name) > 63:
        # The name becomes a folder and a Kubernetes name; a DNS label is safe for both.
        rt.fail(f"input 'model_name': {model_name!r} must be lowercase letters, digits and '-' (at most 63)")
    return os.path.join(os.path.expanduser(registry), model_name)


def read_index(registry: str, model_name: str) -> dict[str, Any]:
    path = os.path.join(model_root(registry, model_name), INDEX)
    if not os.path.exists(path):
        return {"model_name": model_name, "champion": None, "versions": []}
    with open(path, encoding="utf-8") as f:
        try:
            return json.load(f)
        except json.JSONDecodeError as e:
            rt.fail(f"input 'registry': {path} is corrupt ({e.msg}); fix or remove it")


def champion(registry: str, model_name: str) -> tuple[str, dict[str, Any]] | None:
    """(model directory, registry entry) of the current champion, or None when nothing is registered."""
    index = read_index(registry, model_name)
    entry = next((v for v in index["versions"] if v["version"] == index.get("champion")), None)
    if entry is None:
        return None
    return os.path.join(model_root(registry, model_name), entry["path"]), entry


def register(registry: str, model_name: str, model_dir: str, metrics: dict[str, Any] | None) -> dict[str, Any]:
    root = model_root(registry, model_name)
    os.makedirs(root, exist_ok=True)
    index = read_index(registry, model_name)
    version = max((v["version"] for v in index["versions"]), default=0) + 1
    while True:  # mkdir is atomic: two concurrent deploys cannot claim the same version
        try:
            os.mkdir(os.path.join(root, f"v{version}"))
            break
        except FileExistsError:
            version += 1
    target = os.path.join(root, f"v{version}")
    modelio.copy(model_dir, target)
    entry = {
        "version": version,
        "path": f"v{version}",
        "registered_at": modelio.now(),
        "metrics": metrics or {},
        "card": modelio.read_card(target),
    }
    index = read_index(registry, model_name)  # re-read: another deploy may have written meanwhile
    index["versions"].append(entry)
    index["champion"] = version
    tmp = os.path.join(root, f".{INDEX}.{os.getpid()}")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(index, f, indent=2, sort_keys=True, default=str)
    os.replace(tmp, os.path.join(root, INDEX))
    return entry
