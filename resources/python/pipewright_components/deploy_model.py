"""deploy-model: registers a model that passed its gate and writes a KServe InferenceService for it.

The manifest is written, not applied: the user (or a later step) applies it, and in the exported pipelines the
cluster step does. storageUri maps the registry folder to where the cluster sees it (a PVC by default).
"""
from __future__ import annotations

import json
import re
from typing import Any

from . import registry
from . import runtime as rt

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


def inference_service(name: str, namespace: str, storage_uri: str, version: int, canary: int) -> dict[str, Any]:
    return {
        "apiVersion": "serving.kserve.io/v1beta1",
        "kind": "InferenceService",
        "metadata": {
            "name": name,
            "namespace": namespace,
            "labels": {"app.kubernetes.io/managed-by": "pipewright"},
            "annotations": {"pipewright.dev/model-version": str(version)},
        },
        "spec": {
            "predictor": {
                # KServe sends this share of traffic to the new revision and the rest to the last ready one.
                "canaryTrafficPercent": canary,
                "model": {
                    "modelFormat": {"name": "sklearn"},
                    "storageUri": f"{storage_uri.rstrip('/')}/{name}/v{version}",
                },
            },
        },
    }


def main() -> None:
    p = rt.parser("deploy-model", __doc__)
    p.add_argument("--model", required=True)
    p.add_argument("--passed", type=rt.boolean("passed"), default=True)
    p.add_argument("--metrics", type=rt.optional_str, default=None)
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
    entry = registry.register(a.registry, a.model_name, a.model, metrics)
    version = entry["version"]
    manifest = inference_service(a.model_name, a.namespace, a.storage_uri, version, a.canary_percent)
    with open(rt.output_path(a.manifest), "w", encoding="utf-8") as f:
        f.write("\n".join(to_yaml(manifest)) + "\n")
    rt.write_param(a.version, version)
    rt.log_metric("deployed", 1)
    rt.log_metric("model_version", version)
    print(f"registered {a.model_name} v{version} in {registry.model_root(a.registry, a.model_name)}; "
          f"InferenceService manifest sends {a.canary_percent}% of traffic to it")


if __name__ == "__main__":
    rt.run(main)
