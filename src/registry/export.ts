/**
 * Export of a version: as TF.js artifacts (`model.json` + one weights file, what `tf.loadLayersModel`
 * reads) plus a metadata file, or as one self-contained JSON file with the weights in base64.
 */
import { modelJson } from './artifacts';
import { encodeBase64 } from './base64';
import type { ModelRegistry } from './registry';
import type { Version } from './types';

/** The `format` tag of a one-file export. */
export const BUNDLE_FORMAT = 'mlops-lab/version';
/** The layout version of a one-file export. */
export const BUNDLE_FORMAT_VERSION = 1;
/** The weights file name that `model.json` points at. */
export const WEIGHTS_FILE = 'weights.bin';

/** A version as three files: `model.json`, `weights.bin`, `metadata.json`. */
export interface ExportedFiles {
  modelJson: Record<string, unknown>;
  weights: ArrayBuffer;
  metadata: Version;
}

/** The one-file export (JSON). */
export interface VersionBundle {
  format: typeof BUNDLE_FORMAT;
  formatVersion: number;
  exportedAt: string;
  metadata: Version;
  modelJson: Record<string, unknown>;
  weights: { path: string; bytes: number; base64: string };
}

/** Exports a version as TF.js artifacts plus its metadata. */
export async function exportFiles(registry: ModelRegistry, id: string): Promise<ExportedFiles> {
  const metadata = registry.get(id);
  const artifacts = await registry.artifacts(id);
  return { modelJson: modelJson(artifacts, WEIGHTS_FILE), weights: artifacts.weightData, metadata: structuredClone(metadata) };
}

/** Exports a version as one self-contained JSON text. */
export async function exportBundle(registry: ModelRegistry, id: string, exportedAt: Date = new Date()): Promise<string> {
  const files = await exportFiles(registry, id);
  const bundle: VersionBundle = {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_FORMAT_VERSION,
    exportedAt: exportedAt.toISOString(),
    metadata: files.metadata,
    modelJson: files.modelJson,
    weights: { path: WEIGHTS_FILE, bytes: files.weights.byteLength, base64: encodeBase64(new Uint8Array(files.weights)) },
  };
  return JSON.stringify(bundle);
}
