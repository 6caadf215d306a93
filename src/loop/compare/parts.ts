/**
 * A compare run in parts (one run per worker, src/worker/compare-pool.ts) put back together. Pure,
 * no tfjs: the page merges what its workers return.
 */
import { LabCommandError } from '../engine/errors';
import type { CompareResult } from './runner';

/**
 * One compare from its parts (each the result of `runCompare` with `only`), given in list order: the
 * first part's header (every part has the same: one config, one stream) and every part's runs. Equal
 * to `runCompare` without `only` on the same options.
 */
export function mergeCompareParts(parts: readonly CompareResult[]): CompareResult {
  const first = parts[0];
  if (!first) throw new LabCommandError('compare', 'a compare needs at least one part', { field: 'only' });
  return { ...first, runs: parts.flatMap((p) => p.runs) };
}
