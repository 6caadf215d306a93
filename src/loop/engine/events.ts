/**
 * What the lab emits: typed, plain-JSON events (they cross a worker boundary as they are), and a
 * bounded event log. Every automatic decision is a `decision` event with its reason.
 */
import type { AlertRecord } from '../../monitoring/index';
import type { EpochLog } from '../../model/index';
import type { Alias, AliasMove, GateResult, Version } from '../../registry/types';
import type { Station } from './stations';

/** Kinds of automatic (or learner) decisions. */
export type DecisionKind = 'retrain' | 'skip-retrain' | 'gate' | 'promote' | 'rollback' | 'canary-step' | 'shadow' | 'reject';

/** One event of the lab. `t` is simulated seconds; `index` the stream position when it happened. */
export type LabEvent =
  | { type: 'station'; t: number; index: number; station: Station; why: string }
  | { type: 'epoch'; t: number; index: number; run: number; log: Omit<EpochLog, 'elapsedMs' | 'samplesPerSec'> }
  | { type: 'version'; t: number; index: number; version: Pick<Version, 'id' | 'parent' | 'trigger' | 'evaluation' | 'data'> }
  | { type: 'alias'; t: number; index: number; alias: Alias; version: string | null; previous: string | null; reason: string; actor: string }
  | { type: 'alert'; t: number; index: number; change: 'raised' | 'resolved'; alert: AlertRecord }
  | { type: 'drift'; t: number; index: number; version: string; detector: string; source: 'error' | 'confidence' }
  | { type: 'decision'; t: number; index: number; kind: DecisionKind; reason: string; version?: string; gate?: GateResult; actor: string }
  | { type: 'incident'; t: number; index: number; incident: string; description: string }
  | { type: 'training-failed'; t: number; index: number; code: string; message: string }
  | { type: 'stream-end'; t: number; index: number };

/** The `type` of each event. */
export type LabEventType = LabEvent['type'];

/** A typed event emitter with a bounded log. */
export class EventHub {
  private readonly listeners = new Set<(event: LabEvent) => void>();
  private readonly log: LabEvent[] = [];
  /** Events dropped from the front of the log. */
  dropped = 0;

  constructor(readonly limit: number) {}

  /** Subscribes; returns the unsubscribe function. */
  on(listener: (event: LabEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Emits an event to every listener and keeps it in the log. A throwing listener does not stop the others. */
  emit(event: LabEvent): void {
    this.log.push(event);
    if (this.log.length > this.limit) {
      this.log.shift();
      this.dropped++;
    }
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        console.error('lab event listener failed', error);
      }
    }
  }

  /** The events kept, oldest first. */
  events(): readonly LabEvent[] {
    return this.log;
  }
}

/** The alias event of a registry move. */
export function aliasEvent(move: AliasMove, index: number): LabEvent {
  return { type: 'alias', t: move.simTime, index, alias: move.alias, version: move.version, previous: move.previous, reason: move.reason, actor: move.actor };
}
