/**
 * The rows of `<mlops-registry>`: every version with its aliases, lineage, trigger and metrics, and
 * the deployment history (alias moves) as the view saw it. The snapshot is the source of truth for
 * which versions exist and where the aliases point; `version` and `alias` events add what the
 * snapshot leaves out (evaluation rows and loss, training window, when each alias moved and why).
 * Pure: no DOM.
 */
import type { LabEvent } from '../../src/loop/engine/events';
import type { LabSnapshot } from '../../src/loop/engine/snapshot';
import type { Alias } from '../../src/registry/types';

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
    } else if (event.type === 'alias') {
      this.moveList.push({ t: event.t, alias: event.alias, version: event.version, previous: event.previous, reason: event.reason, actor: event.actor });
      if (this.moveList.length > this.limit) this.moveList.shift();
    }
  }

  /** What the events said about `id`, if seen. */
  detailsOf(id: string): VersionDetails | null {
    return this.details.get(id) ?? null;
  }

  /** Alias moves seen, oldest first. */
  get moves(): readonly AliasMoveRow[] {
    return this.moveList;
  }

  /** Forgets everything (a new lab). */
  clear(): void {
    this.details.clear();
    this.moveList.length = 0;
  }
}

/** The parts of a snapshot the rows need (`backend` is optional: older engines did not send it). */
export interface RegistrySnapshot {
  versions: readonly { id: string; parent: string | null; trigger: string; accuracy: number; backend?: string }[];
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
