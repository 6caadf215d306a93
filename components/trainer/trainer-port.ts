/**
 * The trainer an element runs itself when it is given none: a TrainingClient in a dedicated Web
 * Worker, or, when a worker cannot start, one in the page (TF.js then loads into the page).
 */
import { createWorkerTrainingClient, type TrainingPort } from '../../src/worker/training-client';

/** What the keeper needs from its element. */
export interface PortHost {
  /** The element's trainer now (`.lab`). */
  lab: TrainingPort | null;
  readonly isConnected: boolean;
  requestUpdate(): void;
  /** The element follows a change of trainer (its subscription). */
  portChanged(): void;
}

/** Starts, falls back and closes the element's own trainer. */
export class OwnTrainerPort {
  private port: TrainingPort | null = null;
  private kind: 'worker' | 'in-page' | null = null;
  /** Why training runs in the page, when it does. */
  note: string | null = null;

  constructor(private readonly host: PortHost) {}

  /** The element's own trainer, if it runs one. */
  get own(): TrainingPort | null {
    return this.port;
  }

  /** Whether the element's own trainer runs in a worker and is the one in use. */
  get inWorker(): boolean {
    return this.kind === 'worker' && this.host.lab === this.port && this.port !== null;
  }

  /** Starts the trainer in a worker (in the page if that fails). */
  start(): void {
    try {
      this.port = createWorkerTrainingClient();
      this.kind = 'worker';
      this.host.lab = this.port;
    } catch (error) {
      void this.fallBackInPage(error instanceof Error ? error.message : String(error));
    }
  }

  /** Runs the trainer in this page instead of a worker (loads TF.js into the page). */
  async fallBackInPage(reason: string): Promise<void> {
    this.close();
    this.note = `Training runs in this page, because a background worker could not start (${reason}). The page may respond slowly while it trains.`;
    this.host.requestUpdate();
    const [{ createInPageTrainingClient }, { bundledWasmPaths }] = await Promise.all([import('../../src/worker/in-page'), import('../../src/compute/wasm-assets')]);
    if (!this.host.isConnected || this.host.lab) return;
    this.port = createInPageTrainingClient({ wasmPaths: bundledWasmPaths() });
    this.kind = 'in-page';
    this.host.lab = this.port;
  }

  /** Closes the own trainer (and clears `.lab` when it was that one). */
  close(): void {
    if (!this.port) return;
    const port = this.port;
    this.port = null;
    this.kind = null;
    if (this.host.lab === port) this.host.lab = null;
    this.host.portChanged();
    port.dispose();
  }
}

/** Internal event: the own trainer changed (the element's subscription follows). */
export const PORT_CHANGED = 'mlops-trainer-port-changed';

/** An element as its own-trainer keeper sees it (it fires PORT_CHANGED on itself when the port changes). */
export function portHostOf(el: HTMLElement & { lab: TrainingPort | null; requestUpdate(): void }): PortHost {
  return {
    get lab() {
      return el.lab;
    },
    set lab(port) {
      el.lab = port;
    },
    get isConnected() {
      return el.isConnected;
    },
    requestUpdate: () => el.requestUpdate(),
    portChanged: () => el.dispatchEvent(new Event(PORT_CHANGED)),
  };
}
