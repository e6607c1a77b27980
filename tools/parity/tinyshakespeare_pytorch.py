#!/usr/bin/env python3
"""The PyTorch side of the tinyshakespeare parity check (issue 5).

Trains the configuration that `recurrent train` is compared with, using the same data pipeline:
vocabulary in order of first appearance, the first 90% of the text trains and the rest validates,
char-rnn batching (B contiguous streams, windows of T, hidden state carried across windows and reset
at each epoch start, gradient truncated at the window), Adam, clip_grad_norm_, and the validation
loss read from a zero state over the whole validation text, in order (as `recurrent eval` does).

    /usr/bin/python3 tools/parity/tinyshakespeare_pytorch.py ../shared/data/tinyshakespeare.txt --seeds 1 2 3

Needs only torch (Debian: apt-get install python3-torch). Prints one line per seed and the mean.
"""
import argparse
import math
import time

import torch


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data")
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--layers", type=int, default=2)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--seq-len", type=int, default=64)
    ap.add_argument("--steps", type=int, default=2000)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--clip", type=float, default=5.0)
    ap.add_argument("--val-fraction", type=float, default=0.1)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)

    text = open(args.data, encoding="utf-8").read()
    vocab = list(dict.fromkeys(text))
    index = {c: i for i, c in enumerate(vocab)}
    tokens = torch.tensor([index[c] for c in text], dtype=torch.long)
    n_train = math.floor(len(tokens) * (1 - args.val_fraction))
    train, val = tokens[:n_train], tokens[n_train:]
    B, T, V = args.batch, args.seq_len, len(vocab)
    S = len(train) // B
    W = (S - 1) // T
    streams = train[: B * S].view(B, S)

    results = []
    for seed in args.seeds:
        torch.manual_seed(seed)
        rnn = torch.nn.LSTM(V, args.hidden, args.layers)
        head = torch.nn.Linear(args.hidden, V)
        params = list(rnn.parameters()) + list(head.parameters())
        opt = torch.optim.Adam(params, lr=args.lr)
        state = None
        start = time.time()
        for k in range(args.steps):
            j = k % W
            if j == 0:
                state = None
            x = streams[:, j * T: j * T + T].t()            # (T, B)
            y = streams[:, j * T + 1: j * T + T + 1].t()
            out, state = rnn(torch.nn.functional.one_hot(x, V).float(), state)
            state = tuple(s.detach() for s in state)
            loss = torch.nn.functional.cross_entropy(head(out).reshape(T * B, V), y.reshape(T * B))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, args.clip)
            opt.step()
        train_seconds = time.time() - start
        with torch.no_grad():
            out, _ = rnn(torch.nn.functional.one_hot(val[:-1], V).float().unsqueeze(1))
            val_loss = torch.nn.functional.cross_entropy(head(out[:, 0]), val[1:]).item()
        results.append(val_loss)
        print(f"seed {seed}: validation loss {val_loss:.4f} nats/char after {args.steps} steps "
              f"(last training loss {loss.item():.4f}, {train_seconds:.0f} s)", flush=True)
    mean = sum(results) / len(results)
    print(f"mean over {len(results)} seeds: {mean:.4f} nats/char (torch {torch.__version__})")


if __name__ == "__main__":
    main()
