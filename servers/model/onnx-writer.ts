/**
 * Writes the architecture as an ONNX ModelProto (opset 13) with protobufjs.
 * Graph: Mul(1/255) -> Transpose NHWC->NCHW -> Conv/Relu/MaxPool... -> Transpose NCHW->NHWC ->
 * Flatten -> Gemm/Relu -> Gemm -> Softmax, so the flatten order equals Keras's NHWC flatten.
 * Dropout is omitted (a no-op at inference).
 */
import { CIFAR10, INPUT_NAME, OUTPUT_NAME, NUM_CLASSES, type LayerDef, type ModelSpec } from './architecture.ts';
import { hwioToOihw, type LayerWeights } from './weights.ts';
import { ATTR_FLOAT, ATTR_INT, ATTR_INTS, ModelProto, ONNX_FLOAT, ONNX_IR_VERSION, ONNX_OPSET } from './onnx-proto.ts';

type Attr = { name: string; type: number; f?: number; i?: number; ints?: number[] };
interface Node { input: string[]; output: string[]; name: string; opType: string; attribute: Attr[] }
interface Initializer { name: string; dims: number[]; dataType: number; rawData: Uint8Array }

const ints = (name: string, values: number[]): Attr => ({ name, type: ATTR_INTS, ints: values });
const int = (name: string, value: number): Attr => ({ name, type: ATTR_INT, i: value });

function floatTensor(name: string, dims: number[], data: Float32Array): Initializer {
  // raw_data is little-endian; copy so the bytes do not alias a larger buffer.
  const bytes = new Uint8Array(data.byteLength);
  const view = new DataView(bytes.buffer);
  data.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return { name, dims, dataType: ONNX_FLOAT, rawData: bytes };
}

function tensorValueInfo(name: string, dims: Array<number | string>) {
  return {
    name,
    type: {
      tensorType: {
        elemType: ONNX_FLOAT,
        shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
      },
    },
  };
}

/** Builds the graph nodes and initializers for `layers` with `weights` (in weightedLayers order). */
function buildGraph(layers: readonly LayerDef[], weights: LayerWeights[]) {
  const nodes: Node[] = [];
  const inits: Initializer[] = [];
  let current = INPUT_NAME;
  let layout: 'NHWC' | 'NCHW' | 'flat' = 'NHWC';
  let wi = 0;
  const add = (opType: string, name: string, inputs: string[], attribute: Attr[] = [], output = name): string => {
    nodes.push({ input: [current, ...inputs], output: [output], name, opType, attribute });
    current = output;
    return output;
  };
  const toLayout = (target: 'NHWC' | 'NCHW') => {
    if (layout === target) return;
    add('Transpose', `to_${target.toLowerCase()}_${nodes.length}`, [], [ints('perm', target === 'NCHW' ? [0, 3, 1, 2] : [0, 2, 3, 1])]);
    layout = target;
  };
  for (const layer of layers) {
    switch (layer.kind) {
      case 'rescale':
        inits.push(floatTensor(`${layer.name}/scale`, [], new Float32Array([layer.scale])));
        add('Mul', layer.name, [`${layer.name}/scale`]);
        break;
      case 'conv': {
        const w = weights[wi++];
        toLayout('NCHW');
        const pad = Math.floor(layer.kernel / 2);
        inits.push(floatTensor(`${layer.name}/kernel`, [w.kernelShape[3], w.kernelShape[2], w.kernelShape[0], w.kernelShape[1]], hwioToOihw(w.kernel, w.kernelShape)));
        inits.push(floatTensor(`${layer.name}/bias`, [w.units], w.bias));
        add('Conv', layer.name, [`${layer.name}/kernel`, `${layer.name}/bias`], [
          ints('kernel_shape', [layer.kernel, layer.kernel]),
          ints('pads', [pad, pad, pad, pad]),
          ints('strides', [1, 1]),
        ]);
        add('Relu', `${layer.name}/relu`, []);
        break;
      }
      case 'maxpool':
        toLayout('NCHW');
        add('MaxPool', layer.name, [], [ints('kernel_shape', [layer.pool, layer.pool]), ints('strides', [layer.pool, layer.pool])]);
        break;
      case 'flatten':
        toLayout('NHWC');
        add('Flatten', layer.name, [], [int('axis', 1)]);
        layout = 'flat';
        break;
      case 'dense': {
        const w = weights[wi++];
        inits.push(floatTensor(`${layer.name}/kernel`, w.kernelShape, w.kernel));
        inits.push(floatTensor(`${layer.name}/bias`, [w.units], w.bias));
        add('Gemm', `${layer.name}/gemm`, [`${layer.name}/kernel`, `${layer.name}/bias`], [
          { name: 'alpha', type: ATTR_FLOAT, f: 1 },
          { name: 'beta', type: ATTR_FLOAT, f: 1 },
          int('transB', 0),
        ]);
        if (layer.activation === 'relu') add('Relu', `${layer.name}/relu`, []);
        else add('Softmax', `${layer.name}/softmax`, [], [int('axis', -1)], layer.name === OUTPUT_NAME ? OUTPUT_NAME : undefined);
        break;
      }
      case 'dropout':
        break;
    }
  }
  if (current !== OUTPUT_NAME) throw new Error(`architecture must end in a layer named ${OUTPUT_NAME}`);
  return { nodes, inits };
}

/** Serialises the model to ONNX bytes. Deterministic for the same weights. */
export function writeOnnxModel(weights: LayerWeights[], spec: ModelSpec = CIFAR10): Uint8Array {
  const { nodes, inits } = buildGraph(spec.layers, weights);
  const message = ModelProto.fromObject({
    irVersion: ONNX_IR_VERSION,
    producerName: 'servebench',
    producerVersion: '1',
    modelVersion: 1,
    docString: spec.description,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    graph: {
      name: spec.name,
      node: nodes,
      initializer: inits,
      input: [tensorValueInfo(INPUT_NAME, ['N', ...spec.inputShape])],
      output: [tensorValueInfo(OUTPUT_NAME, ['N', NUM_CLASSES])],
    },
  });
  return ModelProto.encode(message).finish();
}
