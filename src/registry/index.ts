/** The model registry: versions, aliases, deployment history, release records, persistence, export/import. */
export * from './types';
export * from './errors';
export { ModelRegistry, type Commit, type MoveContext, type PromotionContext, type RegistryOptions } from './registry';
export type { RegistryStore, StoreFaults } from './store';
export { MemoryStore } from './memory-store';
export { IndexedDbStore, REGISTRY_DB_VERSION } from './idb-store';
export { modelToArtifacts, artifactsToModel, artifactsLoader, manifestBytes } from './artifacts';
export { currentOf, liveAt, rollbackTarget } from './history';
export { checkMoves, checkReleases, checkVersionSeqs, HistoryError, type HistoryFault, type VersionFacts } from './history-check';
export { validateSchema, validateVersionInfo } from './validate';
export { exportBundle, exportFiles, BUNDLE_FORMAT, WEIGHTS_FILE, type ExportedFiles, type VersionBundle } from './export';
export { importBundle, importFiles, checkImport, precheckImport, proveLoadable, type CheckedImport, readBundle, bundleFiles, DEFAULT_MAX_IMPORT_BYTES, DEFAULT_MAX_WEIGHT_BYTES, MODEL_FORMAT, PROBABILITY_ACTIVATIONS, type ImportOptions } from './import';
export { readTopology, MAX_UNITS, type TopologySummary, type ExpectedWeight } from './topology';
export { encodeBase64, decodeBase64 } from './base64';
export { SessionStorage, SESSION_DB_NAME, SESSION_DB_VERSION, OPEN_TIMEOUT_MS, type SessionStorageOptions } from './session-idb';
