/**
 * The simulated clock of a Lab: simulated seconds drive everything. A tick takes the stream's events
 * up to the tick's end in order: the requests of a tick are answered as one micro-batch (the endpoint
 * runs on a manual scheduler, so batching never depends on wall time); labels are joined in arrival
 * order, and a label whose own request is still in the batch waits for the batch's answers. Then the
 * Lab's decisions run (`afterTick`: alerts, a trial's verdict, the retrain trigger). A retrain happens
 * inside the tick that triggered it (simulated time does not move while training), so the same config
 * gives the same decisions on every machine, however the time is cut up.
 */
import type { LabelEvent, RequestStream, StreamRecord } from '../../traffic/index';
import { LabCommandError } from './errors';
import type { RequestPipeline } from './pipeline';

/** What the clock drives. */
export interface ClockHost {
  readonly stream: RequestStream;
  readonly pipeline: RequestPipeline;
  /** Simulated seconds per tick, and the stream's length (requests). */
  readonly tickSeconds: number;
  readonly length: number;
  /** Answers a micro-batch (the Lab moves to the observe station first). */
  answer(batch: readonly StreamRecord[]): Promise<void>;
  /** The decisions after a tick. */
  afterTick(): Promise<void>;
  /** The stream ended (every request answered, no label left). */
  ended(): void;
}

/**
 * Whether a label's request is in the batch not yet answered. The batch holds consecutive stream
 * positions, so a label with its request's position is in it when that position is not before the
 * batch's first; a label without one is looked up by request id.
 */
function waitsIn(batch: readonly StreamRecord[], label: LabelEvent): boolean {
  const first = batch[0];
  if (first === undefined) return false;
  if (label.index !== undefined) return label.index >= first.index;
  return batch.some((r) => r.request.id === label.id);
}

/** Ticks a Lab's stream; see the file comment. */
export class SimClock {
  /** Simulated seconds now. */
  time = 0;
  /** True once every request was sent and answered and no event is left. */
  done = false;
  /** Simulated seconds asked of `step` that do not yet make a whole tick. */
  private carry = 0;

  constructor(private readonly host: ClockHost) {}

  /**
   * Runs for `seconds` of simulated time. Only whole ticks run; a remainder is carried to the next
   * call, so playing at any speed, stepping by hand, or running to the end give one run.
   */
  async step(seconds: number): Promise<void> {
    if (!(seconds > 0) || !Number.isFinite(seconds)) throw new LabCommandError('step', `seconds must be a positive number, got ${seconds}`);
    const tick = this.host.tickSeconds;
    this.carry += seconds;
    // The tolerance absorbs float error from slices such as 20 x 0.05 s.
    while (this.carry >= tick - 1e-9 && !this.done) {
      this.carry = Math.max(0, this.carry - tick);
      await this.tick(this.time + tick);
    }
  }

  /** Runs until `requests` more requests were sent (or the stream ends). */
  async runRequests(requests: number): Promise<void> {
    const target = this.host.pipeline.lastIndex + 1 + requests;
    while (this.host.pipeline.lastIndex + 1 < target && !this.done) await this.tick(this.time + this.host.tickSeconds);
  }

  /** Runs to the end of the stream. */
  async runToEnd(onProgress?: (position: number) => void): Promise<void> {
    while (!this.done) {
      await this.tick(this.time + this.host.tickSeconds);
      onProgress?.(this.host.pipeline.lastIndex + 1);
    }
  }

  private async tick(t: number): Promise<void> {
    const { stream, pipeline } = this.host;
    const events = stream.until(t, 1_000_000);
    const batch: StreamRecord[] = [];
    for (const e of events) {
      if (e.type === 'request') {
        batch.push(pipeline.admit(e));
      } else {
        // A label is joined at once unless its own request still waits in this batch (label delay
        // shorter than a tick): then the batch is answered first. Labels keep their order.
        if (waitsIn(batch, e.label)) await this.host.answer(batch.splice(0));
        pipeline.joinLabel(e);
      }
    }
    if (batch.length) await this.host.answer(batch);
    this.time = t;
    if (events.length === 0 && stream.requests >= this.host.length && stream.waitingLabels === 0) {
      this.done = true;
      this.host.ended();
      return;
    }
    await this.host.afterTick();
  }
}
