/** What a LabController needs from its host, and how it finds and follows its Lab. */
import type { ReactiveControllerHost } from 'lit';
import type { LabConfig, LabEvent, LabSnapshot } from '../../src/loop/index';
import type { RunInfo } from '../../src/loop/engine/snapshot';
import type { LabClient } from '../../src/worker/lab-client-core';

/** What the controller needs from its host element. */
export type LabHost = ReactiveControllerHost & HTMLElement;

/** How a controller finds and follows its Lab. */
export interface LabControllerOptions {
  /** The Lab set on the host (its `.lab` property), if any; read on every `sync()`. */
  explicit?: () => LabClient | null | undefined;
  /** Config of a Lab the controller makes itself (default DEFAULT_LAB_CONFIG, own-lab.ts). */
  config?: LabConfig;
  /** Whether to make an own Lab when none is given (default true). */
  createOwn?: boolean;
  /** Whether to listen for a Lab from an enclosing `<mlops-lab>` (default true; the provider itself says false). */
  consume?: boolean;
  /** Most recent events kept (default DEFAULT_EVENT_LIMIT, lab-controller.ts). */
  eventLimit?: number;
  /** Called synchronously for every event, before the frame's re-render (to fire DOM events, say). */
  onEvent?: (event: LabEvent) => void;
  /** Called synchronously for every snapshot. */
  onSnapshot?: (snapshot: LabSnapshot) => void;
  /** Called when the Lab changes (a new one, or none); state was cleared before. */
  onLabChange?: (lab: LabClient | null) => void;
  /**
   * Called when a snapshot of another run arrives on the same Lab (a new run, reset, restore or
   * import: `snapshot.run.id` changed), before that snapshot's `onSnapshot`; the events kept were
   * cleared before. A view forgets what it drew of the earlier run here.
   */
  onRunChange?: (run: RunInfo) => void;
}
