import { describe, expect, it } from 'vitest';
import { groupConflicts, type LabGroupSetup } from '../../../components/shared/lab-group';

const setup: LabGroupSetup = { config: { scenario: 'sea-sudden', seed: 7, policy: 'on-alert', backend: 'wasm' }, recording: null, leader: '<mlops-traffic>' };
const quiet = { scenario: null, seed: null, policy: null, recording: null };

describe('lab-group: a member whose own attributes disagree is told so', () => {
  it('names a different backend policy, and stays silent when it agrees or says nothing', () => {
    expect(groupConflicts('sea', { ...quiet, backend: 'webgpu' }, setup)).toMatch(/backend="webgpu" \(the group trains with wasm\)/);
    expect(groupConflicts('sea', { ...quiet, backend: 'wasm' }, setup)).toBeNull();
    expect(groupConflicts('sea', { ...quiet, backend: null }, setup)).toBeNull();
    // A group whose config names no backend trains gpu-first (the lab's default).
    expect(groupConflicts('sea', { ...quiet, backend: 'gpu-first' }, { ...setup, config: { scenario: 'sea-sudden', seed: 7 } })).toBeNull();
  });

  it('names every difference in one sentence with the leader', () => {
    const text = groupConflicts('sea', { scenario: 'moons-rotation', seed: 3, policy: null, recording: null, backend: 'cpu' }, setup);
    expect(text).toContain('scenario="moons-rotation" (the group runs sea-sudden)');
    expect(text).toContain('seed="3" (the group runs seed 7)');
    expect(text).toContain('backend="cpu"');
    expect(text).toContain('(<mlops-traffic>) configured');
  });
});
