/**
 * Routing: which deployed model answers a request. The assignment is a deterministic hash of the
 * request id (plus a salt), so the same id always takes the same route and a replayed stream splits
 * the same way.
 *
 * - `production`: every request to production;
 * - `canary`: `percent` % of requests to the candidate, the rest to production;
 * - `ab`: requests split by weight between production and candidate;
 * - `shadow`: production answers; the shadow model (the `shadow` alias, else the candidate) gets a
 *   copy whose answer is logged and compared, never returned.
 */
import { EndpointConfigError } from './errors';

/** A routing policy. */
export type RoutingPolicy =
  | { mode: 'production' }
  | { mode: 'canary'; percent: number }
  | { mode: 'ab'; weights: { production: number; candidate: number } }
  | { mode: 'shadow' };

/** Validates an untrusted policy; throws EndpointConfigError naming the field. */
export function validatePolicy(policy: unknown): RoutingPolicy {
  if (typeof policy !== 'object' || policy === null) throw new EndpointConfigError('routing', 'must be an object with a mode');
  const p = policy as Record<string, unknown>;
  switch (p.mode) {
    case 'production':
    case 'shadow':
      return { mode: p.mode };
    case 'canary':
      if (typeof p.percent !== 'number' || !(p.percent >= 0 && p.percent <= 100)) throw new EndpointConfigError('routing.percent', 'must be a number from 0 to 100');
      return { mode: 'canary', percent: p.percent };
    case 'ab': {
      const w = p.weights as Record<string, unknown> | undefined;
      const ok = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
      if (!w || !ok(w.production) || !ok(w.candidate) || (w.production as number) + (w.candidate as number) <= 0) throw new EndpointConfigError('routing.weights', 'needs non-negative production and candidate weights with a positive sum');
      return { mode: 'ab', weights: { production: w.production as number, candidate: w.candidate as number } };
    }
    default:
      throw new EndpointConfigError('routing.mode', 'must be production, canary, ab or shadow');
  }
}

/**
 * A uniform number in [0, 1) from a request id: FNV-1a over the salted id's UTF-16 code units,
 * then the murmur3 32-bit finalizer (xor-shift-multiply) so that ids differing in one character
 * land far apart, then divided by 2^32.
 */
export function assignmentOf(id: string, salt: string): number {
  const text = `${salt}\u0000${id}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/** The route a request takes under a policy: the answering alias (shadow copies are decided apart). */
export function routeOf(policy: RoutingPolicy, id: string, salt: string, hasCandidate: boolean): 'production' | 'candidate' {
  if (!hasCandidate) return 'production';
  if (policy.mode === 'canary') return assignmentOf(id, salt) < policy.percent / 100 ? 'candidate' : 'production';
  if (policy.mode === 'ab') {
    const share = policy.weights.candidate / (policy.weights.production + policy.weights.candidate);
    return assignmentOf(id, salt) < share ? 'candidate' : 'production';
  }
  return 'production';
}
