#!/usr/bin/env python3
"""The baseline of the spoken-digits task (issue 15): a softmax regression on MFCC summary statistics, judged by
leaving one speaker out, each of the five in turn. Python 3 with numpy only (the WAVs are read with the standard
library's wave module):

    python3 tools/baselines/digits_softmax_mfcc.py [../shared/data/spoken-digits] [--iterations 1000]
        [--learning-rate 0.5] [--l2 0.01] [--tune]

Prints, for each held-out speaker, the accuracy of the model trained on the other four, then the mean over the
five speakers and the chance figure (0.10: the ten digits are equally frequent for every speaker, so the majority
class of the training folds is right one time in ten).

Data: every {digit}_{speaker}_{index}.wav in the folder; digit and speaker come from the file name. Only mono or
multi-channel 16-bit PCM is read (a multi-channel file is averaged to mono); anything else is refused with its name.
Samples are scaled to [-1, 1) by dividing by 32768. The sample rate is read from each file (8 kHz here).

MFCC, written out from the standard formulas:
  - pre-emphasis y[n] = x[n] - 0.97 x[n-1] (y[0] = x[0]);
  - frames of 25 ms (200 samples at 8 kHz) every 10 ms (80 samples); the number of frames is
    1 + ceil((N - 200) / 80) (one frame when N <= 200), the last frame padded with zeros;
  - a Hamming window w[n] = 0.54 - 0.46 cos(2 pi n / (L - 1)) over each frame of L samples;
  - power spectrum |FFT|^2 with n_fft the next power of two >= L (256 at 8 kHz), the frame zero-padded to n_fft,
    bins 0 .. n_fft/2 (no 1/n_fft scaling);
  - 40 triangular mel filters on the HTK mel scale m = 2595 log10(1 + f / 700), their 42 edges equally spaced in mel
    from 0 Hz to the Nyquist frequency; filter k rises linearly from edge k to edge k+1 and falls to edge k+2, its
    weight evaluated at each FFT bin's own frequency (i * rate / n_fft), 1 at the centre frequency, no area
    normalisation (the narrow low filters fall between bins, so their largest weight can be under 1: 0.67 at least
    at 8 kHz, none left empty);
  - natural log of each filter's energy, floored at 1e-10 first;
  - DCT-II, orthonormal (c0 scaled by sqrt(1/40), the others by sqrt(2/40)), keeping coefficients 0..12 (c0
    included, no liftering).

Features per utterance (104): the mean and the standard deviation (population, ddof 0) of each of the 13
coefficients over all frames of the word, and over each of its three thirds (frames split by numpy.array_split into
three nearly equal consecutive parts; a word of fewer than three frames repeats its frames until there are three),
13 x 2 x 4 = 104. Each fold standardises them with the mean and standard deviation of its four training speakers
(a deviation of 0 taken as 1).

Model: multinomial logistic regression (softmax over ten digits, weights and biases), trained by full-batch gradient
descent on the mean cross-entropy plus l2/2 times the squared weights (biases not penalised), from all-zero
parameters with a fixed learning rate and a fixed number of iterations. Nothing is drawn at random, so the figures
are the same on every run (no seed is needed). The defaults (1000 iterations, learning rate 0.5, l2 0.01) were
chosen by leaving one training speaker out inside the training folds only, never by a held-out speaker's accuracy:
in that search (--tune prints it) l2 0.01 and 0.1 were about equally good and better than 0.001 and 0, and the
accuracy hardly moves between 500 and 2000 iterations. --tune instead chooses l2 and the iterations afresh for each
held-out speaker by that inner search (nested leave one speaker out) and reports the accuracies so chosen."""
import argparse
import os
import re
import sys
import time
import wave

import numpy as np

TUNE_L2 = (0.0, 0.001, 0.01, 0.1)
TUNE_ITERATIONS = (500, 1000, 2000)
NAME = re.compile(r"^(\d)_([A-Za-z]+)_(\d+)\.wav$")


def read_wav(path):
    with wave.open(path, "rb") as w:
        if w.getcomptype() != "NONE" or w.getsampwidth() != 2:
            sys.exit(f"{path}: not 16-bit PCM (compression {w.getcomptype()}, {8 * w.getsampwidth()} bits); "
                     "only 16-bit PCM WAV is read")
        rate, channels, frames = w.getframerate(), w.getnchannels(), w.readframes(w.getnframes())
    samples = np.frombuffer(frames, dtype="<i2").astype(np.float64) / 32768.0
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1)
    return samples, rate


def hz_to_mel(f):
    return 2595.0 * np.log10(1.0 + f / 700.0)


def mel_to_hz(m):
    return 700.0 * (10.0 ** (m / 2595.0) - 1.0)


_banks = {}


def mel_filters(rate, n_fft, count=40):
    key = (rate, n_fft, count)
    if key not in _banks:
        edges = mel_to_hz(np.linspace(hz_to_mel(0.0), hz_to_mel(rate / 2.0), count + 2))
        bins = np.arange(n_fft // 2 + 1) * rate / n_fft
        bank = np.zeros((count, bins.size))
        for k in range(count):
            left, centre, right = edges[k], edges[k + 1], edges[k + 2]
            rising = (bins - left) / (centre - left)
            falling = (right - bins) / (right - centre)
            bank[k] = np.maximum(0.0, np.minimum(rising, falling))
        _banks[key] = bank
    return _banks[key]


def dct_matrix(n_in, n_out):
    """Orthonormal DCT-II: c_k = s_k sum_n x_n cos(pi k (2n + 1) / (2 N)), s_0 = sqrt(1/N), s_k = sqrt(2/N)."""
    n = np.arange(n_in)
    k = np.arange(n_out)[:, None]
    matrix = np.cos(np.pi * k * (2 * n + 1) / (2 * n_in)) * np.sqrt(2.0 / n_in)
    matrix[0] *= np.sqrt(0.5)
    return matrix


def mfcc(samples, rate, coefficients=13, filters=40):
    emphasised = np.append(samples[:1], samples[1:] - 0.97 * samples[:-1])
    length, hop = int(round(0.025 * rate)), int(round(0.010 * rate))
    count = 1 if emphasised.size <= length else 1 + int(np.ceil((emphasised.size - length) / hop))
    padded = np.zeros((count - 1) * hop + length)
    padded[:emphasised.size] = emphasised
    index = np.arange(length)[None, :] + hop * np.arange(count)[:, None]
    window = 0.54 - 0.46 * np.cos(2 * np.pi * np.arange(length) / (length - 1))
    frames = padded[index] * window
    n_fft = 1
    while n_fft < length:
        n_fft *= 2
    power = np.abs(np.fft.rfft(frames, n=n_fft, axis=1)) ** 2
    energies = power @ mel_filters(rate, n_fft, filters).T
    return np.log(np.maximum(energies, 1e-10)) @ dct_matrix(filters, coefficients).T


def summary(coefficients):
    while coefficients.shape[0] < 3:
        coefficients = np.concatenate([coefficients, coefficients])
    parts = [coefficients] + np.array_split(coefficients, 3)
    return np.concatenate([np.concatenate([p.mean(axis=0), p.std(axis=0)]) for p in parts])


def load(folder):
    names = sorted(n for n in os.listdir(folder) if n.lower().endswith(".wav"))
    if not names:
        sys.exit(f"{folder}: no .wav files")
    features, digits, speakers = [], [], []
    for name in names:
        match = NAME.match(name)
        if not match:
            sys.exit(f"{name}: not named {{digit}}_{{speaker}}_{{index}}.wav")
        samples, rate = read_wav(os.path.join(folder, name))
        features.append(summary(mfcc(samples, rate)))
        digits.append(int(match.group(1)))
        speakers.append(match.group(2))
    return np.array(features), np.array(digits), np.array(speakers)


def train(x, y, iterations, rate, l2, classes=10, checkpoints=()):
    """Returns the final (weights, bias), or with checkpoints a list of copies taken after those many steps."""
    weights, bias = np.zeros((x.shape[1], classes)), np.zeros(classes)
    target = np.eye(classes)[y]
    taken = []
    for step in range(1, iterations + 1):
        logits = x @ weights + bias
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        error = (p - target) / x.shape[0]
        weights -= rate * (x.T @ error + l2 * weights)
        bias -= rate * error.sum(axis=0)
        if step in checkpoints:
            taken.append((weights.copy(), bias.copy()))
    return taken if checkpoints else (weights, bias)


def fold_accuracy(x, y, train_mask, iterations, rate, l2, checkpoints=()):
    """Accuracy on ~train_mask after training on train_mask; with checkpoints, a list, one per checkpoint."""
    mean, deviation = x[train_mask].mean(axis=0), x[train_mask].std(axis=0)
    deviation[deviation == 0] = 1.0
    z = (x - mean) / deviation
    test = ~train_mask
    models = train(z[train_mask], y[train_mask], iterations, rate, l2, checkpoints=checkpoints)
    if not checkpoints:
        models = [models]
    scores = [float(np.mean(np.argmax(z[test] @ w + b, axis=1) == y[test])) for w, b in models]
    return scores if checkpoints else scores[0]


def main():
    parser = argparse.ArgumentParser(
        description="Softmax regression on MFCC summary statistics, leave one speaker out (spoken digits).")
    parser.add_argument("folder", nargs="?", default="../shared/data/spoken-digits",
                        help="folder of {digit}_{speaker}_{index}.wav files (default: %(default)s)")
    parser.add_argument("--iterations", type=int, default=1000,
                        help="full-batch gradient descent steps (default: %(default)s)")
    parser.add_argument("--learning-rate", type=float, default=0.5,
                        help="gradient descent step size (default: %(default)s)")
    parser.add_argument("--l2", type=float, default=0.01,
                        help="L2 penalty on the weights, l2/2 * sum of squares (default: %(default)s)")
    parser.add_argument("--tune", action="store_true",
                        help="instead of --iterations and --l2, choose them for each held-out speaker from l2 0, "
                             "0.001, 0.01, 0.1 and 500, 1000, 2000 iterations, by the mean accuracy of leaving each "
                             "of the four training speakers out in turn (training folds only; about six minutes)")
    options = parser.parse_args()
    start = time.time()
    x, y, speakers = load(options.folder)
    names = sorted(set(speakers))
    print(f"{len(y)} recordings, {len(names)} speakers, 104 features; read in {time.time() - start:.1f} s")
    if options.tune:
        print(f"gradient descent: learning rate {options.learning_rate}; l2 and iterations chosen for each held-out "
              "speaker on its training folds")
    else:
        print(f"gradient descent: {options.iterations} iterations, learning rate {options.learning_rate}, "
              f"l2 {options.l2}")
    accuracies = []
    for held in names:
        mask = speakers != held
        iterations, l2 = options.iterations, options.l2
        if options.tune:
            best = None
            for grid_l2 in TUNE_L2:
                inner = np.array([fold_accuracy(x[mask], y[mask], speakers[mask] != other, max(TUNE_ITERATIONS),
                                                options.learning_rate, grid_l2, checkpoints=TUNE_ITERATIONS)
                                  for other in names if other != held])
                for grid_iterations, score in zip(TUNE_ITERATIONS, inner.mean(axis=0)):
                    print(f"  without {held}: l2 {grid_l2:<6} iterations {grid_iterations:<5} "
                          f"inner mean {score:.4f}", flush=True)
                    if best is None or score > best[0]:
                        best = (score, grid_iterations, grid_l2)
            _, iterations, l2 = best
            print(f"  without {held}: chosen l2 {l2}, iterations {iterations}")
        accuracy = fold_accuracy(x, y, mask, iterations, options.learning_rate, l2)
        accuracies.append(accuracy)
        print(f"{held:<10} {accuracy:.4f} ({int(round(accuracy * np.sum(~mask)))}/{np.sum(~mask)})")
    print(f"mean       {np.mean(accuracies):.4f} (lowest {min(accuracies):.4f}, highest {max(accuracies):.4f})")
    print(f"chance     {1 / 10:.4f} (majority class; ten digits, equally frequent)")
    print(f"{time.time() - start:.1f} s in all")


if __name__ == "__main__":
    main()
