/**
 * Memory accounting: what TF.js holds right now, for leak checks and for the UI.
 */
import * as tf from '@tensorflow/tfjs';

/** A snapshot of TF.js memory. `numTensors` must come back to its old value after a run. */
export interface MemorySnapshot {
  numTensors: number;
  numDataBuffers: number;
  numBytes: number;
}

/** Reads TF.js's memory counters for the active backend. */
export function memorySnapshot(): MemorySnapshot {
  const m = tf.memory();
  return { numTensors: m.numTensors, numDataBuffers: m.numDataBuffers, numBytes: m.numBytes };
}

/** Tensors created and not disposed between two snapshots (negative: more were freed). */
export function tensorsLeaked(before: MemorySnapshot, after: MemorySnapshot = memorySnapshot()): number {
  return after.numTensors - before.numTensors;
}
