/** SHA-256 over exact bytes, for golden hashes of seeded output. */
import { createHash } from 'node:crypto';
import type { DataBatch, ScenarioRecord } from '../../../datasets/index';

/** Hex SHA-256 of a batch's feature bytes (float32) followed by its label bytes (int32). */
export function hashBatch(batch: DataBatch): string {
  return createHash('sha256')
    .update(new Uint8Array(batch.features.buffer, batch.features.byteOffset, batch.features.byteLength))
    .update(new Uint8Array(batch.labels.buffer, batch.labels.byteOffset, batch.labels.byteLength))
    .digest('hex');
}

/** Hex SHA-256 of `n` scenario records: each row's float64 bytes, then label, concept, segment, incidents and label feed as JSON. */
export function hashRecords(next: () => ScenarioRecord, n: number): string {
  const h = createHash('sha256');
  for (let i = 0; i < n; i++) {
    const r = next();
    h.update(new Uint8Array(r.row.buffer, r.row.byteOffset, r.row.byteLength));
    h.update(JSON.stringify([r.index, r.label, r.concept, r.segment, r.incidents, r.labelStall, r.labelDelay]));
  }
  return h.digest('hex');
}
