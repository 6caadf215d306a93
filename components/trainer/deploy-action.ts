/**
 * "Deploy to the lab": the trained model leaves the training worker as TF.js layers-model artifacts
 * (with its job and backend) and enters the lab's worker by the lab's `deploy-model` command, which
 * checks it against the running scenario, registers it (trigger `trainer`), gates it against
 * production on the same rows and releases it. Here: finding the lab, the call, and its sentences.
 */
import type { SerializedLabError } from '../../src/errors';
import type { TrainOutcome } from '../../src/loop/index';
import type { LabClient } from '../../src/worker/lab-client-core';
import type { TrainingPort } from '../../src/worker/training-client';
import { MlopsEvent } from '../shared/events';
import { toSerialized } from './trainer-status';

/** What a deploy gave: the lab's outcome (version, gate, deployed) or its typed error. */
export type DeployResult = { ok: true; outcome: TrainOutcome } | { ok: false; error: SerializedLabError };

/** A model from the trainer was deployed to the lab (detail: the lab's outcome: version, gate, deployed). */
export class MlopsDeployEvent extends MlopsEvent<TrainOutcome> {
  static readonly eventName = 'mlops-deploy';
  constructor(outcome: TrainOutcome) {
    super(MlopsDeployEvent.eventName, outcome);
  }
}

declare global {
  interface HTMLElementEventMap {
    'mlops-deploy': MlopsDeployEvent;
  }
}

/** The lab a trainer deploys to: the one given, else the `activeLab` of the first element `selector` names in the document. */
export function findLab(given: LabClient | null, selector: string): LabClient | null {
  if (given) return given;
  if (typeof document === 'undefined') return null;
  const element = document.querySelector(selector) as (Element & { activeLab?: LabClient | null }) | null;
  return element?.activeLab ?? null;
}

/** Exports the trainer's last model and deploys it to `lab`; never rejects. */
export async function deployToLab(port: TrainingPort, lab: LabClient): Promise<DeployResult> {
  try {
    const model = await port.exportModel();
    return { ok: true, outcome: await lab.deployModel(model) };
  } catch (error) {
    return { ok: false, error: toSerialized(error) };
  }
}

const pct = (x: number | undefined) => `${((x ?? 0) * 100).toFixed(1)}%`;

/** The sentence after a deploy. */
export function deploySentence(result: DeployResult): string {
  if (!result.ok) {
    const m = result.error.message;
    if (/no lab yet/.test(m)) return 'The lab has no run yet: press "Run the whole loop" above first, then deploy.';
    return `Not deployed: ${m.replace(/^deploy-model: /, '')}`;
  }
  const { version, gate, deployed, error } = result.outcome;
  if (!version) return `Not deployed: ${error ?? 'the lab refused the model'}.`;
  if (!gate) return `${version} registered in the lab${deployed ? ' and serving' : ''}.`;
  const vs = gate.metrics.hasProduction === 0 ? '' : ` vs production ${pct(gate.metrics.productionAccuracy)}`;
  const scores = `${pct(gate.metrics.candidateAccuracy)}${vs} on ${gate.metrics.rows} rows`;
  const rows = gate.metrics.rows ?? 0;
  const needs = gate.metrics.minSamples ?? 0;
  if (!gate.passed && rows < needs) {
    return `${version} registered in the lab, but the gate kept production: it compares the two models on at least ${needs} rows and had ${rows}. Stream the lab for a while (its labelled traffic is the gate's first choice), or train with more samples (a fifth of them are the test set), then deploy again.`;
  }
  if (!gate.passed) return `${version} registered in the lab, but the gate kept production (${scores}). The lab keeps it in its registry.`;
  if (deployed) return `${version} passed the gate (${scores}) and serves production now; the lab retrains it with these settings when drift hits.`;
  return `${version} passed the gate (${scores}) and started its trial (canary or shadow) in the lab.`;
}
