/**
 * Test setup for the endpoint: a registry holding seeded tiny models, and an endpoint on a manual
 * scheduler so that micro-batching is exact.
 */
import { ModelRegistry } from '../../../src/registry/index';
import { Endpoint, ManualScheduler, type EndpointOptions } from '../../../src/serving/index';
import { SCHEMA, tinyModel, versionInfo } from '../registry/fixtures';

/** A registry with versions v1..v<count> (seeds 1..count). */
export async function registryOf(count: number): Promise<ModelRegistry> {
  const registry = await ModelRegistry.open();
  for (let seed = 1; seed <= count; seed++) {
    const model = tinyModel(seed);
    await registry.register(model, versionInfo(seed));
    model.dispose();
  }
  return registry;
}

/** An endpoint "clf" over `registry` with a manual scheduler (window 2 ms, buckets 1/4/16). */
export function endpointOf(registry: ModelRegistry, options: Partial<EndpointOptions> = {}): { endpoint: Endpoint; clock: ManualScheduler } {
  const clock = new ManualScheduler();
  const endpoint = new Endpoint({ registry, name: 'clf', schema: SCHEMA, buckets: [1, 4, 16], windowMs: 2, scheduler: clock, now: clock.now, ...options });
  return { endpoint, clock };
}

/** Lets pending promise callbacks run (TF.js cpu reads resolve in microtasks and macrotasks). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

/** A valid record. */
export function record(i: number): { x: number; y: number; color: string } {
  return { x: ((i * 37) % 50) / 10 - 2, y: ((i * 53) % 40) / 10 - 2, color: ['red', 'green', 'blue'][i % 3] as string };
}

/** A valid OIP v2 request of one row, tensor form. */
export function oneRow(id: string, i = 0): { id: string; inputs: Array<{ name: string; shape: number[]; datatype: string; data: number[] }> } {
  const r = record(i);
  return { id, inputs: [{ name: 'input-0', shape: [1, 3], datatype: 'FP32', data: [r.x, r.y, ['red', 'green', 'blue'].indexOf(r.color)] }] };
}
