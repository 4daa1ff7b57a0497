"""python-script: runs Python the user wrote in the app's editor, in this process (no shell, no temp file).

The code sees `input_path` (None when no input is wired), `output_path`, `params` (the JSON params input),
`seed` and `log_metric(name, value, step=0)`. It must write a CSV dataset to output_path.
"""
from __future__ import annotations

import linecache
import os
import sys
import traceback

from . import runtime as rt

SCRIPT_NAME = "<script>"


def run_user_code(source: str, scope: dict) -> None:
    try:
        code = compile(source, SCRIPT_NAME, "exec")
    except SyntaxError as e:
        rt.fail(f"input 'script': syntax error on line {e.lineno}: {e.msg}\n    {(e.text or '').rstrip()}")
    # Registering the source lets tracebacks quote the user's lines.
    linecache.cache[SCRIPT_NAME] = (len(source), None, source.splitlines(True), SCRIPT_NAME)
    try:
        exec(code, scope)  # noqa: S102 - running the user's own code is this component's purpose
    except SystemExit:
        raise
    except rt.UserError:
        raise
    except Exception as e:  # the user's bug: show their frames only, not this module's
        tb = e.__traceback__
        while tb is not None and tb.tb_frame.f_code.co_filename != SCRIPT_NAME:
            tb = tb.tb_next
        print("error: the script raised an exception:", file=sys.stderr)
        traceback.print_exception(type(e), e, tb or e.__traceback__, file=sys.stderr)
        sys.exit(1)


def main() -> None:
    p = rt.parser("python-script", __doc__)
    p.add_argument("--script", required=True)
    p.add_argument("--input", type=rt.optional_str, default=None)
    p.add_argument("--params", type=rt.json_value("params", dict), default=None)
    p.add_argument("--seed", type=rt.integer("seed", minimum=0), default=0)
    p.add_argument("--output", required=True)
    a = p.parse_args()
    if not a.script.strip():
        rt.fail("input 'script' is empty: write the Python code this node should run")
    if a.input:
        rt.require_file("input", a.input)
    rt.set_seed(a.seed)

    output = os.path.abspath(rt.output_path(a.output))
    run_user_code(a.script, {
        "__name__": "__main__",
        "input_path": os.path.abspath(a.input) if a.input else None,
        "output_path": output,
        "params": a.params or {},
        "seed": a.seed,
        "log_metric": rt.log_metric,
    })
    if not os.path.exists(output):
        rt.fail("input 'script': the script finished without writing its output; "
                "write a CSV to output_path, e.g. df.to_csv(output_path, index=False)")


if __name__ == "__main__":
    rt.run(main)
