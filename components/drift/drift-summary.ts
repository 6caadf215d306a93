/**
 * The drift view in words: what the table's numbers mean (method, threshold, how to read the value),
 * which features drift now, and when each detector alarmed relative to the real drift ("ADWIN alarmed
 * at request 4,694, 694 after the drift began"), for screen readers and for everyone who wants the
 * sentence rather than the chart. Pure: no DOM.
 */
import type { DriftView, FeatureDriftRow } from '../../src/loop/observers/drift-view';
import { count } from '../monitor/monitor-summary';
import { bandName } from '../monitor/truth-bands';
import { DETECTOR_NAMES, type DriftTable, type DriftTimeline } from './drift-history';

/** A statistic's value as the table shows it (3 decimals, 1 from 10 up; "—" for a non-finite value, never "NaN"). */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return '—';
  return value >= 10 ? value.toFixed(1) : value.toFixed(3);
}

/** "drifting (major)" / "drifting" / "not drifting": the verdict in words. */
export function verdict(row: Pick<FeatureDriftRow, 'drifting' | 'level'>): string {
  if (!row.drifting) return 'No';
  return row.level === 'major' ? 'Yes (major shift)' : row.level === 'moderate' ? 'Yes (moderate shift)' : 'Yes';
}

/** What the table compares and how to read its numbers (the table's caption). */
export function tableCaption(view: DriftView | null): string {
  if (!view) return 'Feature drift: waiting for the lab.';
  const ref = view.reference.source === 'training-data' ? `the ${count(view.reference.rows)} training rows of production version ${view.reference.version ?? ''}` : `the first ${count(view.reference.rows)} requests of the stream (production's training data is not known here)`;
  const scope = view.totalFeatures > (view.features?.length ?? view.totalFeatures) ? ` The dataset has ${count(view.totalFeatures)} features; the first ${count(view.features?.length ?? 0)} are shown.` : '';
  return `Each row compares the last ${count(view.current.rows)} requests with ${ref}.${scope}`;
}

/** How to read PSI and the Jensen–Shannon distance, for a learner. */
export function methodNote(view: DriftView | null): string {
  const rows = view?.features ?? [];
  const psi = rows.find((r) => r.method === 'psi');
  const js = rows.find((r) => r.method === 'jensen-shannon');
  const parts: string[] = [];
  if (psi || rows.length === 0)
    parts.push(
      `Numeric features use the Population Stability Index (PSI): the reference is cut into 10 bins of equal share, and PSI adds up, over the bins, (share now − share then) × ln(share now ÷ share then). 0 means the same spread; below 0.1 is noise, 0.1 to 0.25 a moderate shift, 0.25 or more a major one.`,
    );
  if (js) parts.push(`Categorical features use the Jensen–Shannon distance between the two mixes of categories: 0 for the same mix, at most 0.83 for mixes with nothing in common.`);
  parts.push(`A feature counts as drifting at ${formatValue(psi?.threshold ?? js?.threshold ?? 0.1)} or more. Drift in the inputs does not always hurt accuracy: the detectors below watch the errors.`);
  return parts.join(' ');
}

/** The words every feature with out-of-range values gets (tests read them). */
export const DATA_CHECK_WORDS = 'values outside the training range: check the data first — a unit change or a broken sensor looks like a major shift';

/**
 * Flagged requests in the recent window from which a feature's out-of-range values are called a data
 * problem: at least 1% of the window and at least 5. Below that it is a lone outlier (a noise tail:
 * moons' x1 passes its range about once in 10,000 requests); its row is still held back and counted.
 */
export const DATA_CHECK_MIN_SHARE = 0.01;
export const DATA_CHECK_MIN_COUNT = 5;

/**
 * One sentence per feature whose recent values the endpoint flagged outside the range seen in
 * normal operation, often enough to be a data problem (see DATA_CHECK_MIN_SHARE); rows so flagged
 * are held back from training, so no version trained on such values: check the data before reading
 * it as drift, with the flagged requests and held-back rows.
 */
export function dataCheckSentences(view: DriftTable): string {
  const checks = view.dataChecks;
  if (!checks) return '';
  const least = Math.max(DATA_CHECK_MIN_COUNT, DATA_CHECK_MIN_SHARE * checks.recent.requests);
  return Object.entries(checks.recent.byFeature)
    .filter(([, recent]) => recent >= least)
    .map(([feature, recent]) => {
      const held = checks.heldBack.byFeature[feature] ?? 0;
      return ` ${feature}: ${DATA_CHECK_WORDS}. The endpoint flagged ${count(recent)} of the last ${count(checks.recent.requests)} requests for ${feature} (${count(checks.byFeature[feature] ?? recent)} since the run began), and ${count(held)} labelled row${held === 1 ? '' : 's'} with such values ${held === 1 ? 'was' : 'were'} held back from training so far.`;
    })
    .join('');
}

/** Which features drift now, in one sentence (and, for a feature with out-of-range values, the data check). */
export function driftSentence(view: DriftTable | null): string {
  if (!view) return 'No drift figures yet.';
  if (!view.features) return `Not enough requests yet: the table needs at least 100 (the window holds ${count(view.current.rows)}).`;
  const drifting = view.features.filter((r) => r.drifting);
  const rejected = view.rejectedRows > 0 ? ` ${count(view.rejectedRows)} requests so far could not be read (missing field, bad value) and are left out: that is an incident, not drift.` : '';
  const checked = dataCheckSentences(view);
  if (drifting.length === 0) return `No feature is drifting at request ${count(view.position)} (${view.features.length} checked).${rejected}${checked}`;
  const list = drifting.map((r) => `${r.feature} (${r.statistic} ${formatValue(r.value)})`).join(', ');
  return `${drifting.length} of ${view.features.length} features drifting at request ${count(view.position)}: ${list}.${rejected}${checked}`;
}

/**
 * The timeline in words: the real drift, then each detector's first alarm relative to it (alarms
 * before it are false alarms; on a scenario with no change at all, every alarm is), then the
 * warnings, named as warnings (a detector's warning zone, not a drift alarm).
 */
export function timelineSentences(t: DriftTimeline): string[] {
  const band = t.truth.find((b) => !b.incident) ?? t.truth[0];
  const out: string[] = [];
  if (band) out.push(`The ${bandName(band)} began at request ${count(band.from)}.`);
  const detectors = [...new Set(t.alarms.map((a) => a.detector))];
  if (detectors.length === 0) out.push(`No detector has alarmed yet (${count(t.position)} requests sent).`);
  for (const d of detectors) {
    const mine = t.alarms.filter((a) => a.detector === d);
    const name = DETECTOR_NAMES[d];
    if (!band) {
      out.push(
        `${name} raised a drift alarm at request ${count((mine[0] as (typeof mine)[number]).position)}${mine.length > 1 ? ` and ${mine.length - 1} more time${mine.length > 2 ? 's' : ''}` : ''}; nothing changes in this scenario, so ${mine.length > 1 ? 'these are false alarms' : 'it is a false alarm'}.`,
      );
      continue;
    }
    const early = mine.filter((a) => a.position < band.from).length;
    const first = mine.find((a) => a.position >= band.from);
    const falseNote = early > 0 ? ` ${early} earlier drift alarm${early > 1 ? 's' : ''} came before any real change (false alarm${early > 1 ? 's' : ''}).` : '';
    const when = first ? (first.position < band.transitionEnd ? 'while the change was under way' : 'after the change was complete') : '';
    if (first) out.push(`${name} flagged a drift at request ${count(first.position)}, ${count(first.position - band.from)} after the drift began (${when}).${falseNote}`);
    else out.push(`${name} has not flagged a drift since the drift began.${falseNote}`);
  }
  for (const d of [...new Set(t.warnings.map((w) => w.detector))]) {
    const n = t.warnings.filter((w) => w.detector === d).length;
    out.push(`${DETECTOR_NAMES[d]} warned ${n === 1 ? 'once' : `${count(n)} times`}: its score entered the warning zone (a warning, not a drift alarm; it may settle again).`);
  }
  return out;
}
