/**
 * A Lit ReactiveController that listens to a trainer: it subscribes when the host connects,
 * unsubscribes when it disconnects, hands every event to the host at once (so the host can keep
 * state and fire DOM events) and batches the re-renders to one per animation frame.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { TrainingPort } from '../../src/worker/training-client';
import type { TrainerEvent } from '../../src/worker/protocol';

/** What the controller needs from its host. */
export interface TrainerSubscriptionOptions {
  /** The trainer to listen to right now (null while there is none). */
  port: () => TrainingPort | null;
  /** Called synchronously for every event, before the frame's re-render. */
  onEvent: (event: TrainerEvent) => void;
}

/** Subscribes a host to a TrainingPort's events; re-renders at most once per animation frame. */
export class TrainerSubscription implements ReactiveController {
  private unsubscribe: (() => void) | null = null;
  private subscribed: TrainingPort | null = null;
  private connected = false;
  private frame = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: TrainerSubscriptionOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.connected = true;
    this.sync();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.sync();
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
  }

  /** Follows a change of port: leaves the old one, joins the new one (only while connected). */
  sync(): void {
    const port = this.connected ? this.options.port() : null;
    if (port === this.subscribed) return;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.subscribed = port;
    if (port) {
      this.unsubscribe = port.subscribe((event) => {
        this.options.onEvent(event);
        this.requestFrame();
      });
    }
  }

  /** Asks for one re-render on the next animation frame (at once when the page is hidden). */
  requestFrame(): void {
    if (typeof document !== 'undefined' && document.visibilityState === 'hidden') {
      this.host.requestUpdate();
      return;
    }
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.host.requestUpdate();
    });
  }
}
