#!/usr/bin/env python3
"""Checks ONNX files written by `recurrent export` with the onnx package's own checker (full check: every node
against its operator's schema, then strict shape inference), and prints what each graph takes and gives.

    apt-get install python3-onnx            # Debian 12: onnx 1.12, which reads up to opset 17
    python3 tools/onnx/check_export.py runs/*.onnx

Run by hand; the tests run every exported model in ONNX Runtime instead (Microsoft.ML.OnnxRuntime).
"""
import sys

import onnx


def describe(value):
    dims = [d.dim_param or str(d.dim_value) for d in value.type.tensor_type.shape.dim]
    return f"{value.name} {onnx.TensorProto.DataType.Name(value.type.tensor_type.elem_type).lower()} [{', '.join(dims)}]"


def main(paths):
    if not paths:
        sys.exit("usage: check_export.py MODEL.onnx ...")
    for path in paths:
        model = onnx.load(path)
        onnx.checker.check_model(model, full_check=True)
        onnx.shape_inference.infer_shapes(model, check_type=True, strict_mode=True)
        initializers = {tensor.name for tensor in model.graph.initializer}
        inputs = [("optional " if value.name in initializers else "") + describe(value) for value in model.graph.input]
        opsets = ", ".join(f"{o.domain or 'ai.onnx'} {o.version}" for o in model.opset_import)
        print(f"{path}: valid (IR {model.ir_version}, opset {opsets}, {len(model.graph.node)} nodes); {model.doc_string}")
        print(f"  inputs:  {'; '.join(inputs)}")
        print(f"  outputs: {'; '.join(describe(value) for value in model.graph.output)}")


if __name__ == "__main__":
    main(sys.argv[1:])
