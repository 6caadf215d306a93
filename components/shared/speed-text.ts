/**
 * What a view says about the play speed when the machine cannot keep up: the Lab's host reports the
 * speed it really achieved beside the one asked (`achievedSpeed`, `playSpeed`), and a view shows the
 * difference once it is more than 10%, in plain words.
 */
import type { LabSnapshot } from '../../src/loop/engine/snapshot';
import { achievedSpeed } from '../../src/worker/lab-protocol';

/** Below this share of the asked speed a view says the machine is behind. */
export const SPEED_SHORTFALL = 0.9;

/** The achieved speed when it is under 90% of the asked one while playing, else null. */
export function speedShortfall(snapshot: LabSnapshot | null): { asked: number; achieved: number } | null {
  if (!snapshot?.playing || snapshot.playSpeed === undefined) return null;
  const achieved = achievedSpeed(snapshot);
  if (achieved === null || achieved >= SPEED_SHORTFALL * snapshot.playSpeed) return null;
  return { asked: snapshot.playSpeed, achieved };
}

/** One sentence about a shortfall (null when there is none). */
export function speedShortfallText(snapshot: LabSnapshot | null): string | null {
  const s = speedShortfall(snapshot);
  if (!s) return null;
  const shown = s.achieved >= 10 ? Math.round(s.achieved) : Math.round(s.achieved * 10) / 10;
  return `This machine keeps up with about ${shown} simulated seconds per second, not the ${s.asked} asked: the stream runs slower than its speed setting says.`;
}
