/**
 * The release records of `<mlops-registry>` in plain words: for every promotion to production, which
 * version went live and which it replaced, why, the data it learned from, its held-out metrics, the
 * promotion gate's verdict, who approved it, and when (simulated time). Pure: no DOM, no Lab.
 */
import type { LabSnapshot, ReleaseSummary } from '../../src/loop/engine/snapshot';
import type { GateResult, TrainingDataInfo } from '../../src/registry/types';
import { formatDuration } from '../alerts/alert-log';
import { gateComparison } from '../../src/loop/decisions/gate';
import { parseWindowPolicy } from './registry-rows';

/** One release record as the view lists it: the record and its sentences. */
export interface ReleaseRow {
  record: ReleaseSummary;
  /** One line for the closed `<details>`: "v3 went live at 12 min, replacing v2; gate passed; approved by the on-alert policy." */
  headline: string;
  why: string;
  data: string;
  metrics: string;
  gate: string;
  approver: string;
  when: string;
}

function pct(x: number | undefined): string {
  return x === undefined || !Number.isFinite(x) ? '?' : `${(Math.round(x * 1000) / 10).toFixed(1)}%`;
}

/** Who acted, in words: `learner` is you, `policy:<name>` the named policy, anything else as it is. */
export function actorText(actor: string): string {
  if (actor === 'learner') return 'you (the learner)';
  if (actor.startsWith('policy:')) return `the ${actor.slice('policy:'.length)} policy (automatic)`;
  if (actor === 'lab') return 'the lab itself';
  if (actor === 'drill') return 'a drill (on purpose)';
  return actor;
}

/** The gate's verdict in one sentence (a promotion without a gate says so). */
export function gateText(gate: GateResult | null): string {
  if (!gate) return 'No gate: promoted without comparing it with production.';
  const m = gate.metrics;
  const rows = m.rows ?? 0;
  const verdict = gate.passed ? 'Passed' : 'Refused (promoted anyway)';
  if (rows < (m.minSamples ?? 0)) return `${verdict}: only ${rows} held-out rows, the gate needs ${m.minSamples}.`;
  if (m.hasProduction === 0) return `${verdict}: the first version, ${pct(m.candidateAccuracy)} on ${rows} held-out rows; nothing in production to compare it with.`;
  const words = gateComparison(gate);
  if (words !== null) {
    const margin = (m.minImprovement ?? 0) * 100;
    return `${verdict}: ${words} (candidate ${pct(m.candidateAccuracy)} vs production ${pct(m.productionAccuracy)} on the same recent rows neither had trained on; needed ${margin < 0 ? '-' : '+'}${Math.abs(margin).toFixed(1)} point${Math.abs(margin).toFixed(1) === '1.0' ? '' : 's'}${m.alpha !== undefined ? ` and p <= ${m.alpha}` : ''}).`;
  }
  const needed = m.minImprovement === undefined ? '' : ` (needed ${m.minImprovement >= 0 ? '+' : ''}${(m.minImprovement * 100).toFixed(1)} points)`;
  const against = m.hasProduction === 0 || m.productionAccuracy === undefined || m.productionAccuracy === 0 ? 'nothing in production to beat' : `production ${pct(m.productionAccuracy)}`;
  return `${verdict}: candidate ${pct(m.candidateAccuracy)} vs ${against} on the same ${rows} held-out rows${needed}.`;
}

/** The training data in words: dataset, scenario, seed and the window of labelled rows. */
export function dataText(data: TrainingDataInfo): string {
  const source = `${data.dataset}${data.scenario ? `, scenario ${data.scenario}` : ''}, seed ${data.seed}`;
  const w = data.window;
  if (!w) return `${source}.`;
  if (w.from === 0 && w.to === 0) return `${w.rows} rows drawn from the base concept before any traffic (${source}).`;
  const span = parseWindowPolicy(w.policy);
  const requests = span && span.last >= 0 ? ` (${span.kind} window: requests ${Math.max(0, span.first).toLocaleString('en-US')} to ${span.last.toLocaleString('en-US')})` : w.policy && !span ? ` (window ${w.policy})` : '';
  return `${w.rows} labelled rows from the traffic of ${formatDuration(w.from)} to ${formatDuration(w.to)} of simulated time${requests}; ${source}.`;
}

/** The held-out metrics in words. */
export function metricsText(metrics: ReleaseSummary['metrics']): string {
  return `Accuracy ${pct(metrics.accuracy)} on ${metrics.rows} held-out rows, loss ${Number.isFinite(metrics.loss) ? metrics.loss.toFixed(3) : '?'}.`;
}

/** True for the release of the version the lab trained and deployed when it started (nothing replaced, starting rows). */
export function isStartingRelease(r: Pick<ReleaseSummary, 'replaced' | 'data' | 'gate'>): boolean {
  const w = r.data.window;
  return r.replaced === null && (r.gate === null || r.gate.metrics.hasProduction === 0 || r.gate.metrics.productionAccuracy === 0) && w !== undefined && w !== null && w.from === 0 && w.to === 0;
}

/** The release records of a snapshot, newest first, with their sentences (none when the snapshot has none). */
export function releaseRows(snapshot: Pick<LabSnapshot, 'releases'> | null): ReleaseRow[] {
  const records = snapshot?.releases ?? [];
  return records
    .map((r) => {
      // The engine records the lab's own start as the learner's; the words say who really did it.
      const approver = isStartingRelease(r) ? 'the lab itself, when it started (the first version goes live with nothing to compare it with)' : actorText(r.approver);
      const when = `${formatDuration(r.simTime)} into the run (simulated)`;
      const verdict = r.gate ? (r.gate.passed ? 'gate passed' : 'gate refused') : 'no gate';
      const replaced = r.replaced ? `, replacing ${r.replaced}` : ', the first in production';
      return {
        record: r,
        headline: `${r.version} went live at ${formatDuration(r.simTime)}${replaced}; ${verdict}; ${isStartingRelease(r) ? 'deployed by the lab when it started' : `approved by ${approver}`}.`,
        why: r.why,
        data: dataText(r.data),
        metrics: metricsText(r.metrics),
        gate: gateText(r.gate),
        approver,
        when,
      };
    })
    .reverse();
}
