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

/**
 * Reads TF.js's memory counters. They come from the engine's own bookkeeping, so this works before
 * any backend was chosen (when `tf.memory()` would try to start one).
 */
export function memorySnapshot(): MemorySnapshot {
  const { numTensors, numDataBuffers, numBytes } = tf.engine().state;
  return { numTensors, numDataBuffers, numBytes };
}

/** Tensors created and not disposed between two snapshots (negative: more were freed). */
export function tensorsLeaked(before: MemorySnapshot, after: MemorySnapshot = memorySnapshot()): number {
  return after.numTensors - before.numTensors;
}
