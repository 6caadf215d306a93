/**
 * The simulated clock: simulated seconds that advance with real time times a speed multiplier, and
 * can be paused, resumed and stepped. It owns no timer: whoever drives the lab (an animation frame,
 * a worker loop, a test) calls `advance(realMs)`, so the same code runs in Node, a page and a worker,
 * and tests are exact.
 */
import { TrafficError } from './errors';

/** The largest speed: a simulated day per real second is about 86 400; allow some headroom. */
export const MAX_SPEED = 1_000_000;

/** A pausable simulated clock. */
export class SimClock {
  private simSeconds: number;
  private multiplier: number;
  private isPaused = false;

  /** Starts at `start` simulated seconds, running `speed` simulated seconds per real second. */
  constructor(options: { start?: number; speed?: number } = {}) {
    this.simSeconds = checkTime('start', options.start ?? 0);
    this.multiplier = checkSpeed(options.speed ?? 1);
  }

  /** Simulated seconds since the start of the simulation. */
  get now(): number {
    return this.simSeconds;
  }

  /** Simulated seconds per real second. */
  get speed(): number {
    return this.multiplier;
  }

  get paused(): boolean {
    return this.isPaused;
  }

  /** Changes the speed (takes effect from the next advance). */
  setSpeed(speed: number): void {
    this.multiplier = checkSpeed(speed);
  }

  pause(): void {
    this.isPaused = true;
  }

  resume(): void {
    this.isPaused = false;
  }

  /** Moves time on by `realMs` real milliseconds times the speed (nothing while paused); returns the new time. */
  advance(realMs: number): number {
    if (typeof realMs !== 'number' || !Number.isFinite(realMs) || realMs < 0) throw new TrafficError('realMs', `must be a finite number >= 0, got ${realMs}`);
    if (!this.isPaused) this.simSeconds += (realMs / 1000) * this.multiplier;
    return this.simSeconds;
  }

  /** Moves time on by `simSeconds` simulated seconds, paused or not (single-stepping); returns the new time. */
  step(simSeconds: number): number {
    this.simSeconds += checkTime('simSeconds', simSeconds);
    return this.simSeconds;
  }
}

function checkTime(field: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new TrafficError(field, `must be a finite number of seconds >= 0, got ${value}`);
  return value;
}

function checkSpeed(speed: number): number {
  if (typeof speed !== 'number' || !Number.isFinite(speed) || speed <= 0 || speed > MAX_SPEED) throw new TrafficError('speed', `must be a number above 0 and at most ${MAX_SPEED}, got ${speed}`);
  return speed;
}
