/**
 * The Lab's message protocol: commands in, events and throttled snapshots out. Hand-written, like
 * the trainer's (protocol.ts) and for the same reasons: a small set of plain, structured-clone-safe
 * messages, and events are first-class (an RPC library such as Comlink would need callbacks proxied
 * across the boundary for the event stream); no dependency to audit or ship in the offline build.
 */
import type { SerializedLabError } from '../errors';
import type { LabConfig, LabEvent, LabSnapshot, Policy, IncidentKind, DrillRun, DrillGrade, TrainOutcome, DecisionSurface } from '../loop/index';
import type { EndpointResponse, ErrorResponse, InferTarget, ModelMetadataResponse, ModelReadyResponse, RoutingPolicy, ServerLiveResponse, ServerReadyResponse } from '../serving/index';
import type { SessionFile } from '../loop/persistence/session';
import type { TrainedModel } from '../loop/decisions/outside-model';
import type { CompareResult, CompareSettings } from '../loop/compare/runner';
import type { SharedFit } from '../loop/decisions/training';
import type { Version } from '../registry/types';

/** The arguments of a command that takes none. */
export type NoArgs = Record<never, never>;

/**
 * THE command table: every command's arguments and reply, declared once. The message union
 * (`LabCommand`), the replies (`LabReplies`), the host's handler map (lab-host.ts: one typed handler
 * per command, checked against this table), the client's calls (lab-client-core.ts) and the
 * per-command rules below (`COMMAND_RULES`) all follow from it: adding a command is one entry here,
 * one in `COMMAND_RULES`, one handler and one client method, and the compiler points at each.
 */
export interface LabCommandTable {
  /**
   * Creates the lab (and trains and deploys its first version). A run on the learner's own CSV carries
   * the data in `config.dataset` (plain arrays of numbers: it crosses postMessage as it is).
   */
  create: { args: { config: LabConfig }; reply: LabSnapshot };
  /** Runs the stream for `seconds` simulated seconds. */
  step: { args: { seconds: number }; reply: LabSnapshot };
  /** Runs until `requests` more requests were sent. */
  run: { args: { requests: number }; reply: LabSnapshot };
  /** Streams continuously at `speed` simulated seconds per real second. */
  play: { args: { speed: number }; reply: null };
  pause: { args: NoArgs; reply: LabSnapshot };
  'set-policy': { args: { policy: string | Policy }; reply: Policy };
  'set-routing': { args: { routing: RoutingPolicy }; reply: null };
  retrain: { args: { reason?: string }; reply: TrainOutcome };
  promote: { args: { version: string; reason?: string }; reply: null };
  rollback: { args: { reason?: string }; reply: string | null };
  'inject-incident': { args: { incident: IncidentKind }; reply: null };
  snapshot: { args: NoArgs; reply: LabSnapshot };
  'run-drill': { args: { drill: IncidentKind; seed: number }; reply: DrillRun };
  'answer-drill': { args: { run: DrillRun; answer: string }; reply: DrillGrade };
  /** The endpoint's raw answer or typed error response (a learner's request; see Lab.infer); `target` pins a model name and version (the protocol's address). */
  infer: { args: { request: unknown; target?: InferTarget }; reply: EndpointResponse };
  surface: { args: { size?: number }; reply: DecisionSurface };
  /** Open Inference Protocol: is the server live. */
  live: { args: NoArgs; reply: ServerLiveResponse };
  /** Open Inference Protocol: is the server (no model named) or a model and version ready; 404 for an unknown one. */
  ready: { args: { model?: string; version?: string }; reply: ServerReadyResponse | ModelReadyResponse | ErrorResponse };
  /** Open Inference Protocol: a model's metadata (name, versions, platform, inputs, outputs); 404 for an unknown one. */
  metadata: { args: { model?: string; version?: string }; reply: ModelMetadataResponse | ErrorResponse };
  dispose: { args: NoArgs; reply: null };
  /** The whole session (config, versions with weights, history, releases) as one JSON-ready object. */
  'export-session': { args: NoArgs; reply: SessionFile };
  /** Replaces the lab with one restored from a session file (text or object), checked first: a bad file changes nothing. */
  'import-session': { args: { session: string | object }; reply: LabSnapshot };
  /** The traffic log as CSV or JSON Lines text. */
  'export-log': { args: { format: 'csv' | 'jsonl' }; reply: string };
  /**
   * What if? 2 to 4 policies on the same stream, each run as a single run would be (the lab's config,
   * or `config` when given: no lab needed), or with `forkAt` the lab's run replayed up to that request
   * and the other policies taking over there. The lab itself is untouched.
   */
  compare: { args: { policies: (string | Policy)[]; config?: LabConfig; forkAt?: number; settings?: CompareSettings; only?: number; firstFits?: SharedFit[] }; reply: CompareResult };
  /** A compare's first-version fit, made once for the runs a compare pool gives to other workers (runner.ts compareFirstFits). */
  'compare-first-fits': { args: { policies: (string | Policy)[]; config: LabConfig; settings?: CompareSettings }; reply: SharedFit[] };
  /**
   * Registers a model trained in the trainer panel (TF.js layers-model artifacts, its job, its
   * backend) as a version, gates it against production on the same rows and releases it (Lab.deployTrained).
   */
  'deploy-model': { args: { model: TrainedModel }; reply: TrainOutcome };
  /** One version as a one-file export (TF.js layers-model JSON, weights in base64, metadata): the JSON text (Lab.exportVersion). */
  'export-version': { args: { version: string }; reply: string };
  /** Registers a one-file version export as a new version, checked first and never deployed: a bad file rejects with its ImportError and registers nothing (Lab.importVersion). */
  'import-version': { args: { file: string }; reply: Version };
}

/** A command's name. */
export type LabCommandType = keyof LabCommandTable;

/** A command's arguments. */
export type CommandArgs<K extends LabCommandType> = LabCommandTable[K]['args'];

/** Commands a client sends; `requestId` is unique per client and comes back in the reply. */
export type LabCommand = { [K in LabCommandType]: { type: K; requestId: number } & CommandArgs<K> }[LabCommandType];

/** What each command's reply carries. */
export type LabReplies = { [K in LabCommandType]: LabCommandTable[K]['reply'] };

/** How each command behaves beyond its types. */
export interface CommandRule {
  /** After it, views must see the new state at once (the host sends a snapshot). */
  changesState: boolean;
  /** A recorded run answers it (others get "this is a recorded run"). */
  replayed: boolean;
}

/** The rules of every command (a missing or extra command is a compile error). */
export const COMMAND_RULES: { readonly [K in LabCommandType]: CommandRule } = {
  create: { changesState: false, replayed: true },
  step: { changesState: false, replayed: true },
  run: { changesState: false, replayed: true },
  play: { changesState: true, replayed: true },
  pause: { changesState: false, replayed: true },
  'set-policy': { changesState: true, replayed: false },
  'set-routing': { changesState: true, replayed: false },
  retrain: { changesState: true, replayed: false },
  promote: { changesState: true, replayed: false },
  rollback: { changesState: true, replayed: false },
  'inject-incident': { changesState: true, replayed: false },
  snapshot: { changesState: false, replayed: true },
  'run-drill': { changesState: false, replayed: false },
  'answer-drill': { changesState: false, replayed: false },
  infer: { changesState: true, replayed: false },
  surface: { changesState: false, replayed: false },
  live: { changesState: false, replayed: false },
  ready: { changesState: false, replayed: false },
  metadata: { changesState: false, replayed: false },
  dispose: { changesState: false, replayed: true },
  'export-session': { changesState: false, replayed: false },
  'import-session': { changesState: false, replayed: false },
  'export-log': { changesState: false, replayed: false },
  compare: { changesState: false, replayed: false },
  'compare-first-fits': { changesState: false, replayed: false },
  'deploy-model': { changesState: true, replayed: false },
  'export-version': { changesState: false, replayed: false },
  'import-version': { changesState: true, replayed: false },
};

/** Whether `type` names a command of the table. */
export function isCommandType(type: unknown): type is LabCommandType {
  return typeof type === 'string' && Object.prototype.hasOwnProperty.call(COMMAND_RULES, type);
}

/**
 * A snapshot as a host sends it while playing: besides the asked speed (`playSpeed`) the speed it
 * really achieved (simulated seconds per real second over the last few seconds), so a view can say
 * so when the machine cannot keep up. Absent when not playing, or before a second of play.
 */
export type HostSnapshot = LabSnapshot & { achievedSpeed?: number; backends?: VersionBackend[] };

/**
 * How a version's backend was chosen, as a host snapshot carries it for the backend badge: the
 * backend, and (for a version a lab trained by its backend policy) the policy, the sentence shown and
 * why it fell back. A recording carries none (its snapshots' versions name their backend only).
 */
export interface VersionBackend {
  id: string;
  backend: string;
  policy?: string;
  message?: string;
  fallbackReason?: string;
  /** The backend lost before this choice, and why. */
  lost?: { backend: string; reason: string; detail?: string };
}

/** The per-version backends a host snapshot carries (null when it carries none: a recording, an older host). */
export function versionBackends(snapshot: LabSnapshot): VersionBackend[] | null {
  const value = (snapshot as HostSnapshot).backends;
  return Array.isArray(value) ? value : null;
}

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
