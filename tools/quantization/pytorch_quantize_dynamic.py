#!/usr/bin/python3
"""PyTorch's dynamic quantization of the same models, for docs/quantization.md: what
torch.quantization.quantize_dynamic does to an nn.LSTM character model's loss and speed.

  quality:  /usr/bin/python3 tools/quantization/pytorch_quantize_dynamic.py quality MODEL.safetensors VALIDATION.txt
            loads a Recurrent LSTM character model (float32 file), reads the text from a zero state in chunks of 256 as
            `recurrent eval` does, and prints the loss in nats/char for float32, int8 dynamic (per-tensor weights, the
            only scheme nn.LSTM's dynamic path offers in 1.13) and float16 dynamic where the engine has it.
  speed:    /usr/bin/python3 tools/quantization/pytorch_quantize_dynamic.py speed [--threads 1,2] [--seconds 2]
            times LSTM 2x256 and 2x512 (65 characters) at batch 1 (one token at a time, carried state) and at B=32, T=64
            (softmax of every row), float32 and int8 dynamic, tokens/s.

Debian 12's python3-torch (1.13) has the qnnpack and onednn quantized engines (no fbgemm); the script uses the first
that runs nn.LSTM's dynamic path. No PyPI packages: the safetensors header is read with json and the data with numpy.
"""
import json
import struct
import sys
import time

import numpy as np
import torch


def read_safetensors(path):
    with open(path, "rb") as f:
        length = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(length))
        data = f.read()
    metadata = header.pop("__metadata__", {})
    types = {"F32": np.float32, "I8": np.int8, "I16": np.int16}
    tensors = {}
    for name, entry in header.items():
        begin, end = entry["data_offsets"]
        tensors[name] = np.frombuffer(data[begin:end], dtype=types[entry["dtype"]]).reshape(entry["shape"])
    return tensors, metadata


class CharModel(torch.nn.Module):
    def __init__(self, vocab, hidden, layers):
        super().__init__()
        self.vocab = vocab
        self.rnn = torch.nn.LSTM(vocab, hidden, layers)
        self.head = torch.nn.Linear(hidden, vocab)

    def forward(self, tokens, state):
        x = torch.nn.functional.one_hot(tokens, self.vocab).float()
        out, state = self.rnn(x, state)
        return self.head(out), state


def load(path):
    tensors, metadata = read_safetensors(path)
    if "quantization" in metadata:
        sys.exit(f"{path} is quantized; give the float32 model")
    vocab = json.loads(metadata["vocab"])
    model = CharModel(len(vocab), int(metadata["hidden"]), int(metadata["layers"]))
    state = {name: torch.from_numpy(np.array(value)) for name, value in tensors.items() if not name.startswith("train.")}
    model.load_state_dict(state)
    return model.eval(), vocab


def pick_engine():
    for engine in ("qnnpack", "onednn"):
        if engine in torch.backends.quantized.supported_engines:
            torch.backends.quantized.engine = engine
            try:
                probe = torch.quantization.quantize_dynamic(CharModel(5, 8, 1), {torch.nn.LSTM, torch.nn.Linear}, dtype=torch.qint8)
                probe(torch.zeros(2, 1, dtype=torch.long), None)
                return engine
            except RuntimeError:
                continue
    sys.exit("no quantized engine runs nn.LSTM's dynamic path here")


def loss(model, tokens):
    total, state = 0.0, None
    with torch.no_grad():
        for start in range(0, len(tokens) - 1, 256):
            chunk = tokens[start:start + 257]
            logits, state = model(chunk[:-1].unsqueeze(1), state)
            total += torch.nn.functional.cross_entropy(logits.squeeze(1), chunk[1:], reduction="sum").item()
    return total / (len(tokens) - 1)


def quality(path, text_path):
    torch.set_num_threads(2)
    model, vocab = load(path)
    index = {c: i for i, c in enumerate(vocab)}
    text = open(text_path, encoding="utf-8").read()
    tokens = torch.tensor([index[c] for c in text], dtype=torch.long)
    engine = pick_engine()
    print(f"engine {engine}, {len(tokens):,} characters")
    print(f"float32            {loss(model, tokens):.6f}")
    int8 = torch.quantization.quantize_dynamic(model, {torch.nn.LSTM, torch.nn.Linear}, dtype=torch.qint8)
    print(f"int8 dynamic       {loss(int8, tokens):.6f}")
    try:
        fp16 = torch.quantization.quantize_dynamic(model, {torch.nn.LSTM, torch.nn.Linear}, dtype=torch.float16)
        print(f"float16 dynamic    {loss(fp16, tokens):.6f}")
    except RuntimeError as e:  # qnnpack has no fp16 prepack; fbgemm (not in Debian's build) has
        print(f"float16 dynamic    not run: {str(e).splitlines()[0]}")


def rate(call, items, seconds):
    call()
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        call()
        done += items
    return done / (time.perf_counter() - start)


def speed(threads, seconds):
    engine = pick_engine()
    print(f"engine {engine}; tokens/s, median of 3")
    for hidden in (256, 512):
        torch.manual_seed(1)
        model = CharModel(65, hidden, 2).eval()
        int8 = torch.quantization.quantize_dynamic(model, {torch.nn.LSTM, torch.nn.Linear}, dtype=torch.qint8)
        window = torch.randint(0, 65, (64, 32))
        token = torch.randint(0, 65, (1, 1))
        for count in threads:
            torch.set_num_threads(count)
            for name, m in (("float32", model), ("int8 dynamic", int8)):
                with torch.no_grad():
                    state = [None]

                    def generate():
                        logits, state[0] = m(token, state[0])
                        torch.softmax(logits, -1)

                    def infer():
                        logits, _ = m(window, None)
                        torch.softmax(logits, -1)

                    g = sorted(rate(generate, 1, seconds) for _ in range(3))[1]
                    i = sorted(rate(infer, 64 * 32, seconds) for _ in range(3))[1]
                print(f"lstm-2x{hidden} threads {count} {name:13s} generate {g:10,.0f}  infer {i:10,.0f}")


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "quality":
        quality(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 2 and sys.argv[1] == "speed":
        args = sys.argv[2:]
        threads = [int(t) for t in args[args.index("--threads") + 1].split(",")] if "--threads" in args else [1, 2]
        seconds = float(args[args.index("--seconds") + 1]) if "--seconds" in args else 2.0
        speed(threads, seconds)
    else:
        sys.exit(__doc__)
