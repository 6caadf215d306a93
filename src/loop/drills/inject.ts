/**
 * What each incident does to a running lab (the drills' faults, kept out of the engine): the state
 * changes the per-request path and the trainer consult (incidents.ts `IncidentState`), and the
 * schema-break drill's broken endpoint config.
 */
import type { DatasetSchema } from '../../../datasets/types';
import type { ModelRegistry } from '../../registry/index';
import { LabCommandError } from '../engine/errors';
import type { IncidentKind, IncidentState } from './incidents';

export type { IncidentKind } from './incidents';

/** Share of labels the label-noise drill flips. */
export const FLIP_SHARE = 0.3;

/**
 * The state an incident sets, injected when `position` requests were sent. Drills that act at once
 * (regression-after-deploy trains a bad candidate, schema-break redeploys) set nothing here.
 */
export function incidentEffects(kind: IncidentKind, position: number): Partial<IncidentState> {
  switch (kind) {
    case 'silent-accuracy-drop':
      return { muted: true };
    case 'stale-training-data':
      return { frozenData: true };
    case 'label-noise':
      return { labelFlip: { from: position, share: FLIP_SHARE } };
    case 'label-stall':
      return { labelStall: true };
    case 'training-diverges':
      return { learningRate: 1e6 };
    default:
      return {};
  }
}

/** The schema-break drill's release: production's model registered again behind a schema whose first feature was renamed. */
export interface BrokenRelease {
  /** The new version (same weights) and the one it copies. */
  version: string;
  source: string;
  /** The endpoint schema with the renamed field. */
  schema: DatasetSchema;
}

/** Registers production's model again with endpoint config v2 (its first feature renamed); the caller deploys it. */
export async function breakSchema(registry: ModelRegistry, schema: DatasetSchema, simTime: number): Promise<BrokenRelease> {
  const production = registry.current('production');
  if (!production) throw new LabCommandError('injectIncident', 'schema-break needs a production version');
  const first = schema.features[0];
  if (!first) throw new LabCommandError('injectIncident', 'the schema has no feature');
  const broken: DatasetSchema = { ...schema, features: schema.features.map((f, j) => (j === 0 ? { ...f, name: `${f.name}_v2` } : f)) };
  const source = registry.get(production);
  const artifacts = await registry.artifacts(production);
  const copy = await registry.registerArtifacts(artifacts, { trigger: 'drill', data: source.data, model: source.model, hyperParameters: source.hyperParameters, backend: source.backend, evaluation: source.evaluation, schema: broken, notes: `endpoint config v2: feature "${first.name}" renamed to "${first.name}_v2"`, simTime, parent: production });
  return { version: copy.id, source: production, schema: broken };
}
