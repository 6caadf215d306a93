/**
 * What the loop's parts (training, trial, release flow) read from the Lab: one context object the Lab
 * builds once, instead of a hand-written host per part. Functions give the values that change (the
 * endpoint a drill may swap, the registry a restore swaps, the policy, the clock).
 */
import type { DatasetSchema } from '../../../datasets/types';
import type { GateResult, ModelRegistry } from '../../registry/index';
import type { Endpoint } from '../../serving/index';
import type { Policy } from '../decisions/policy';
import type { ResolvedLabConfig } from './config';
import type { DecisionKind, EventHub } from './events';
import type { Station } from './stations';

/** The Lab as its parts see it. */
export interface LoopContext {
  readonly config: ResolvedLabConfig;
  readonly schema: DatasetSchema;
  readonly events: EventHub;
  endpoint(): Endpoint;
  registry(): ModelRegistry;
  policy(): Policy;
  /** Simulated seconds now. */
  time(): number;
  /** Requests sent so far. */
  position(): number;
  setStation(station: Station, why: string): void;
  decide(kind: DecisionKind, reason: string, actor: string, extra?: { version?: string; gate?: GateResult }): void;
}
