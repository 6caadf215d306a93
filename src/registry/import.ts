/**
 * Import of an exported version, checked step by step before anything is written: size, JSON,
 * shape of the file, weight byte count against the manifest, that TF.js can build the model, and
 * that its input and output shapes fit the schema in the metadata. Each failure is an ImportError
 * with its own `reason`; the registry is unchanged. An import always gets a NEW version id (it never
 * overwrites); where it came from is kept in `importedFrom`.
 */
import type * as tf from '@tensorflow/tfjs';
import { artifactsToModel, manifestBytes } from './artifacts';
import { decodeBase64 } from './base64';
import { ImportError } from './errors';
import { BUNDLE_FORMAT } from './export';
import type { ModelRegistry } from './registry';
import type { StoredArtifacts, Version, VersionInfo, WeightSpec } from './types';
import { validateSchema, validateVersionInfo } from './validate';

/** The largest file an import reads (bytes of text), unless told otherwise. */
export const DEFAULT_MAX_IMPORT_BYTES = 32 * 1024 * 1024;

/** Options of the imports. */
export interface ImportOptions {
  maxBytes?: number;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function shapeError(field: string, reason: string): never {
  throw new ImportError('bad-shape', `${field}: ${reason}`, { field });
}

function checkManifest(modelJson: unknown): { topology: object; specs: WeightSpec[]; format: string } {
  if (!isObject(modelJson)) shapeError('modelJson', 'must be an object (a TF.js model.json)');
  if (!isObject(modelJson.modelTopology)) shapeError('modelJson.modelTopology', 'must be an object');
  const manifest = modelJson.weightsManifest;
  if (!Array.isArray(manifest) || manifest.length === 0) shapeError('modelJson.weightsManifest', 'must be a non-empty list');
  const specs: WeightSpec[] = [];
  manifest.forEach((group: unknown, g: number) => {
    if (!isObject(group) || !Array.isArray(group.weights)) shapeError(`modelJson.weightsManifest[${g}].weights`, 'must be a list');
    group.weights.forEach((w: unknown, i: number) => {
      const at = `modelJson.weightsManifest[${g}].weights[${i}]`;
      if (!isObject(w) || typeof w.name !== 'string') shapeError(`${at}.name`, 'must be a string');
      if (!Array.isArray(w.shape) || !w.shape.every((d) => Number.isInteger(d) && d >= 0)) shapeError(`${at}.shape`, 'must be a list of non-negative integers');
      if (w.dtype !== 'float32' && w.dtype !== 'int32' && w.dtype !== 'bool') shapeError(`${at}.dtype`, 'must be float32, int32 or bool');
      if (w.quantization !== undefined) shapeError(`${at}.quantization`, 'quantized weights are not supported');
      specs.push(w as unknown as WeightSpec);
    });
  });
  const format = typeof modelJson.format === 'string' ? modelJson.format : 'layers-model';
  return { topology: modelJson.modelTopology, specs, format };
}

function checkMetadata(metadata: unknown): { info: VersionInfo; origin: Version['importedFrom'] } {
  if (!isObject(metadata)) shapeError('metadata', 'must be an object');
  try {
    validateSchema(metadata.schema, 'metadata.schema');
    validateVersionInfo(metadata);
  } catch (error) {
    shapeError('metadata', (error as Error).message);
  }
  const { id, seq: _seq, parent: _parent, created, importedFrom: _from, ...rest } = metadata;
  const createdAt = isObject(created) && typeof created.wallTime === 'string' ? created.wallTime : undefined;
  const simTime = isObject(created) && Number.isFinite(created.simTime) ? (created.simTime as number) : 0;
  const info = { ...(rest as unknown as VersionInfo), parent: null, simTime };
  return { info, origin: { id: typeof id === 'string' ? id : 'unknown', ...(createdAt ? { exportedAt: createdAt } : {}) } };
}

async function checkModel(artifacts: StoredArtifacts, info: VersionInfo): Promise<void> {
  let model: tf.LayersModel;
  try {
    model = await artifactsToModel(artifacts);
  } catch (error) {
    throw new ImportError('not-loadable', `TF.js could not build the model: ${(error as Error).message}`);
  }
  try {
    const input = model.inputs[0]?.shape ?? [];
    const output = model.outputs[0]?.shape ?? [];
    const features = info.schema.features.length;
    const classes = info.schema.classes.length;
    if (model.inputs.length !== 1 || input.length !== 2 || input[1] !== features) {
      throw new ImportError('schema-mismatch', `the model takes input shape [${input.map((d) => d ?? 'n').join(', ')}] but the schema has ${features} features`, { field: 'input', expected: features, got: input[1] ?? null });
    }
    if (model.outputs.length !== 1 || output.length !== 2 || output[1] !== classes) {
      throw new ImportError('schema-mismatch', `the model gives output shape [${output.map((d) => d ?? 'n').join(', ')}] but the schema has ${classes} classes`, { field: 'output', expected: classes, got: output[1] ?? null });
    }
  } finally {
    model.dispose();
  }
}

/** Imports TF.js artifacts (`model.json` parsed, the weights bytes) plus metadata as a new version. */
export async function importFiles(registry: ModelRegistry, files: { modelJson: unknown; weights: ArrayBuffer | Uint8Array; metadata: unknown }): Promise<Version> {
  const { topology, specs, format } = checkManifest(files.modelJson);
  const { info, origin } = checkMetadata(files.metadata);
  const bytes = files.weights instanceof Uint8Array ? files.weights.slice().buffer : files.weights.slice(0);
  const expected = manifestBytes(specs);
  if (bytes.byteLength !== expected) {
    throw new ImportError('weights-size', `the weights hold ${bytes.byteLength} bytes but the manifest needs ${expected}`, { expected, got: bytes.byteLength });
  }
  const artifacts: StoredArtifacts = { modelTopology: topology, weightSpecs: specs, weightData: bytes, format };
  await checkModel(artifacts, info);
  return registry.registerArtifacts(artifacts, info, origin);
}

/** Imports a one-file export (text or bytes of JSON) as a new version. */
export async function importBundle(registry: ModelRegistry, file: string | ArrayBuffer | Uint8Array, options: ImportOptions = {}): Promise<Version> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_IMPORT_BYTES;
  const size = typeof file === 'string' ? file.length : file.byteLength;
  if (size > maxBytes) throw new ImportError('too-large', `the file is ${size} bytes; the limit is ${maxBytes}`, { size, maxBytes });
  const text = typeof file === 'string' ? file : new TextDecoder().decode(file);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ImportError('not-json', `the file is not JSON: ${(error as Error).message}`);
  }
  if (!isObject(parsed)) shapeError('file', 'must be a JSON object');
  if (parsed.format !== BUNDLE_FORMAT) shapeError('format', `must be "${BUNDLE_FORMAT}", got ${JSON.stringify(parsed.format)}`);
  const weights = parsed.weights;
  if (!isObject(weights) || typeof weights.base64 !== 'string') shapeError('weights.base64', 'must be base64 text');
  const bytes = decodeBase64(weights.base64);
  if (!bytes) shapeError('weights.base64', 'is not valid base64');
  return importFiles(registry, { modelJson: parsed.modelJson, weights: bytes, metadata: parsed.metadata });
}
