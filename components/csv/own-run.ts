/**
 * `<mlops-csv>` alone on a page (no `<mlops-lab>` took the run): it runs the loop on the data in a Lab
 * of its own (a Web Worker, else the page) or in the Lab handed in as `.lab`, and lists what happened
 * in plain words — versions trained, production moves, detector drifts, alerts, the end of the stream.
 */
import type { LabConfig, LabEvent } from '../../src/loop/index';
import type { LabClient } from '../../src/worker/lab-client';

/** Most lines kept (the latest). */
export const OWN_RUN_LINES = 40;

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** One line for the learner about a Lab event, or null for an event not worth a line. */
export function progressLine(e: LabEvent): string | null {
  const at = `request ${Math.max(0, e.index).toLocaleString('en-US')}`;
  switch (e.type) {
    case 'version':
      return `${at}: ${e.version.id} trained (${e.version.trigger}), ${pct(e.version.evaluation.accuracy)} on its held-out rows`;
    case 'alias':
      return e.alias === 'production' && e.version ? `${at}: ${e.version} serves production (${e.reason})` : null;
    case 'alert':
      return e.change === 'raised' ? `${at}: alert raised: ${e.alert.description ?? `${e.alert.metric} crossed ${e.alert.threshold}`}` : `${at}: the ${e.alert.ruleId} alert resolved`;
    case 'drift':
      return `${at}: ${e.detector.toUpperCase()} flagged a drift in ${e.version}'s errors`;
    case 'training-failed':
      return `${at}: a training run failed: ${e.message}`;
    case 'stream-end':
      return `${at}: the stream ended`;
    default:
      return null;
  }
}

/** A run of the loop on the learner's data in a given Lab, with its progress lines. */
export class OwnRun {
  readonly lines: string[] = [];
  state: 'training' | 'running' | 'done' | 'error' = 'training';
  error: string | null = null;
  private readonly off: () => void;

  constructor(
    readonly lab: LabClient,
    private readonly changed: () => void,
  ) {
    this.off = lab.onLabEvent((e) => {
      const line = progressLine(e);
      if (line) {
        this.lines.push(line);
        if (this.lines.length > OWN_RUN_LINES) this.lines.shift();
      }
      if (e.type === 'stream-end') this.state = 'done';
      if (line || e.type === 'stream-end') this.changed();
    });
  }

  /** Creates the run on the Lab (the first version trains) and plays it at `speed` simulated seconds per second. */
  async start(config: LabConfig, speed: number): Promise<void> {
    try {
      await this.lab.create(config);
      if (this.state === 'training') this.state = 'running';
      this.changed();
      await this.lab.play(speed);
    } catch (error) {
      this.state = 'error';
      this.error = error instanceof Error ? error.message : String(error);
      this.changed();
    }
  }

  /** Stops listening (the Lab is the caller's to dispose). */
  stop(): void {
    this.off();
  }
}
