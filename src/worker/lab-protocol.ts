/**
 * The Lab's message protocol: commands in, events and throttled snapshots out. Hand-written, like
 * the trainer's (protocol.ts) and for the same reasons: a small set of plain, structured-clone-safe
 * messages, and events are first-class (an RPC library such as Comlink would need callbacks proxied
 * across the boundary for the event stream); no dependency to audit or ship in the offline build.
 */
import type { SerializedLabError } from '../errors';
import type { LabConfig, LabEvent, LabSnapshot, Policy, IncidentKind, DrillRun, DrillGrade, TrainOutcome, DecisionSurface } from '../loop/index';
import type { EndpointResponse, RoutingPolicy } from '../serving/index';
import type { SessionFile } from '../loop/persistence/session';

/** Commands a client sends; `requestId` is unique per client and comes back in the reply. */
export type LabCommand =
  | { type: 'create'; requestId: number; config: LabConfig }
  | { type: 'step'; requestId: number; seconds: number }
  | { type: 'run'; requestId: number; requests: number }
  | { type: 'play'; requestId: number; speed: number }
  | { type: 'pause'; requestId: number }
  | { type: 'set-policy'; requestId: number; policy: string | Policy }
  | { type: 'set-routing'; requestId: number; routing: RoutingPolicy }
  | { type: 'retrain'; requestId: number; reason?: string }
  | { type: 'promote'; requestId: number; version: string; reason?: string }
  | { type: 'rollback'; requestId: number; reason?: string }
  | { type: 'inject-incident'; requestId: number; incident: IncidentKind }
  | { type: 'snapshot'; requestId: number }
  | { type: 'run-drill'; requestId: number; drill: IncidentKind; seed: number }
  | { type: 'answer-drill'; requestId: number; run: DrillRun; answer: string }
  | { type: 'infer'; requestId: number; request: unknown }
  | { type: 'surface'; requestId: number; size?: number }
  | { type: 'dispose'; requestId: number }
  /** The whole session (config, versions with weights, history, releases) as one JSON-ready object. */
  | { type: 'export-session'; requestId: number }
  /** Replaces the lab with one restored from a session file (text or object), checked first: a bad file changes nothing. */
  | { type: 'import-session'; requestId: number; session: string | object }
  /** The traffic log as CSV or JSON Lines text. */
  | { type: 'export-log'; requestId: number; format: 'csv' | 'jsonl' };

/** What each command's reply carries. */
export interface LabReplies {
  create: LabSnapshot;
  step: LabSnapshot;
  run: LabSnapshot;
  play: null;
  pause: LabSnapshot;
  'set-policy': Policy;
  'set-routing': null;
  retrain: TrainOutcome;
  promote: null;
  rollback: string | null;
  'inject-incident': null;
  snapshot: LabSnapshot;
  'run-drill': DrillRun;
  'answer-drill': DrillGrade;
  /** The endpoint's raw answer or typed error response (a learner's request; see Lab.infer). */
  infer: EndpointResponse;
  surface: DecisionSurface;
  dispose: null;
  'export-session': SessionFile;
  'import-session': LabSnapshot;
  'export-log': string;
}

/**
 * A snapshot as a host sends it while playing: besides the asked speed (`playSpeed`) the speed it
 * really achieved (simulated seconds per real second over the last few seconds), so a view can say
 * so when the machine cannot keep up. Absent when not playing, or before a second of play.
 */
export type HostSnapshot = LabSnapshot & { achievedSpeed?: number };

/** The achieved play speed a host snapshot carries (null when it carries none). */
export function achievedSpeed(snapshot: LabSnapshot): number | null {
  const value = (snapshot as HostSnapshot).achievedSpeed;
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Events the host emits. */
export type LabHostEvent =
  | { type: 'lab-event'; event: LabEvent }
  | { type: 'snapshot'; snapshot: LabSnapshot }
  | { type: 'reply'; requestId: number; ok: true; value: unknown }
  | { type: 'reply'; requestId: number; ok: false; error: SerializedLabError };
