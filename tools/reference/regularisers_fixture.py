#!/usr/bin/env python3
"""Writes tests/Recurrent.Tests/Fixtures/regularisers.json: one training step's loss and every gradient of a 2-layer LSTM
character model with an embedding, under AWD-LSTM's regularisers with explicit masks, computed by PyTorch autograd:
  - embedding dropout: each token's row of embed.weight times m[v] (0, or 1/(1 - 0.25));
  - weight drop: each layer's weight_hh times its mask (0, or 1/(1 - 0.5)) per weight (DropConnect);
  - locked (variational) dropout: each layer's output times a mask per sequence and unit (0, or 1/(1 - 0.5)), the same
    at every step, between the layers and before the head (where the library's dropout sits);
  - AR (alpha 2): alpha * mean(h^2) of the top layer's output after dropout, and TAR (beta 1): beta * mean((h(t) - h(t-1))^2)
    of that output before dropout, added to the cross-entropy as AWD-LSTM adds them.
The gradients are those of the raw (unmasked) parameters, of the cross-entropy plus the penalties. The LSTM is written out with PyTorch's gate order i, f, g, o
so that the masked weight_hh enters exactly as W_hh * M.

    /usr/bin/python3 tools/reference/regularisers_fixture.py      # Debian's python3-torch (1.13)
"""
import json
import os

import torch

torch.manual_seed(7)
torch.set_default_dtype(torch.float64)
V, D, H, L, T, B = 6, 3, 4, 2, 5, 2
P_DROP, P_WEIGHT, P_EMBED, ALPHA, BETA = 0.5, 0.5, 0.25, 2.0, 1.0

k = 1 / H ** 0.5
params = {"embed.weight": torch.randn(V, D)}
for layer in range(L):
    inputs = D if layer == 0 else H
    params[f"rnn.weight_ih_l{layer}"] = torch.empty(4 * H, inputs).uniform_(-k, k)
    params[f"rnn.weight_hh_l{layer}"] = torch.empty(4 * H, H).uniform_(-k, k) * 3  # wide enough that dropping shows
    params[f"rnn.bias_ih_l{layer}"] = torch.empty(4 * H).uniform_(-k, k)
    params[f"rnn.bias_hh_l{layer}"] = torch.empty(4 * H).uniform_(-k, k)
params["head.weight"] = torch.empty(V, H).uniform_(-k, k)
params["head.bias"] = torch.empty(V).uniform_(-k, k)
for p in params.values():
    p.requires_grad_(True)

tokens = torch.randint(0, V, (T, B))
targets = torch.randint(0, V, (T, B))


def bernoulli_mask(shape, p):
    return (torch.rand(shape) >= p).double() / (1 - p)


embed_mask = bernoulli_mask((V,), P_EMBED)
weight_masks = [bernoulli_mask((4 * H, H), P_WEIGHT) for _ in range(L)]
locked_masks = [bernoulli_mask((B, H), P_DROP) for _ in range(L)]

x = (params["embed.weight"] * embed_mask[:, None])[tokens]  # (T, B, D)
for layer in range(L):
    w_ih, b_ih, b_hh = params[f"rnn.weight_ih_l{layer}"], params[f"rnn.bias_ih_l{layer}"], params[f"rnn.bias_hh_l{layer}"]
    w_hh = params[f"rnn.weight_hh_l{layer}"] * weight_masks[layer]
    h, c, outputs = torch.zeros(B, H), torch.zeros(B, H), []
    for t in range(T):
        gates = x[t] @ w_ih.T + b_ih + h @ w_hh.T + b_hh
        i, f, g, o = gates.chunk(4, dim=1)
        c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
        h = torch.sigmoid(o) * torch.tanh(c)
        outputs.append(h)
    raw = torch.stack(outputs)
    x = raw * locked_masks[layer][None]  # the same mask at every step
logits = x @ params["head.weight"].T + params["head.bias"]
loss = torch.nn.functional.cross_entropy(logits.reshape(T * B, V), targets.reshape(T * B))
penalty = ALPHA * x.pow(2).mean() + BETA * (raw[1:] - raw[:-1]).pow(2).mean()
(loss + penalty).backward()


def flat(t):
    return [float(v) for v in t.detach().reshape(-1)]


fixture = {
    "torch": torch.__version__, "vocab": V, "embed": D, "hidden": H, "layers": L, "steps": T, "batch": B,
    "dropout": P_DROP, "weight_drop": P_WEIGHT, "embed_dropout": P_EMBED, "ar": ALPHA, "tar": BETA,
    "tokens": [int(v) for v in tokens.reshape(-1)], "targets": [int(v) for v in targets.reshape(-1)],
    "params": {n: flat(p) for n, p in params.items()},
    "embed_mask": flat(embed_mask), "weight_masks": [flat(m) for m in weight_masks], "locked_masks": [flat(m) for m in locked_masks],
    "loss": float(loss), "penalty": float(penalty), "grads": {n: flat(p.grad) for n, p in params.items()},
}
path = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "Recurrent.Tests", "Fixtures", "regularisers.json")
with open(path, "w") as f:
    json.dump(fixture, f)
print("wrote", os.path.normpath(path), "loss", float(loss))
