"""Test helper: runs a SavedModel's serving_default on images read as JSON from stdin
({"images": [[...32x32x3 numbers...], ...]}) and prints the signature and {"outputs": {"probabilities": [[10 floats], ...]}}."""
import json
import sys

import numpy as np
import tensorflow as tf


def main(saved_model_dir):
    request = json.load(sys.stdin)
    images = np.asarray(request["images"], dtype=np.float32).reshape(-1, 32, 32, 3)
    serve = tf.saved_model.load(saved_model_dir).signatures["serving_default"]
    outputs = serve(images=tf.constant(images))
    inputs = serve.structured_input_signature[1]
    json.dump({
        "signature": {
            "inputs": {name: {"dtype": spec.dtype.name, "shape": spec.shape.as_list()} for name, spec in inputs.items()},
            "outputs": {name: {"dtype": spec.dtype.name, "shape": spec.shape.as_list()} for name, spec in serve.structured_outputs.items()},
        },
        "outputs": {name: tensor.numpy().astype(float).tolist() for name, tensor in outputs.items()},
    }, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
