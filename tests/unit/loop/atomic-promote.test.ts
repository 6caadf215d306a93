/**
 * History is the truth, at the Lab level: a promotion is written only once the endpoint really
 * serves the version. A version whose warm-up gives non-finite probabilities (weights scaled so far
 * that float32 overflows) is refused: production, the deployment history and the release records stay
 * as they were, the decision log says why, and every later answer comes from the version the history
 * names.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { Lab } from '../../../src/loop/index';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('Lab.promote is atomic', () => {
  test('a version that fails warm-up moves nothing and records nothing', async () => {
    const lab = await Lab.create({ scenario: 'stable', seed: 3, requests: 600, policy: 'manual', training: { epochs: 2 } });
    try {
      await lab.bootstrap();
      const source = lab.registry.get('v1');
      const artifacts = await lab.registry.artifacts('v1');
      const scaled = new Float32Array(artifacts.weightData.slice(0));
      for (let i = 0; i < scaled.length; i++) scaled[i] = (scaled[i] as number) * 1e30;
      const broken = await lab.registry.registerArtifacts({ ...artifacts, weightData: scaled.buffer }, { trigger: 'manual', data: source.data, model: source.model, hyperParameters: source.hyperParameters, backend: source.backend, evaluation: source.evaluation, schema: source.schema, notes: 'overflowing weights', simTime: 0, parent: 'v1' });
      const historyBefore = lab.registry.history().length;
      const releasesBefore = lab.registry.releases().length;
      await expect(lab.promote(broken.id, 'test: broken candidate')).rejects.toThrow(/warm-up|non-finite/);
      expect(lab.registry.current('production')).toBe('v1');
      expect(lab.deployed().production).toBe('v1');
      expect(lab.registry.history()).toHaveLength(historyBefore);
      expect(lab.registry.releases()).toHaveLength(releasesBefore);
      const refusal = lab.log().filter((e) => e.type === 'decision' && e.kind === 'reject' && e.version === broken.id);
      expect(refusal).toHaveLength(1);
      const versions = new Set<string>();
      lab.tap((_id, response) => {
        if ('model_version' in response && response.model_version) versions.add(response.model_version);
      });
      await lab.runToEnd();
      expect([...versions]).toEqual(['v1']);
    } finally {
      await lab.dispose();
    }
  });
});
