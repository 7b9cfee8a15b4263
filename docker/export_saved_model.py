"""Writes the CIFAR-10 CNN as a TF SavedModel for TensorFlow Serving, from the SAME weights as the
ONNX and TF.js artifacts: it reads the TF.js layers model (model.json topology + weightsManifest
+ the .bin shards) written by `npx tsx servers/model/generate.ts`, so the seed and the weight
generator live in one place (TypeScript).

    python docker/export_saved_model.py [--model-dir models/cifar10/1] [--out models/cifar10/1] [--force]

The SavedModel (saved_model.pb + variables/) goes next to model.onnx/model.json in the version
dir by default: TF Serving loads only saved_model.pb + variables/ from `<base>/<version>/`, and
the tfjs-node engine prefers the SavedModel when it is there. Signature `serving_default`:
input `images` float32 [None, 32, 32, 3] (0-255 pixels), output `probabilities` [None, 10].
"""
import argparse
import json
import os
import sys

import numpy as np
import tensorflow as tf

SIGNATURE = "serving_default"
INPUT_NAME = "images"
OUTPUT_NAME = "probabilities"


def read_tfjs_model(model_dir):
    """Returns (layer configs in order, {weight name: ndarray}) from a TF.js layers model."""
    with open(os.path.join(model_dir, "model.json"), encoding="utf-8") as f:
        model = json.load(f)
    layers = model["modelTopology"]["config"]["layers"]
    weights = {}
    for group in model["weightsManifest"]:
        data = b"".join(open(os.path.join(model_dir, p), "rb").read() for p in group["paths"])
        offset = 0
        for spec in group["weights"]:
            if spec["dtype"] != "float32":
                raise ValueError(f"weight {spec['name']} has dtype {spec['dtype']}; only float32 is supported")
            count = int(np.prod(spec["shape"])) if spec["shape"] else 1
            array = np.frombuffer(data, dtype="<f4", count=count, offset=offset).reshape(spec["shape"])
            weights[spec["name"]] = array.copy()
            offset += count * 4
        if offset != len(data):
            raise ValueError(f"weights manifest covers {offset} bytes but the shards hold {len(data)}")
    return layers, weights


class Cifar10Cnn(tf.Module):
    """The layer list of model.json as plain TF ops (inference only: dropout is the identity)."""

    def __init__(self, layers, weights):
        super().__init__(name="cifar10")
        self.steps = []
        self.params = []
        for layer in layers:
            kind, config = layer["class_name"], layer["config"]
            name = config["name"]
            if kind in ("Conv2D", "Dense"):
                kernel = tf.Variable(weights[f"{name}/kernel"], name=f"{name}_kernel", trainable=False)
                bias = tf.Variable(weights[f"{name}/bias"], name=f"{name}_bias", trainable=False)
                self.params += [kernel, bias]
                self.steps.append((kind, config, kernel, bias))
            elif kind in ("InputLayer", "Dropout"):
                continue
            elif kind in ("Rescaling", "MaxPooling2D", "Flatten"):
                self.steps.append((kind, config, None, None))
            else:
                raise ValueError(f"layer {name}: unsupported layer class {kind}")

    @tf.function(input_signature=[tf.TensorSpec([None, 32, 32, 3], tf.float32, name=INPUT_NAME)])
    def serve(self, images):
        x = images
        for kind, config, kernel, bias in self.steps:
            if kind == "Rescaling":
                x = x * np.float32(config["scale"]) + np.float32(config.get("offset", 0))
            elif kind == "Conv2D":
                x = tf.nn.conv2d(x, kernel, strides=1, padding=config["padding"].upper()) + bias
            elif kind == "MaxPooling2D":
                x = tf.nn.max_pool2d(x, ksize=config["pool_size"], strides=config["strides"], padding=config["padding"].upper())
            elif kind == "Flatten":
                x = tf.reshape(x, [tf.shape(x)[0], -1])
            elif kind == "Dense":
                x = tf.matmul(x, kernel) + bias
            x = activate(x, config.get("activation"))
        return {OUTPUT_NAME: tf.identity(x, name=OUTPUT_NAME)}


def activate(x, activation):
    if activation in (None, "linear"):
        return x
    if activation == "relu":
        return tf.nn.relu(x)
    if activation == "softmax":
        return tf.nn.softmax(x, axis=-1)
    raise ValueError(f"unsupported activation {activation}")


def export(model_dir, out_dir, force):
    if not force and os.path.exists(os.path.join(out_dir, "saved_model.pb")):
        print(f"saved model already in {out_dir} (use --force to rewrite)")
        return
    layers, weights = read_tfjs_model(model_dir)
    module = Cifar10Cnn(layers, weights)
    os.makedirs(out_dir, exist_ok=True)
    tf.saved_model.save(module, out_dir, signatures={SIGNATURE: module.serve})
    print(f"saved model written to {out_dir} (signature {SIGNATURE}: {INPUT_NAME} -> {OUTPUT_NAME})")


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model-dir", default="models/cifar10/1", help="version dir holding model.json + weights")
    parser.add_argument("--out", help="SavedModel dir (default: the --model-dir itself)")
    parser.add_argument("--force", action="store_true", help="rewrite an existing SavedModel")
    args = parser.parse_args(argv)
    export(args.model_dir, args.out or args.model_dir, args.force)


if __name__ == "__main__":
    main(sys.argv[1:])
