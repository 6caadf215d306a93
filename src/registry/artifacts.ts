/**
 * A LayersModel to and from TF.js artifacts (topology + weight manifest + weight bytes), through
 * TF.js's own IOHandlers (`withSaveHandler`, `fromMemory`), so what the registry stores is exactly
 * what `tf.loadLayersModel` reads back.
 */
import * as tf from '@tensorflow/tfjs';
import '../model/seeded-dropout';
import type { StoredArtifacts, WeightSpec } from './types';

/** Bytes per element of each dtype a weight manifest may name. */
export const DTYPE_BYTES: Readonly<Record<string, number>> = { float32: 4, int32: 4, bool: 1 };

/** The byte count a manifest implies: the sum over weights of (product of shape) x bytes per dtype. */
export function manifestBytes(specs: readonly WeightSpec[]): number {
  let total = 0;
  for (const spec of specs) {
    const per = DTYPE_BYTES[spec.dtype];
    if (per === undefined) return Number.NaN;
    total += spec.shape.reduce((a, b) => a * b, 1) * per;
  }
  return total;
}

/** Serializes a model's topology and current weights (one contiguous weight buffer). */
export async function modelToArtifacts(model: tf.LayersModel): Promise<StoredArtifacts> {
  let saved: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  const a = saved as tf.io.ModelArtifacts | null;
  if (!a || !a.modelTopology || !a.weightSpecs || a.weightData === undefined) throw new Error('the model saved no topology or weights');
  return {
    modelTopology: a.modelTopology as object,
    weightSpecs: a.weightSpecs as WeightSpec[],
    weightData: tf.io.CompositeArrayBuffer.join(a.weightData).slice(0),
    format: a.format ?? 'layers-model',
    generatedBy: a.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version_layers}`,
    convertedBy: a.convertedBy ?? null,
  };
}

/** A TF.js load handler over artifacts fetched on demand (e.g. from a registry store). */
export function artifactsLoader(fetch: () => Promise<StoredArtifacts>): tf.io.IOHandler {
  return {
    load: async () => {
      const a = await fetch();
      return { modelTopology: a.modelTopology, weightSpecs: a.weightSpecs as tf.io.WeightsManifestEntry[], weightData: a.weightData, format: a.format ?? 'layers-model' };
    },
  };
}

/** Builds a LayersModel from stored artifacts (the caller owns and disposes it). */
export async function artifactsToModel(artifacts: StoredArtifacts): Promise<tf.LayersModel> {
  return tf.loadLayersModel(artifactsLoader(async () => artifacts));
}

/** The `model.json` of the artifacts (TF.js's layers-model format), pointing at one weights file. */
export function modelJson(artifacts: StoredArtifacts, weightsPath: string): Record<string, unknown> {
  return {
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy ?? 'mlops-lab',
    convertedBy: artifacts.convertedBy ?? null,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: [weightsPath], weights: artifacts.weightSpecs }],
  };
}
