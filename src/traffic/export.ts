/**
 * Stream records as text for notebooks: CSV (a header, then one line per request) and JSON Lines.
 * Columns: index, id, t, every feature (category names for categorical ones; empty when missing or
 * null), label (class index), class (its name), concept, segment, defect, label_at (empty: never).
 */
import type { DatasetSchema } from '../../datasets/types';
import type { StreamRecord } from './stream';

/** The output formats of the data command. */
export type ExportFormat = 'csv' | 'jsonl';

/** A CSV field, quoted when it holds a comma, a quote or a line break. */
function field(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : JSON.stringify(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The CSV header line (with its newline). */
export function csvHeader(schema: DatasetSchema): string {
  return `${['index', 'id', 't', ...schema.features.map((f) => f.name), 'label', 'class', 'concept', 'segment', 'defect', 'label_at'].map(field).join(',')}\n`;
}

/** One record as a CSV line (with its newline). */
export function csvLine(schema: DatasetSchema, r: StreamRecord): string {
  const parts = [String(r.index), field(r.request.id), String(r.request.t)];
  for (const f of schema.features) parts.push(field(r.request.features[f.name]));
  parts.push(String(r.label), field(schema.classes[r.label]), field(r.concept), String(r.segment), field(r.defect), r.labelAt === null ? '' : String(r.labelAt));
  return `${parts.join(',')}\n`;
}

/** One record as a JSON line (with its newline). NaN, which JSON cannot hold, is written as null; `defect` says so. */
export function jsonLine(schema: DatasetSchema, r: StreamRecord): string {
  return `${JSON.stringify({
    index: r.index,
    id: r.request.id,
    t: r.request.t,
    features: r.request.features,
    label: r.label,
    class: schema.classes[r.label],
    concept: r.concept,
    segment: r.segment,
    ...(r.defect ? { defect: r.defect, defect_feature: r.defectFeature } : {}),
    label_at: r.labelAt,
  })}\n`;
}
