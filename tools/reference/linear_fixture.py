#!/usr/bin/env python3
"""Reference numbers for LinearForecaster (src/Recurrent/Forecasting), computed independently with numpy.

Writes tests/Recurrent.Tests/Fixtures/linear_forecaster.json: one small fixed problem (rows=15, inputs=4,
outputs=3, noisy targets) and, for each ridge, the weights (inputs x outputs, row-major) and intercept that
minimise  sum_r |y_r - b - x_r W|^2 + ridge * rows * |W|^2  (the intercept not penalised). They come from
numpy.linalg.lstsq (SVD), not from normal equations: for ridge 0 on [1 X] directly; for ridge > 0 on the
centered system stacked on sqrt(ridge * rows) * I over zeros, which has the same minimiser.

Usage (from the repository root):  /usr/bin/python3 tools/reference/linear_fixture.py
Only numpy (1.24 tested) and the standard library are used; the output is deterministic.
"""

import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(REPO, "tests", "Recurrent.Tests", "Fixtures", "linear_forecaster.json")

ROWS, INPUTS, OUTPUTS = 15, 4, 3
RIDGES = [0.0, 0.05, 1.0]


def solve(x, y, ridge):
    rows = x.shape[0]
    if ridge == 0:
        design = np.hstack([np.ones((rows, 1)), x])
        coef = np.linalg.lstsq(design, y, rcond=None)[0]
        return coef[1:], coef[0]
    mx, my = x.mean(axis=0), y.mean(axis=0)
    design = np.vstack([x - mx, np.sqrt(ridge * rows) * np.eye(x.shape[1])])
    target = np.vstack([y - my, np.zeros((x.shape[1], y.shape[1]))])
    w = np.linalg.lstsq(design, target, rcond=None)[0]
    return w, my - mx @ w


def main():
    rng = np.random.default_rng(20240611)
    x = np.round(rng.normal(size=(ROWS, INPUTS)) * 3 + 1, 6)
    true_w = np.round(rng.normal(size=(INPUTS, OUTPUTS)), 6)
    y = np.round(x @ true_w + np.array([0.5, -2.0, 7.0]) + 0.3 * rng.normal(size=(ROWS, OUTPUTS)), 6)
    cases = []
    for ridge in RIDGES:
        w, b = solve(x, y, ridge)
        cases.append({"ridge": ridge, "weights": w.ravel().tolist(), "intercept": b.tolist()})
        print(f"ridge {ridge}: |W| = {np.linalg.norm(w):.6f}, b = {np.round(b, 6).tolist()}")
    fixture = {"rows": ROWS, "input_size": INPUTS, "output_size": OUTPUTS,
               "inputs": x.ravel().tolist(), "targets": y.ravel().tolist(), "cases": cases}
    with open(OUT, "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")
    print(f"wrote {OUT} ({os.path.getsize(OUT)} bytes)")


if __name__ == "__main__":
    main()
