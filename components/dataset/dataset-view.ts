/**
 * What `<mlops-dataset>` shows, as plain data: the scenario a Lab runs (its story, dataset, length),
 * the dataset's schema (features with type, range, unit and meaning; the classes), and the
 * scenario's drift ground truth as rows in words, each placed against where the stream is now.
 * Pure: no DOM, no Lab, no ML — the catalogue and the scenario library are read as they are.
 */
import { createDataset } from '../../datasets/catalog';
import type { ChangeKind } from '../../datasets/ground-truth';
import type { Scenario } from '../../datasets/scenarios/types';
import type { DatasetSchema } from '../../datasets/types';
import type { LabSnapshot, RunInfo } from '../../src/loop/engine/snapshot';
import { lookupScenario } from '../../src/loop/engine/scenarios';

/** One feature as a learner reads it. */
export interface FeatureRow {
  name: string;
  type: 'numeric' | 'categorical';
  /** "-1.5 to 2.5 cm", "one of red, green, blue", or "any value". */
  values: string;
  description: string;
}

/** The scenario and its dataset, described. */
export interface ScenarioInfo {
  name: string;
  description: string;
  /** Records the story needs (null when described from a run, which does not say). */
  length: number | null;
  dataset: { id: string; title: string; description: string; features: FeatureRow[]; classes: string[] } | null;
  /** For an imported dataset (no schema in the catalogue): its name. */
  imported: string | null;
}

/** A number as it reads in a range: at most 3 significant decimals, no trailing zeros. */
function num(x: number): string {
  return String(Math.round(x * 1000) / 1000);
}

/** Describes a scenario (by name from the library, or as given); throws the Lab's LabCommandError for an unknown name. */
export function scenarioInfo(scenario: string | Scenario): ScenarioInfo {
  const s = lookupScenario(scenario);
  const base = { name: s.name, description: s.description, length: s.length };
  if (s.dataset.id === 'imported') return { ...base, dataset: null, imported: s.dataset.name };
  const d = createDataset(s.dataset);
  return { ...base, dataset: { id: d.id, title: d.title, description: d.description, features: featureRows(d.schema), classes: [...d.schema.classes] }, imported: null };
}

/**
 * What a run says about its scenario and data: the catalogue's description when it names the same
 * scenario (`known`), else the run's own (scenario name and description, the schema's features and
 * classes), so the view describes the run the Lab really runs, never a guess.
 */
export function runScenarioInfo(run: RunInfo, known: ScenarioInfo | null): ScenarioInfo {
  if (known && known.name === run.scenario.name) return known;
  return {
    name: run.scenario.name,
    description: run.scenario.description,
    length: null,
    dataset: { id: '', title: '', description: '', features: featureRows(run.schema), classes: [...run.schema.classes] },
    imported: null,
  };
}

/** The features of a schema as a learner reads them. */
function featureRows(schema: DatasetSchema): FeatureRow[] {
  return schema.features.map((f) => ({
    name: f.name,
    type: f.type,
    values:
      f.type === 'categorical'
        ? `one of ${(f.categories ?? []).join(', ') || 'its categories'}`
        : f.range
          ? `${num(f.range[0])} to ${num(f.range[1])}${f.unit ? ` ${f.unit}` : ''}`
          : `any value${f.unit ? ` (${f.unit})` : ''}`,
    description: f.description ?? '',
  }));
}

/** Where a change is relative to the stream now. */
export type ChangePhase = 'ahead' | 'under way' | 'over';

/** One change of the ground truth, for a table. */
export interface TruthRow {
  kind: string;
  /** The kind in plain words (what moves). */
  kindText: string;
  onset: number;
  end: number | null;
  description: string;
  phase: ChangePhase;
  /** Where it is, in words: "starts at request 5,000 (in 1,200 requests)", ... */
  when: string;
}

const KIND_TEXT: Readonly<Record<ChangeKind, string>> = {
  covariate: 'Covariate drift: the inputs move, the rule that labels them does not.',
  concept: 'Concept drift: the same inputs now get other labels.',
  prior: 'Prior shift: the mix of classes changes.',
  sensor: 'Sensor degradation: the readings get noisier or weaker.',
  'unit-change': 'Not drift but a bug: a feature arrives in another unit.',
  'missing-field': 'Not drift but a bug: a field goes missing.',
  'out-of-range': 'Not drift but a bug: values fall outside the expected range.',
  'label-stall': 'Not drift but a stall: the true answers stop arriving.',
};

/** The plain-words explanation of a change kind (the kind itself for one this view does not know). */
export function kindText(kind: string): string {
  return (KIND_TEXT as Readonly<Record<string, string>>)[kind] ?? kind;
}

const n = (x: number) => x.toLocaleString('en-US');

/** The ground truth as rows, each placed against `position` (the stream's next request index). */
export function truthRows(groundTruth: LabSnapshot['groundTruth'], position: number): TruthRow[] {
  return groundTruth.map((g) => {
    const phase: ChangePhase = position < g.onset ? 'ahead' : g.end !== null && position >= g.end ? 'over' : 'under way';
    const span = g.end === null ? `from request ${n(g.onset)} on` : g.end === g.onset ? `at request ${n(g.onset)}` : `from request ${n(g.onset)} to ${n(g.end)}`;
    const when = phase === 'ahead' ? `${span} (in ${n(g.onset - position)} requests)` : phase === 'over' ? `${span} (complete)` : `${span} (under way now)`;
    return { kind: g.kind, kindText: kindText(g.kind), onset: g.onset, end: g.end, description: g.description, phase, when };
  });
}

/** One sentence on the ground truth as a whole. */
export function truthSummary(rows: readonly TruthRow[]): string {
  if (rows.length === 0) return 'Nothing changes in this scenario: any alarm here is a false alarm.';
  const ahead = rows.filter((r) => r.phase === 'ahead').length;
  const now = rows.filter((r) => r.phase === 'under way').length;
  return `${rows.length} change${rows.length === 1 ? '' : 's'} in this scenario: ${rows.length - ahead - now} complete, ${now} under way, ${ahead} still ahead. The detectors and alerts do not see this list; it is the answer they are scored against.`;
}
