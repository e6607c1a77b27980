#!/usr/bin/env python3
"""Writes tests/Recurrent.Tests/Fixtures/weight_averaging.json: the weights of a small LSTM after each of 6 steps of
Adam on random data, and what torch.optim.swa_utils.AveragedModel makes of them, as an EMA (decay 0.9) and as SWA
from step 3 on (its default running mean). The C# test feeds the same trajectory to WeightAveraging and compares.

    /usr/bin/python3 tools/reference/averaging_fixture.py      # Debian's python3-torch (1.13)
"""
import json
import os

import torch
from torch.optim.swa_utils import AveragedModel

torch.manual_seed(20261206)
STEPS, DECAY, SWA_START = 6, 0.9, 3

net = torch.nn.LSTM(3, 4)
head = torch.nn.Linear(4, 2)
model = torch.nn.ModuleDict({"rnn": net, "head": head})
ema = AveragedModel(model, avg_fn=lambda avg, p, n: DECAY * avg + (1 - DECAY) * p)
swa = AveragedModel(model)
opt = torch.optim.Adam(model.parameters(), lr=0.05)
x, y = torch.randn(5, 2, 3), torch.randn(2, 2)


def flat(m):
    return [float(v) for p in m.parameters() for v in p.detach().reshape(-1)]


trajectory, emas, swas = [], [], []
for step in range(1, STEPS + 1):
    opt.zero_grad()
    out, _ = model["rnn"](x)
    loss = torch.nn.functional.mse_loss(model["head"](out[-1]), y)
    loss.backward()
    opt.step()
    ema.update_parameters(model)
    if step >= SWA_START:
        swa.update_parameters(model)
    trajectory.append(flat(model))
    emas.append(flat(ema.module))
    swas.append(flat(swa.module) if step >= SWA_START else None)

path = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "Recurrent.Tests", "Fixtures", "weight_averaging.json")
with open(path, "w") as f:
    json.dump({"torch": torch.__version__, "ema_decay": DECAY, "swa_start": SWA_START, "weights": trajectory, "ema": emas, "swa": swas}, f)
print("wrote", os.path.normpath(path), len(trajectory[0]), "weights x", STEPS, "steps")
