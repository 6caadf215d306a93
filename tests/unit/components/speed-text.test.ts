import { describe, expect, it } from 'vitest';
import { speedShortfall, speedShortfallText } from '../../../components/shared/speed-text';
import type { LabSnapshot } from '../../../src/loop/engine/snapshot';

const snap = (fields: Record<string, unknown>): LabSnapshot => fields as unknown as LabSnapshot;

describe('the achieved speed a view shows', () => {
  it('says nothing while the host keeps up (within 10%), is not playing, or has not measured yet', () => {
    expect(speedShortfall(null)).toBeNull();
    expect(speedShortfall(snap({ playing: false, playSpeed: 80, achievedSpeed: 10 }))).toBeNull();
    expect(speedShortfall(snap({ playing: true, playSpeed: 80 }))).toBeNull();
    expect(speedShortfall(snap({ playing: true, playSpeed: 80, achievedSpeed: 72 }))).toBeNull();
  });

  it('names the speed really achieved when it is under 90% of the asked one', () => {
    expect(speedShortfall(snap({ playing: true, playSpeed: 80, achievedSpeed: 71.9 }))).toEqual({ asked: 80, achieved: 71.9 });
    expect(speedShortfallText(snap({ playing: true, playSpeed: 80, achievedSpeed: 46.4 }))).toBe(
      'This machine keeps up with about 46 simulated seconds per second, not the 80 asked: the stream runs slower than its speed setting says.',
    );
    expect(speedShortfallText(snap({ playing: true, playSpeed: 5, achievedSpeed: 3.14 }))).toMatch(/about 3.1 simulated seconds per second, not the 5 asked/);
  });
});
