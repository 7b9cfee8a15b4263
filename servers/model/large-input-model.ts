/**
 * A second generated model for payload sweeps: 224x224x3 float pixels in (150,528 values per
 * image, 47x CIFAR's), 10 classes out, and little compute or weight behind it (two narrow
 * convolutions after the rescale, pooled hard: ~14 M multiply-adds and ~9 k parameters per image,
 * against CIFAR's ~77 M and 2.5 M), so the request's bytes, not the model, dominate its cost.
 */
import { OUTPUT_NAME, NUM_CLASSES, type ModelSpec } from './architecture.ts';

export const LARGE_INPUT_MODEL: ModelSpec = {
  name: 'payload224',
  inputShape: [224, 224, 3],
  seed: 22_403,
  description: 'payload224: 224x224x3 input, small CNN (servebench payload sweeps, deterministic weights)',
  layers: [
    { kind: 'rescale', name: 'rescale', scale: 1 / 255 },
    { kind: 'maxpool', name: 'pool0', pool: 2 },
    { kind: 'conv', name: 'conv1', filters: 8, kernel: 3, activation: 'relu' },
    { kind: 'maxpool', name: 'pool1', pool: 4 },
    { kind: 'conv', name: 'conv2', filters: 16, kernel: 3, activation: 'relu' },
    { kind: 'maxpool', name: 'pool2', pool: 4 },
    { kind: 'flatten', name: 'flatten' },
    { kind: 'dense', name: OUTPUT_NAME, units: NUM_CLASSES, activation: 'softmax' },
  ],
};
