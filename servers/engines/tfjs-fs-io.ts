/** A small TF.js IOHandler reading model.json + weight shards from disk (no fetch, no tfjs-node). */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type * as tf from '@tensorflow/tfjs';

interface ModelJson {
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  modelTopology: object;
  weightsManifest: Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }>;
  signature?: object;
  userDefinedMetadata?: { [key: string]: {} };
  modelInitializer?: object;
}

export function fileIOHandler(modelJsonPath: string): tf.io.IOHandler {
  return {
    async load(): Promise<tf.io.ModelArtifacts> {
      const json = JSON.parse(await readFile(modelJsonPath, 'utf8')) as ModelJson;
      const dir = path.dirname(modelJsonPath);
      const shards = await Promise.all(
        json.weightsManifest.flatMap((group) => group.paths).map((p) => readFile(path.join(dir, p))),
      );
      const total = shards.reduce((n, s) => n + s.length, 0);
      const weightData = new Uint8Array(total);
      let offset = 0;
      for (const s of shards) {
        weightData.set(s, offset);
        offset += s.length;
      }
      return {
        modelTopology: json.modelTopology,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy ?? undefined,
        weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
        weightData: weightData.buffer,
        signature: json.signature,
        userDefinedMetadata: json.userDefinedMetadata,
        modelInitializer: json.modelInitializer,
      };
    },
  };
}

/** True for a TF.js graph model (converted SavedModel), false for a layers model. */
export async function isGraphModelJson(modelJsonPath: string): Promise<boolean> {
  const json = JSON.parse(await readFile(modelJsonPath, 'utf8')) as ModelJson;
  return json.format === 'graph-model' || 'node' in json.modelTopology;
}
