/**
 * The rows of `<mlops-registry>`: every version with its aliases, lineage, trigger and metrics, and
 * the deployment history (alias moves) as the view saw it. The snapshot is the source of truth for
 * which versions exist and where the aliases point; `version` and `alias` events add what the
 * snapshot leaves out (evaluation rows and loss, training window, when each alias moved and why).
 * Pure: no DOM.
 */
import { gateComparison } from '../../src/loop/decisions/gate';
import type { LabEvent } from '../../src/loop/engine/events';
import type { LabSnapshot } from '../../src/loop/engine/snapshot';
import type { Alias, GateResult } from '../../src/registry/types';

/** Every alias, in display order. */
export const ALIAS_ORDER: readonly Alias[] = ['production', 'candidate', 'shadow'];

/** What the `version` events told about a version. */
export interface VersionDetails {
  /** Simulated seconds at registration. */
  t: number;
  evaluationRows: number;
  loss: number;
  dataset: string;
  /** Training rows and their simulated-time window, when known. */
  window: { from: number; to: number; rows: number; policy?: string } | null;
}

/** One row of the versions table. */
export interface VersionRow {
  id: string;
  parent: string | null;
  /** The chain of ancestors, nearest first (stops at a version the snapshot does not list, or a cycle). */
  lineage: string[];
  trigger: string;
  /** Evaluation accuracy on its held-out rows. */
  accuracy: number;
  backend: string | null;
  aliases: Alias[];
  details: VersionDetails | null;
  /** The promotion gate's verdict on it (null: not seen, or it skipped the gate). */
  gate: GateResult | null;
  /** For a version imported from a file: the id it was exported as (null: made in this lab). */
  importedFrom?: string | null;
}

/** One alias move, as recorded by an `alias` event. */
export interface AliasMoveRow {
  t: number;
  alias: Alias;
  version: string | null;
  previous: string | null;
  reason: string;
  actor: string;
}

/** Event-sourced parts of the registry view, bounded. */
export class RegistryLog {
  private readonly details = new Map<string, VersionDetails>();
  private readonly moveList: AliasMoveRow[] = [];
  private readonly gates = new Map<string, GateResult>();
  private readonly imports = new Map<string, string>();

  constructor(readonly limit = 200) {}

  /** Takes an event in (version and alias events; others are ignored). */
  add(event: LabEvent): void {
    if (event.type === 'version') {
      const v = event.version;
      const w = v.data.window;
      this.details.set(v.id, { t: event.t, evaluationRows: v.evaluation.rows, loss: v.evaluation.loss, dataset: v.data.dataset, window: w ? { ...w } : null });
      if (this.details.size > this.limit) {
        const oldest = this.details.keys().next().value;
        if (oldest !== undefined) this.details.delete(oldest);
      }
    } else if (event.type === 'decision' && event.kind === 'gate' && event.version && event.gate) {
      this.gates.set(event.version, event.gate);
      if (this.gates.size > this.limit) {
        const oldest = this.gates.keys().next().value;
        if (oldest !== undefined) this.gates.delete(oldest);
      }
    } else if (event.type === 'alias') {
      this.moveList.push({ t: event.t, alias: event.alias, version: event.version, previous: event.previous, reason: event.reason, actor: event.actor });
      if (this.moveList.length > this.limit) this.moveList.shift();
    }
  }

  /** What the events said about `id`, if seen. */
  detailsOf(id: string): VersionDetails | null {
    return this.details.get(id) ?? null;
  }

  /** Records that `id` was imported from a file exported as `from` (the import's reply says so; no event does). */
  imported(id: string, from: string): void {
    this.imports.set(id, from);
  }

  /** The id `id` was exported as, when this view imported it. */
  importedFromOf(id: string): string | null {
    return this.imports.get(id) ?? null;
  }

  /** The gate's verdict on `id`, if seen. */
  gateOf(id: string): GateResult | null {
    return this.gates.get(id) ?? null;
  }

  /** Alias moves seen, oldest first. */
  get moves(): readonly AliasMoveRow[] {
    return this.moveList;
  }

  /** Forgets everything (a new lab). */
  clear(): void {
    this.details.clear();
    this.gates.clear();
    this.imports.clear();
    this.moveList.length = 0;
  }
}

/** The parts of a snapshot the rows need (`backend` is optional: older engines did not send it). */
export interface RegistrySnapshot {
  versions: readonly { id: string; parent: string | null; trigger: string; accuracy: number; backend?: string; importedFrom?: { id: string } }[];
  deployed: LabSnapshot['deployed'];
}

/** The versions of `snapshot`, newest first, with aliases, lineage and the details the log has. */
export function versionRows(snapshot: RegistrySnapshot | null, log: RegistryLog): VersionRow[] {
  if (!snapshot) return [];
  const parents = new Map(snapshot.versions.map((v) => [v.id, v.parent]));
  return snapshot.versions
    .map((v) => {
      const lineage: string[] = [];
      const seen = new Set([v.id]);
      for (let p = v.parent; p !== null && parents.has(p) && !seen.has(p); p = parents.get(p) ?? null) {
        lineage.push(p);
        seen.add(p);
      }
      const backend: unknown = v.backend;
      return {
        id: v.id,
        parent: v.parent,
        lineage,
        trigger: v.trigger,
        accuracy: v.accuracy,
        backend: typeof backend === 'string' ? backend : null,
        aliases: ALIAS_ORDER.filter((a) => snapshot.deployed[a] === v.id),
        details: log.detailsOf(v.id),
        gate: log.gateOf(v.id),
        importedFrom: v.importedFrom?.id ?? log.importedFromOf(v.id),
      };
    })
    .reverse();
}

/** How a trigger reads in the table. */
export function triggerText(trigger: string): string {
  switch (trigger) {
    case 'manual':
      return 'by hand';
    case 'alert':
      return 'an alert';
    case 'schedule':
      return 'the schedule';
    case 'drill':
      return 'a drill';
    default:
      return trigger;
  }
}

/** True for the version the lab trained when it started (no parent, trained on rows drawn before any traffic). */
export function isStartingVersion(row: Pick<VersionRow, 'parent' | 'trigger' | 'details' | 'importedFrom'>): boolean {
  if (row.importedFrom || row.parent !== null || row.trigger !== 'manual') return false;
  const w = parseWindowPolicy(row.details?.window?.policy);
  return w === null ? row.details?.window?.to === 0 || row.details === null : w.last < 0;
}

/** Who made a version, in words: the first version is the lab's own, at start; others by their trigger. */
export function madeByText(row: Pick<VersionRow, 'parent' | 'trigger' | 'details' | 'importedFrom'>): string {
  if (row.importedFrom) return `you, imported from a file (exported as ${row.importedFrom})`;
  if (isStartingVersion(row)) return 'the lab, when it started';
  switch (row.trigger) {
    case 'manual':
      return 'you (Retrain now)';
    case 'alert':
      return 'the policy, on an alert or a detector signal';
    case 'schedule':
      return "the policy's schedule";
    case 'drill':
      return 'a drill';
    case 'trainer':
      return 'the trainer panel';
    default:
      return row.trigger;
  }
}

/**
 * The gate column: what the gate said about a version against the production of its day, on rows
 * neither had trained on ("passed: better by 5.0 points, p = 0.03 on 200 paired rows").
 */
export function gateCellText(row: Pick<VersionRow, 'gate' | 'parent' | 'trigger' | 'details' | 'importedFrom'>): { status: 'passed' | 'rejected' | 'first' | 'none'; text: string } {
  const g = row.gate;
  if (!g && row.importedFrom) return { status: 'none', text: 'not gated: imported, and an import deploys nothing (Promote serves it without a gate)' };
  if (!g) return { status: 'none', text: row.trigger === 'drill' ? 'no gate (the drill skipped it)' : isStartingVersion(row) ? 'first version: nothing to compare with' : 'no gate result seen' };
  const m = g.metrics;
  if (m.hasProduction === 0) return { status: 'first', text: 'first version: nothing to compare with' };
  if ((m.rows ?? 0) < (m.minSamples ?? 0)) return { status: g.passed ? 'passed' : 'rejected', text: `${g.passed ? 'passed' : 'rejected'}: only ${m.rows} paired rows, needs ${m.minSamples}` };
  const words = gateComparison(g) ?? `${pctText(m.candidateAccuracy)} vs production ${pctText(m.productionAccuracy)} on ${m.rows} rows`;
  return { status: g.passed ? 'passed' : 'rejected', text: `${g.passed ? 'passed' : 'rejected'}: ${words}` };
}

function pctText(x: number | undefined): string {
  return x === undefined ? '?' : `${(x * 100).toFixed(1)}%`;
}

/** A training window as the engine names it, `<policy> [first, last]` in stream positions, read back (null when it is not in that form). */
export function parseWindowPolicy(policy: string | undefined): { kind: string; first: number; last: number } | null {
  const m = /^([\w-]+) \[(-?\d+), (-?\d+)\]$/.exec(policy ?? '');
  return m ? { kind: m[1] as string, first: Number(m[2]), last: Number(m[3]) } : null;
}

/**
 * The training window in words; negative stream positions are rows of the starting concept drawn
 * before any traffic (the first version's).
 */
export function trainingWindowText(window: { rows: number; policy?: string }): string {
  const w = parseWindowPolicy(window.policy);
  if (!w) return `${window.rows} labelled rows${window.policy ? ` (${window.policy})` : ''}`;
  if (w.last < 0) return `${window.rows} rows of the starting concept, before any traffic`;
  return `${window.rows} labelled requests (${w.kind} window, requests ${Math.max(0, w.first).toLocaleString('en-US')} to ${w.last.toLocaleString('en-US')})`;
}
