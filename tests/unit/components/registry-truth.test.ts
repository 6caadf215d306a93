/**
 * The registry's words read from a real run: on moons-rotation (seed 7, on-alert) every version the
 * gate refused is shown as rejected with the gate's own numbers, every promoted one as passed with
 * its p-value, and the first version as the lab's own, not the learner's.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { Lab } from '../../../src/loop/engine/lab';
import { takeSnapshot } from '../../../src/loop/engine/snapshot';
import { gateCellText, madeByText, RegistryLog, versionRows } from '../../../components/registry/registry-rows';
import { releaseRows } from '../../../components/registry/release-text';
import { gateComparison } from '../../../src/loop/decisions/gate';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('the registry tells the run as it happened', () => {
  test('moons-rotation seed 7: rejected, passed and first versions in words with the gate numbers', async () => {
    const lab = await Lab.create({ scenario: 'moons-rotation', seed: 7, policy: 'on-alert', requests: 7000 });
    try {
      await lab.bootstrap();
      await lab.runToEnd();
      const log = new RegistryLog();
      for (const e of lab.log()) log.add(e);
      const snapshot = takeSnapshot(lab);
      const rows = versionRows(snapshot, log);
      const gates = lab.log().flatMap((e) => (e.type === 'decision' && e.kind === 'gate' && e.gate && e.version ? [{ version: e.version, gate: e.gate }] : []));
      expect(gates.some((g) => !g.gate.passed)).toBe(true);
      for (const { version, gate } of gates) {
        const row = rows.find((r) => r.id === version);
        expect(row, version).toBeDefined();
        const cell = gateCellText(row as NonNullable<typeof row>);
        if (gate.metrics.hasProduction === 0) expect(cell.status).toBe('first');
        else {
          expect(cell.status).toBe(gate.passed ? 'passed' : 'rejected');
          expect(cell.text).toContain(gateComparison(gate) as string);
        }
        // A rejected version never went to production.
        if (!gate.passed) expect(lab.registry.history().filter((m) => m.alias === 'production').map((m) => m.version)).not.toContain(version);
      }
      const v1 = rows.find((r) => r.id === 'v1') as NonNullable<(typeof rows)[number]>;
      expect(madeByText(v1)).toBe('the lab, when it started');
      const first = releaseRows(snapshot).find((r) => r.record.version === 'v1');
      expect(first?.headline).toMatch(/deployed by the lab when it started\.$/);
      expect(first?.approver).not.toMatch(/you/);
    } finally {
      await lab.dispose();
    }
  });
});
