#!/usr/bin/env python3
"""Writes tests/Recurrent.Tests/Fixtures/zoneout.json: zoneout (Krueger et al., 2016) computed by PyTorch autograd in
float64, for 2-layer LSTM and GRU models (dense inputs, a softmax head at every step, a random initial state), with
explicit masks, as a manual loop over torch.nn.LSTMCell / GRUCell with the model's weights:

  training:   s(t) = m * s(t-1) + (1 - m) * s~(t)     m in {0, 1} per step, sequence and unit (the masks written out)
  evaluation: s(t) = z * s(t-1) + (1 - z) * s~(t)     the expectation

for h (z_h) and, in the LSTM, for C with its own masks (z_c), where h~ = o * tanh(C~) reads the cell's own C~. With
lengths, sequence b stops after step lengths[b] - 1 as in pack_padded_sequence: later outputs are 0, its state is
frozen, and the loss is the mean cross-entropy over the valid steps only. Each case gives the training loss and every
parameter's gradient (and the initial state's), and the evaluation logits, loss and gradients.

    /usr/bin/python3 tools/reference/zoneout_fixture.py      # Debian's python3-torch (1.13)
"""
import json
import os

import torch

torch.manual_seed(19)
torch.set_default_dtype(torch.float64)
I, H, L, O, T, B = 3, 4, 2, 5, 5, 3


def flat(t):
    return [float(v) for v in t.detach().reshape(-1)]


def case(cell, z_h, z_c, lengths):
    cells = [(torch.nn.LSTMCell if cell == "lstm" else torch.nn.GRUCell)(I if k == 0 else H, H) for k in range(L)]
    for c in cells:  # wider than the default, so that zoning out changes the numbers visibly
        with torch.no_grad():
            for p in c.parameters():
                p.mul_(2)
    head = torch.nn.Linear(H, O)
    params = {}
    for k, c in enumerate(cells):
        for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            params[f"rnn.{name}_l{k}"] = getattr(c, name)
    params["head.weight"], params["head.bias"] = head.weight, head.bias
    x = torch.randn(T, B, I)
    targets = torch.randint(0, O, (T, B))
    h0 = torch.randn(L, B, H, requires_grad=True)
    c0 = torch.randn(L, B, H, requires_grad=True) if cell == "lstm" else None
    hidden_masks = (torch.rand(L, T, B, H) < z_h).double()
    cell_masks = (torch.rand(L, T, B, H) < z_c).double() if cell == "lstm" else None
    valid = torch.ones(T, B, dtype=torch.bool) if lengths is None else torch.arange(T)[:, None] < torch.tensor(lengths)[None, :]

    def run(training):
        inputs = x
        for k, c in enumerate(cells):
            h = h0[k]
            s = c0[k] if cell == "lstm" else None
            outputs = []
            for t in range(T):
                live = valid[t][:, None]
                if cell == "lstm":
                    h_new, s_new = c(inputs[t], (h, s))
                    mh, mc = (hidden_masks[k, t], cell_masks[k, t]) if training else (z_h, z_c)
                    s_next = mc * s + (1 - mc) * s_new
                    s = torch.where(live, s_next, s)
                else:
                    h_new = c(inputs[t], h)
                    mh = hidden_masks[k, t] if training else z_h
                h_next = mh * h + (1 - mh) * h_new
                h = torch.where(live, h_next, h)
                outputs.append(torch.where(live, h, torch.zeros_like(h)))
            inputs = torch.stack(outputs)
        logits = head(inputs)
        loss = torch.nn.functional.cross_entropy(logits[valid], targets[valid])
        return logits, loss

    result = {"cell": cell, "zoneout_hidden": z_h, "zoneout_cell": z_c, "lengths": lengths,
              "inputs": flat(x), "targets": [int(v) for v in targets.reshape(-1)], "h0": flat(h0),
              "c0": flat(c0) if c0 is not None else [],
              "params": {n: flat(p) for n, p in params.items()},
              "hidden_masks": flat(hidden_masks), "cell_masks": flat(cell_masks) if cell_masks is not None else []}
    for mode, training in (("train", True), ("eval", False)):
        for p in list(params.values()) + [h0] + ([c0] if c0 is not None else []):
            p.grad = None
        logits, loss = run(training)
        loss.backward()
        result[mode] = {"loss": float(loss), "logits": flat(logits),
                        "grads": {n: flat(p.grad) for n, p in params.items()},
                        "h0_grad": flat(h0.grad), "c0_grad": flat(c0.grad) if c0 is not None else []}
    return result


fixture = {
    "torch": torch.__version__, "input": I, "hidden": H, "layers": L, "outputs": O, "steps": T, "batch": B,
    "cases": [case("lstm", 0.3, 0.5, None), case("lstm", 0.25, 0.4, [5, 2, 4]), case("gru", 0.4, 0.0, [3, 5, 1])],
}
path = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "Recurrent.Tests", "Fixtures", "zoneout.json")
with open(path, "w") as f:
    json.dump(fixture, f)
print("wrote", os.path.normpath(path), [(c["cell"], c["train"]["loss"], c["eval"]["loss"]) for c in fixture["cases"]])
