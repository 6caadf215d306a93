/**
 * Import of an exported version, checked before anything is built or written, cheapest check first:
 *
 * 1. the file: its size against the budget, JSON, the bundle's format tag, valid base64, and the
 *    declared `weights.bytes` against the bytes the base64 really holds;
 * 2. the model.json: format tag `layers-model`, the weight manifest (names, shapes, float32),
 *    the weight bytes against the manifest and against the weight budget;
 * 3. the topology, read without building it (topology.ts): supported layers, the input width
 *    against the schema's features, the output width against its classes, a softmax (or sigmoid)
 *    output, and every weight the layers own (names, shapes, so the parameter count) against the
 *    manifest — so TF.js never allocates a layer the bytes do not pay for;
 * 4. every float32 weight finite;
 * 5. the metadata (lineage, metrics, schema);
 * 6. only then, that TF.js builds the model (the build is disposed; if TF.js fails halfway, every
 *    variable it made is freed).
 *
 * Each failure is an ImportError with its own `reason`; the registry and `tf.memory().numTensors`
 * are as they were. An import always gets a NEW version id (it never overwrites); where it came
 * from is kept in `importedFrom`.
 */
import * as tf from '@tensorflow/tfjs';
import { artifactsToModel, DTYPE_BYTES, manifestBytes } from './artifacts';
import { decodeBase64 } from './base64';
import { ImportError } from './errors';
import { BUNDLE_FORMAT } from './export';
import type { ModelRegistry } from './registry';
import { readTopology, type TopologySummary } from './topology';
import type { StoredArtifacts, Version, VersionInfo, WeightSpec } from './types';
import { validateSchema, validateVersionInfo } from './validate';

/** The largest file an import reads (bytes of text), unless told otherwise. */
export const DEFAULT_MAX_IMPORT_BYTES = 32 * 1024 * 1024;
/** The largest weight buffer an import accepts (bytes), unless told otherwise: 4 million float32 parameters. */
export const DEFAULT_MAX_WEIGHT_BYTES = 16 * 1024 * 1024;
/** The only model format an import takes: TF.js layers models (a graph model is not a Keras-style model). */
export const MODEL_FORMAT = 'layers-model';
/** Output activations whose values are probabilities in [0, 1]. */
export const PROBABILITY_ACTIVATIONS: readonly string[] = ['softmax', 'sigmoid'];

/** Options of the imports. */
export interface ImportOptions {
  /** Largest file (bytes of text). */
  maxBytes?: number;
  /** Largest weight buffer (bytes). */
  maxWeightBytes?: number;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function shapeError(field: string, reason: string): never {
  throw new ImportError('bad-shape', `${field}: ${reason}`, { field });
}

function checkManifest(modelJson: unknown): { topology: object; specs: WeightSpec[]; format: string } {
  if (!isObject(modelJson)) shapeError('modelJson', 'must be an object (a TF.js model.json)');
  if (modelJson.format !== undefined && modelJson.format !== MODEL_FORMAT) {
    throw new ImportError('bad-format', `modelJson.format: must be "${MODEL_FORMAT}", got ${JSON.stringify(modelJson.format)}`, { field: 'modelJson.format' });
  }
  if (!isObject(modelJson.modelTopology)) shapeError('modelJson.modelTopology', 'must be an object');
  const manifest = modelJson.weightsManifest;
  if (!Array.isArray(manifest) || manifest.length === 0) shapeError('modelJson.weightsManifest', 'must be a non-empty list');
  const specs: WeightSpec[] = [];
  manifest.forEach((group: unknown, g: number) => {
    if (!isObject(group) || !Array.isArray(group.weights)) shapeError(`modelJson.weightsManifest[${g}].weights`, 'must be a list');
    group.weights.forEach((w: unknown, i: number) => {
      const at = `modelJson.weightsManifest[${g}].weights[${i}]`;
      if (!isObject(w) || typeof w.name !== 'string') shapeError(`${at}.name`, 'must be a string');
      if (!Array.isArray(w.shape) || w.shape.length > 8 || !w.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) shapeError(`${at}.shape`, 'must be a list of at most 8 non-negative integers');
      if (w.dtype !== 'float32' && w.dtype !== 'int32' && w.dtype !== 'bool') shapeError(`${at}.dtype`, 'must be float32, int32 or bool');
      if (w.quantization !== undefined) shapeError(`${at}.quantization`, 'quantized weights are not supported');
      specs.push({ name: w.name, shape: [...(w.shape as number[])], dtype: w.dtype });
    });
  });
  return { topology: modelJson.modelTopology, specs, format: MODEL_FORMAT };
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

/** The topology against the manifest and the schema, before anything is built. */
function checkTopology(topology: object, specs: readonly WeightSpec[], info: VersionInfo, maxWeightBytes: number): TopologySummary {
  const summary = readTopology(topology);
  const features = info.schema.features.length;
  const classes = info.schema.classes.length;
  if (summary.params * 4 > maxWeightBytes) throw new ImportError('too-large', `the topology declares ${summary.params} parameters (${summary.params * 4} bytes); the limit is ${maxWeightBytes} bytes`, { params: summary.params, maxWeightBytes });
  if (summary.inputs !== features) throw new ImportError('schema-mismatch', `the model takes input shape [n, ${summary.inputs}] but the schema has ${features} features`, { field: 'input', expected: features, got: summary.inputs });
  if (summary.outputs !== classes) throw new ImportError('schema-mismatch', `the model gives output shape [n, ${summary.outputs}] but the schema has ${classes} classes`, { field: 'output', expected: classes, got: summary.outputs });
  if (!PROBABILITY_ACTIVATIONS.includes(summary.outputActivation)) {
    throw new ImportError('not-probabilities', `the model's output activation is "${summary.outputActivation}"; an endpoint answers probabilities, so it must be ${PROBABILITY_ACTIVATIONS.join(' or ')}`, { field: 'output', activation: summary.outputActivation });
  }
  const declared = specs.reduce((sum, s) => sum + s.shape.reduce((a, b) => a * b, 1), 0);
  if (declared !== summary.params) throw new ImportError('bad-topology', `the topology's layers hold ${summary.params} parameters but the weight manifest lists ${declared}`, { expected: summary.params, got: declared });
  // TF.js matches weights by name (a frozen layer's weights are saved after the trainable ones), so
  // the manifest must list exactly the topology's weights, each with its shape, in any order.
  const listed = new Map(specs.map((s) => [s.name, s]));
  if (listed.size !== specs.length) throw new ImportError('bad-topology', 'the weight manifest lists a weight name twice', {});
  if (specs.length !== summary.weights.length) throw new ImportError('bad-topology', `the topology's layers own ${summary.weights.length} weights but the manifest lists ${specs.length}`, { expected: summary.weights.length, got: specs.length });
  for (const w of summary.weights) {
    const s = listed.get(w.name);
    if (!s) throw new ImportError('bad-topology', `the topology needs weight ${w.name} [${w.shape.join(', ')}], which the manifest does not list`, { expected: w });
    if (s.dtype !== 'float32' || s.shape.join(',') !== w.shape.join(',')) {
      throw new ImportError('bad-topology', `weight ${s.name} is [${s.shape.join(', ')}] ${s.dtype} in the manifest; the topology needs [${w.shape.join(', ')}] float32`, { expected: w, got: s });
    }
  }
  return summary;
}

/** Every float32 weight finite (a NaN or infinite weight serves garbage). */
function checkFinite(bytes: ArrayBuffer, specs: readonly WeightSpec[]): void {
  let offset = 0;
  for (const spec of specs) {
    const count = spec.shape.reduce((a, b) => a * b, 1);
    const size = count * (DTYPE_BYTES[spec.dtype] as number);
    if (spec.dtype === 'float32') {
      const values = offset % 4 === 0 ? new Float32Array(bytes, offset, count) : new Float32Array(bytes.slice(offset, offset + size));
      for (let k = 0; k < values.length; k++) {
        if (!Number.isFinite(values[k])) throw new ImportError('non-finite-weights', `weight ${spec.name} holds ${values[k]} at index ${k}; every weight must be a finite number`, { weight: spec.name, index: k });
      }
    }
    offset += size;
  }
}

/**
 * Builds the model once to prove TF.js can, and checks its input and output. Whatever happens, the
 * build is disposed, and if TF.js throws halfway, every variable it registered meanwhile is freed.
 */
async function checkModel(artifacts: StoredArtifacts, info: VersionInfo): Promise<void> {
  const before = new Set(Object.keys(tf.engine().registeredVariables));
  let model: tf.LayersModel;
  try {
    model = await artifactsToModel(artifacts);
  } catch (error) {
    for (const [name, variable] of Object.entries(tf.engine().registeredVariables)) if (!before.has(name)) variable.dispose();
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

/** What a checked import registers. */
export interface CheckedImport {
  artifacts: StoredArtifacts;
  info: VersionInfo;
  origin: Version['importedFrom'];
}

/**
 * Every check of an import that needs no TF.js (steps 1-5): nothing is built or allocated. Returns
 * what `proveLoadable` and then `registerArtifacts` take.
 */
export function precheckImport(files: { modelJson: unknown; weights: ArrayBuffer | Uint8Array; metadata: unknown }, options: ImportOptions = {}): CheckedImport {
  const maxWeightBytes = options.maxWeightBytes ?? DEFAULT_MAX_WEIGHT_BYTES;
  const { topology, specs, format } = checkManifest(files.modelJson);
  const size = files.weights.byteLength;
  if (size > maxWeightBytes) throw new ImportError('too-large', `the weights are ${size} bytes; the limit is ${maxWeightBytes}`, { size, maxWeightBytes });
  const expected = manifestBytes(specs);
  if (size !== expected) throw new ImportError('weights-size', `the weights hold ${size} bytes but the manifest needs ${expected}`, { expected, got: size });
  const { info, origin } = checkMetadata(files.metadata);
  checkTopology(topology, specs, info, maxWeightBytes);
  const bytes = files.weights instanceof Uint8Array ? files.weights.slice().buffer : files.weights.slice(0);
  checkFinite(bytes, specs);
  const artifacts: StoredArtifacts = { modelTopology: structuredClone(topology), weightSpecs: specs, weightData: bytes, format };
  return { artifacts, info, origin };
}

/** Step 6: builds the checked model once (then disposes it) to prove TF.js loads it with the schema's input and output. */
export async function proveLoadable(checked: Pick<CheckedImport, 'artifacts' | 'info'>): Promise<void> {
  await checkModel(checked.artifacts, checked.info);
}

/** Checks an import completely (steps 1-6) without registering anything. */
export async function checkImport(files: { modelJson: unknown; weights: ArrayBuffer | Uint8Array; metadata: unknown }, options: ImportOptions = {}): Promise<CheckedImport> {
  const checked = precheckImport(files, options);
  await proveLoadable(checked);
  return checked;
}

/** Imports TF.js artifacts (`model.json` parsed, the weights bytes) plus metadata as a new version. */
export async function importFiles(registry: ModelRegistry, files: { modelJson: unknown; weights: ArrayBuffer | Uint8Array; metadata: unknown }, options: ImportOptions = {}): Promise<Version> {
  const { artifacts, info, origin } = await checkImport(files, options);
  return registry.registerArtifacts(artifacts, info, origin);
}

/** Reads a one-file export (text or bytes of JSON) into the files an import checks. */
export function readBundle(file: string | ArrayBuffer | Uint8Array, options: ImportOptions = {}): { modelJson: unknown; weights: Uint8Array; metadata: unknown } {
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
  return bundleFiles(parsed);
}

/** The files inside an already parsed one-file export (format tag, base64, declared byte count checked). */
export function bundleFiles(parsed: unknown): { modelJson: unknown; weights: Uint8Array; metadata: unknown } {
  if (!isObject(parsed)) shapeError('file', 'must be a JSON object');
  if (parsed.format !== BUNDLE_FORMAT) throw new ImportError('bad-format', `format: must be "${BUNDLE_FORMAT}", got ${JSON.stringify(parsed.format)}`, { field: 'format' });
  const weights = parsed.weights;
  if (!isObject(weights) || typeof weights.base64 !== 'string') shapeError('weights.base64', 'must be base64 text');
  if (!Number.isSafeInteger(weights.bytes) || (weights.bytes as number) < 0) shapeError('weights.bytes', 'must be the byte count of the weights');
  const bytes = decodeBase64(weights.base64);
  if (!bytes) shapeError('weights.base64', 'is not valid base64');
  if (bytes.byteLength !== weights.bytes) throw new ImportError('weights-size', `weights.bytes declares ${weights.bytes as number} bytes but the base64 holds ${bytes.byteLength}`, { expected: weights.bytes, got: bytes.byteLength, field: 'weights.bytes' });
  return { modelJson: parsed.modelJson, weights: bytes, metadata: parsed.metadata };
}

/** Imports a one-file export (text or bytes of JSON) as a new version. */
export async function importBundle(registry: ModelRegistry, file: string | ArrayBuffer | Uint8Array, options: ImportOptions = {}): Promise<Version> {
  return importFiles(registry, readBundle(file, options), options);
}
