#!/usr/bin/env python3
"""Reference MFCC and log-mel features for AudioFeatures (src/Recurrent/Audio), from the standard formulas in numpy.

Writes tests/Recurrent.Tests/Fixtures/audio_features.json: deterministic test signals (a chirp with noise at 8 kHz,
a sum of tones with noise at 16 kHz), stored as float32 values, and for each case the settings and the features
(frames x F, row-major) computed in float64 from those float32 samples, written out step by step:

  pre-emphasis   y[0] = x[0], y[n] = x[n] - a x[n-1]                    (over the whole signal)
  framing        N = floor(sr frameMs / 1000 + 0.5), H likewise from hopMs; 1 + floor((len - N) / H) frames,
                 the leftover at the end dropped; a signal shorter than N is one frame padded with zeros
  window         Hamming, symmetric: w[n] = 0.54 - 0.46 cos(2 pi n / (N - 1))
  power          P[k] = |DFT_nfft(frame * w)[k]|^2 / nfft, k = 0 .. nfft/2 (the frame zero-padded to nfft)
  mel filterbank mel(f) = 2595 log10(1 + f / 700); M + 2 points equally spaced in mel from lowHz to highHz;
                 triangle m rises from f[m-1] to 1 at f[m] and falls to 0 at f[m+1], evaluated at the bin
                 frequencies k sr / nfft (no rounding to bins, no area normalisation)
  log            L_m = ln(max(E_m, 1e-10))
  DCT-II         c_j = s_j sum_m L_m cos(pi j (m + 1/2) / M), s_0 = sqrt(1/M), s_j = sqrt(2/M) (orthonormal);
                 the first C kept, c_0 included
  deltas         d_t = sum_{n=1..2} n (c_{t+n} - c_{t-n}) / (2 (1 + 4)), indices clamped to the edges;
                 delta-deltas the same on the deltas; a row is [c, d, dd]

The DFT is numpy.fft.rfft. Usage (from the repository root):  /usr/bin/python3 tools/reference/mfcc_reference.py
Only numpy (1.24 tested) and the standard library are used; the output is deterministic.
"""

import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(REPO, "tests", "Recurrent.Tests", "Fixtures", "audio_features.json")

LOG_FLOOR = 1e-10


def samples_of(sr, ms):
    return int(np.floor(sr * ms / 1000.0 + 0.5))


def mel(f):
    return 2595.0 * np.log10(1.0 + f / 700.0)


def mel_to_hz(m):
    return 700.0 * (10.0 ** (m / 2595.0) - 1.0)


def filterbank(s):
    sr, nfft, m = s["sampleRate"], s["fftSize"], s["melFilters"]
    edges = mel_to_hz(np.linspace(mel(s["lowHz"]), mel(s["highHz"]), m + 2))
    freqs = np.arange(nfft // 2 + 1) * sr / nfft
    bank = np.zeros((m, freqs.size))
    for j in range(m):
        lo, mid, hi = edges[j], edges[j + 1], edges[j + 2]
        rising = (freqs - lo) / (mid - lo)
        falling = (hi - freqs) / (hi - mid)
        bank[j] = np.maximum(0.0, np.minimum(rising, falling))
    return bank


def deltas(c):
    t = c.shape[0]
    out = np.zeros_like(c)
    for i in range(t):
        acc = np.zeros(c.shape[1])
        for n in (1, 2):
            acc += n * (c[min(i + n, t - 1)] - c[max(i - n, 0)])
        out[i] = acc / 10.0
    return out


def features(x, s):
    x = x.astype(np.float64)
    y = np.concatenate([x[:1], x[1:] - s["preEmphasis"] * x[:-1]])
    n, h, nfft = samples_of(s["sampleRate"], s["frameMs"]), samples_of(s["sampleRate"], s["hopMs"]), s["fftSize"]
    if y.size < n:
        y = np.concatenate([y, np.zeros(n - y.size)])
    frames = 1 + (y.size - n) // h
    window = 0.54 - 0.46 * np.cos(2.0 * np.pi * np.arange(n) / (n - 1))
    bank = filterbank(s)
    rows = []
    for t in range(frames):
        spectrum = np.fft.rfft(y[t * h:t * h + n] * window, nfft)
        power = (spectrum.real ** 2 + spectrum.imag ** 2) / nfft
        logmel = np.log(np.maximum(bank @ power, LOG_FLOOR))
        if s["kind"] == "logmel":
            rows.append(logmel)
            continue
        m = logmel.size
        j = np.arange(s["coefficients"])[:, None]
        basis = np.cos(np.pi * j * (np.arange(m)[None, :] + 0.5) / m) * np.sqrt(2.0 / m)
        basis[0] *= np.sqrt(0.5)
        rows.append(basis @ logmel)
    c = np.array(rows)
    if s["deltas"]:
        d = deltas(c)
        c = np.hstack([c, d, deltas(d)])
    return c


def settings(sr, **changes):
    s = {"kind": "mfcc", "sampleRate": sr, "frameMs": 25.0, "hopMs": 10.0, "preEmphasis": 0.97, "window": "hamming",
         "fftSize": 256 if sr == 8000 else 512, "melFilters": 40, "lowHz": 0.0, "highHz": sr / 2.0,
         "coefficients": 13, "deltas": True}
    s.update(changes)
    return s


def main():
    rng = np.random.default_rng(15)
    t8 = np.arange(2400) / 8000.0  # 0.3 s
    chirp = 0.5 * np.sin(2 * np.pi * (100.0 * t8 + 0.5 * (3500.0 - 100.0) / 0.3 * t8 ** 2)) + 0.01 * rng.standard_normal(t8.size)
    t16 = np.arange(4800) / 16000.0
    tones = (0.3 * np.sin(2 * np.pi * 300.0 * t16) + 0.2 * np.sin(2 * np.pi * 1200.0 * t16 + 0.5)
             + 0.1 * np.sin(2 * np.pi * 5000.0 * t16 + 1.0) + 0.02 * rng.standard_normal(t16.size))
    signals = {"chirp8k": (8000, chirp.astype(np.float32)), "tones16k": (16000, tones.astype(np.float32)),
               "short8k": (8000, chirp[:150].astype(np.float32))}
    cases = [
        ("chirp8k", settings(8000)),
        ("tones16k", settings(16000)),
        ("chirp8k", settings(8000, kind="logmel", melFilters=26, lowHz=20.0, highHz=3800.0, deltas=False)),
        ("tones16k", settings(16000, coefficients=20, melFilters=64, frameMs=32.0, hopMs=16.0, deltas=False, preEmphasis=0.0)),
        ("short8k", settings(8000)),
    ]
    out = {"signals": {k: {"sampleRate": sr, "samples": [float("%.9g" % v) for v in x]} for k, (sr, x) in signals.items()}, "cases": []}
    for name, s in cases:
        f = features(signals[name][1], s)
        out["cases"].append({"signal": name, "settings": s, "frames": int(f.shape[0]), "width": int(f.shape[1]),
                             "features": [float("%.9g" % v) for v in f.ravel()]})
    with open(OUT, "w") as fh:
        json.dump(out, fh, separators=(",", ":"))
        fh.write("\n")
    print(OUT, os.path.getsize(OUT), "bytes")


if __name__ == "__main__":
    main()
