/**
 * Fixed batch sizes. Every new input shape makes a GPU backend compile new shader programs, so the
 * endpoint pads each micro-batch up to the smallest of a few bucket sizes (all warmed up at deploy)
 * and never presents the model a shape it has not seen: no compilation on the hot path. cpu and wasm
 * compile nothing per shape, so there chunks are not padded (served-model.ts `padsToBuckets`).
 */
import { EndpointConfigError } from './errors';

/** The default buckets: 1, 8, 32, 128 rows. */
export const DEFAULT_BUCKETS: readonly number[] = [1, 8, 32, 128];

/** Validates bucket sizes: 1 to 8 distinct whole numbers from 1 to 4096, returned ascending. */
export function validateBuckets(buckets: unknown): number[] {
  if (!Array.isArray(buckets) || buckets.length < 1 || buckets.length > 8 || !buckets.every((b) => Number.isInteger(b) && b >= 1 && b <= 4096)) {
    throw new EndpointConfigError('buckets', 'must be 1 to 8 whole numbers from 1 to 4096');
  }
  const sorted = [...new Set(buckets as number[])].sort((a, b) => a - b);
  if (sorted.length !== buckets.length) throw new EndpointConfigError('buckets', 'must be distinct');
  return sorted;
}

/** The bucket a chunk of `n` rows (1 <= n <= largest bucket) is padded to. */
export function bucketFor(n: number, buckets: readonly number[]): number {
  for (const b of buckets) if (b >= n) return b;
  return buckets[buckets.length - 1] as number;
}

/** Splits `n` rows into chunks of at most the largest bucket: [start, rows, bucket] each. */
export function chunks(n: number, buckets: readonly number[]): Array<[start: number, rows: number, bucket: number]> {
  const max = buckets[buckets.length - 1] as number;
  const out: Array<[number, number, number]> = [];
  for (let start = 0; start < n; start += max) {
    const rows = Math.min(max, n - start);
    out.push([start, rows, bucketFor(rows, buckets)]);
  }
  return out;
}
