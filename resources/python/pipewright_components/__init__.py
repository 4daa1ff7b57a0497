"""Pipewright's built-in components: one module per component, run as `python3 -m pipewright_components.<module>`.

Only the standard library, pandas, numpy, scikit-learn and scipy are used, so the same code runs on the
desktop (PYTHONPATH=resources/python) and in the pipewright/runtime image (/opt/pipewright/python).
"""
