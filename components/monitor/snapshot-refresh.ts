/**
 * Asks a Lab for a fresh snapshot after lab events, for views that must show the state a command
 * ends in. The Lab host throttles its broadcast snapshots and sends a trailing one only when an
 * event marked the state dirty, so the windows scored after a run's last event, or a move made by a
 * command between runs, may never be broadcast. A `snapshot` request is queued behind the command
 * the Lab is running, so its reply is the state after that command. One request in flight at a
 * time; events during it ask for exactly one more.
 */
import type { LabSnapshot } from '../../src/loop/engine/snapshot';
import type { LabClient } from '../../src/worker/lab-client';

/** Coalesced snapshot requests to the current Lab. */
export class SnapshotRefresh {
  private inFlight = false;
  private again = false;

  constructor(
    /** The Lab in use now (the reply is dropped if it changed meanwhile). */
    private readonly lab: () => LabClient | null,
    /** Receives each fresh snapshot. */
    private readonly deliver: (snapshot: LabSnapshot) => void,
  ) {}

  /** Asks for a snapshot (now, or once the request in flight has come back). */
  request(): void {
    if (this.inFlight) {
      this.again = true;
      return;
    }
    const lab = this.lab();
    if (!lab) return;
    this.inFlight = true;
    lab
      .snapshot()
      .then(
        (snapshot) => {
          if (this.lab() === lab) this.deliver(snapshot);
        },
        () => undefined, // not created yet, or closed: the broadcast snapshots will tell
      )
      .finally(() => {
        this.inFlight = false;
        if (this.again) {
          this.again = false;
          this.request();
        }
      });
  }
}
