/**
 * The health and metadata answers of the Open Inference Protocol v2 (REST form), built from what the
 * endpoint serves. Pure functions of (name, schema, deployed versions), so a view can show the same
 * answers from a lab snapshot that the endpoint gives.
 *
 * - `GET v2/health/live`  -> `{ live }`: the server can answer metadata and inference calls;
 * - `GET v2/health/ready` -> `{ ready }`: the server is ready for inference (here: production serves);
 * - `GET v2/models/<name>[/versions/<v>]/ready` -> `{ name, ready }`;
 * - `GET v2/models/<name>[/versions/<v>]` -> `{ name, versions, platform, inputs, outputs }`, each
 *   tensor `{ name, datatype, shape }` with -1 for a variable dimension (the row count);
 * - `GET v2` -> `{ name, version, extensions }`.
 *
 * An unknown model or version is a 404 ErrorResponse (`{ error }` plus the endpoint's kind and field).
 */
import type { DatasetSchema } from '../../datasets/types';
import { errorResponse, type ErrorResponse } from './protocol';

/** One tensor of a model's metadata: its name, datatype and shape (-1: any size). */
export interface MetadataTensor {
  name: string;
  datatype: string;
  shape: number[];
}

/** The model metadata response. */
export interface ModelMetadataResponse {
  name: string;
  /** The versions that serve now (production first, then candidate, then shadow). */
  versions: string[];
  platform: string;
  /** One input per feature (the column form); `parameters.tensor_input` describes the [rows, features] form. */
  inputs: MetadataTensor[];
  outputs: MetadataTensor[];
  parameters: { tensor_input: MetadataTensor & { columns: string[] } };
}

/** The server metadata response. */
export interface ServerMetadataResponse {
  name: string;
  version: string;
  extensions: string[];
}

/** The server liveness response. */
export interface ServerLiveResponse {
  live: boolean;
}

/** The server readiness response. */
export interface ServerReadyResponse {
  ready: boolean;
}

/** The model readiness response. */
export interface ModelReadyResponse {
  name: string;
  ready: boolean;
}

/** The platform string of every model here: TF.js layers models. */
export const PLATFORM = 'tensorflowjs_layers';
/** What `GET v2` names the server. */
export const SERVER_NAME = 'mlops-lab';
/** The protocol version the server speaks. */
export const SERVER_VERSION = '2';

/** The versions loaded per alias (null: none). */
export interface DeployedVersions {
  production: string | null;
  candidate: string | null;
  shadow: string | null;
}

function servingVersions(deployed: DeployedVersions): string[] {
  return [...new Set([deployed.production, deployed.candidate, deployed.shadow].filter((v): v is string => v !== null))];
}

/** A 404 for a model other than `name`, or a version that does not serve; null when the address is good. */
function addressProblem(name: string, deployed: DeployedVersions, model: string | undefined, version: string | undefined): ErrorResponse | null {
  if (model !== undefined && model !== name) return errorResponse('unknown-model', `there is no model ${JSON.stringify(String(model).slice(0, 64))}; this endpoint serves "${name}"`, 'model');
  if (version !== undefined && !servingVersions(deployed).includes(version)) {
    return errorResponse('unknown-model', `version ${JSON.stringify(String(version).slice(0, 64))} of "${name}" is not deployed (deployed: ${servingVersions(deployed).join(', ') || 'none'})`, 'version');
  }
  return null;
}

/** Model metadata of the endpoint's model (or one of its serving versions). */
export function modelMetadata(name: string, schema: DatasetSchema, deployed: DeployedVersions, model?: string, version?: string): ModelMetadataResponse | ErrorResponse {
  const problem = addressProblem(name, deployed, model, version);
  if (problem) return problem;
  const columns = schema.features.map((f) => f.name);
  return {
    name,
    versions: servingVersions(deployed),
    platform: PLATFORM,
    inputs: schema.features.map((f) => ({ name: f.name, datatype: f.type === 'categorical' ? 'BYTES' : 'FP32', shape: [-1] })),
    outputs: [
      { name: 'probabilities', datatype: 'FP32', shape: [-1, schema.classes.length] },
      { name: 'label', datatype: 'BYTES', shape: [-1] },
      { name: 'class_index', datatype: 'INT32', shape: [-1] },
    ],
    parameters: { tensor_input: { name: 'input-0', datatype: 'FP32', shape: [-1, columns.length], columns } },
  };
}

/**
 * Readiness: without a model, the server's (`{ ready }`: production serves); with one, that model's
 * (`{ name, ready }`: production serves, or with a version, that version serves). A model other
 * than `name` is a 404; a version that does not serve is ready: false.
 */
export function readiness(name: string, deployed: DeployedVersions, model?: string, version?: string): ServerReadyResponse | ModelReadyResponse | ErrorResponse {
  if (model === undefined && version === undefined) return { ready: deployed.production !== null };
  const problem = addressProblem(name, deployed, model, undefined);
  if (problem) return problem;
  const ready = version === undefined ? deployed.production !== null : servingVersions(deployed).includes(version);
  return { name, ready };
}

/** The server metadata response. */
export function serverMetadata(): ServerMetadataResponse {
  return { name: SERVER_NAME, version: SERVER_VERSION, extensions: [] };
}
