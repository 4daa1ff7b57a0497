"""deploy-model: registers a model that passed its gate and writes a KServe InferenceService for it.

The manifest is written, not applied: the user (or a later step) applies it, and in the exported pipelines the
cluster step does. storageUri maps the registry folder to where the cluster sees it (a PVC by default).

With a `preprocessor` (split-features' output) the version also holds serving/model.joblib, a scikit-learn
Pipeline of that preprocessor and the estimator, and the InferenceService serves it, so clients send raw rows.
v<N>/model.joblib stays the bare estimator, which evaluate-classifier scores as the champion on encoded rows.
"""
from __future__ import annotations

import copy
import json
import os
import re
import tempfile
from typing import Any

from . import modelio, registry
from . import runtime as rt

SERVING_DIR = "serving"

DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")


def to_yaml(value: Any, indent: int = 0) -> list[str]:
    """A tiny YAML emitter for the manifest (the runtime has no PyYAML); strings are JSON-quoted, which YAML accepts."""
    pad = "  " * indent
    lines: list[str] = []
    for key, v in value.items():
        if isinstance(v, dict):
            lines.append(f"{pad}{key}:")
            lines.extend(to_yaml(v, indent + 1))
        elif isinstance(v, bool):
            lines.append(f"{pad}{key}: {'true' if v else 'false'}")
        elif isinstance(v, (int, float)):
            lines.append(f"{pad}{key}: {v}")
        else:
            lines.append(f"{pad}{key}: {json.dumps(str(v))}")
    return lines


def inference_service(name: str, namespace: str, storage_uri: str, version: int, canary: int,
                      inputs: list[str] | None = None) -> dict[str, Any]:
    uri = f"{storage_uri.rstrip('/')}/{name}/v{version}" + (f"/{SERVING_DIR}" if inputs is not None else "")
    annotations = {"pipewright.dev/model-version": str(version)}
    if inputs is not None:
        # What a request's instances hold, in order: the raw columns, not the encoded features.
        annotations["pipewright.dev/model-inputs"] = json.dumps(inputs)
    return {
        "apiVersion": "serving.kserve.io/v1beta1",
        "kind": "InferenceService",
        "metadata": {
            "name": name,
            "namespace": namespace,
            "labels": {"app.kubernetes.io/managed-by": "pipewright"},
            "annotations": annotations,
        },
        "spec": {
            "predictor": {
                # KServe sends this share of traffic to the new revision and the rest to the last ready one.
                "canaryTrafficPercent": canary,
                "model": {
                    "modelFormat": {"name": "sklearn"},
                    "storageUri": uri,
                },
            },
        },
    }


def stage_with_serving_bundle(model_dir: str, preprocessor_dir: str, stage: str) -> list[str]:
    """Copies the model artifact to `stage` and adds serving/: Pipeline(preprocessor, estimator). Returns the raw inputs."""
    from sklearn.pipeline import Pipeline
    estimator, card = modelio.load("model", model_dir)
    preprocessor, pre_card = modelio.load("preprocessor", preprocessor_dir)
    inputs, produced = pre_card.get("inputs"), pre_card.get("features")
    if pre_card.get("kind") != "preprocessor" or not isinstance(inputs, list) or not isinstance(produced, list):
        rt.fail(f"input 'preprocessor': {preprocessor_dir} is not a preprocessor; wire split-features' preprocessor output here")
    expected = modelio.features_of(estimator, card)
    if expected != produced:
        # A preprocessor from another split would feed the estimator wrongly ordered or missing columns, silently.
        rt.fail("input 'preprocessor': it produces features the model was not trained on; wire the preprocessor of the "
                f"split-features node whose train output trained this model (model: {len(expected or [])} features, "
                f"preprocessor: {len(produced)})")
    # The preprocessor hands the estimator a bare array (scikit-learn 1.2 cannot give its one-hot columns our
    # names), so the served copy forgets the names it was fitted with instead of warning on every request.
    # The columns and their order were checked just above.
    served = copy.deepcopy(estimator)
    if hasattr(served, "feature_names_in_"):
        del served.feature_names_in_
    modelio.copy(model_dir, stage)
    bundle = Pipeline([("preprocess", preprocessor), ("model", served)])
    modelio.save(os.path.join(stage, SERVING_DIR), bundle, {
        "kind": "serving-bundle", "inputs": inputs, "features": produced,
        **{k: card[k] for k in ("estimator", "target", "classes") if k in card},
    })
    card["serving"] = {"path": SERVING_DIR, "inputs": inputs}
    rt.write_json(os.path.join(stage, modelio.CARD_FILE), card)
    return inputs


def main() -> None:
    p = rt.parser("deploy-model", __doc__)
    p.add_argument("--model", required=True)
    p.add_argument("--passed", type=rt.boolean("passed"), default=True)
    p.add_argument("--metrics", type=rt.optional_str, default=None)
    p.add_argument("--preprocessor", type=rt.optional_str, default=None)
    p.add_argument("--registry", required=True)
    p.add_argument("--model-name", default="model")
    p.add_argument("--canary-percent", type=rt.integer("canary_percent", 0, 100), default=10)
    p.add_argument("--namespace", default="default")
    p.add_argument("--storage-uri", default="pvc://pipewright-registry")
    p.add_argument("--manifest", required=True)
    p.add_argument("--version", required=True)
    a = p.parse_args()
    if not DNS_LABEL.match(a.namespace):
        rt.fail(f"input 'namespace': {a.namespace!r} is not a valid Kubernetes namespace")
    if not a.registry.strip():
        rt.fail("input 'registry' is required: the folder models are registered in")

    if not a.passed:
        # Skipping is a normal outcome of the gate; outputs are still written so the run stays complete.
        print(f"deploy skipped: the evaluation gate did not pass, so '{a.model_name}' was not registered or deployed")
        with open(rt.output_path(a.manifest), "w", encoding="utf-8") as f:
            f.write("# pipewright: deploy skipped because the evaluation gate did not pass; nothing to apply.\n")
        rt.write_param(a.version, 0)
        rt.log_metric("deployed", 0)
        return

    rt.require_file("model", a.model)
    metrics = rt.read_json("metrics", a.metrics) if a.metrics else None
    inputs = None
    if a.preprocessor:
        with tempfile.TemporaryDirectory(prefix="pipewright-deploy-") as stage:
            # Assemble the version completely before the registry lists it.
            inputs = stage_with_serving_bundle(a.model, a.preprocessor, os.path.join(stage, "model"))
            entry = registry.register(a.registry, a.model_name, os.path.join(stage, "model"), metrics)
    else:
        entry = registry.register(a.registry, a.model_name, a.model, metrics)
    version = entry["version"]
    manifest = inference_service(a.model_name, a.namespace, a.storage_uri, version, a.canary_percent, inputs)
    with open(rt.output_path(a.manifest), "w", encoding="utf-8") as f:
        f.write("\n".join(to_yaml(manifest)) + "\n")
    rt.write_param(a.version, version)
    rt.log_metric("deployed", 1)
    rt.log_metric("model_version", version)
    print(f"registered {a.model_name} v{version} in {registry.model_root(a.registry, a.model_name)}; "
          f"InferenceService manifest sends {a.canary_percent}% of traffic to it"
          + (f"; it takes raw rows of {len(inputs)} columns ({', '.join(inputs)})" if inputs is not None else ""))


if __name__ == "__main__":
    rt.run(main)
