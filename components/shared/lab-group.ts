/**
 * Own Labs shared by name: elements alone on a page (no `<mlops-lab>` around them, no `.lab` given)
 * that carry the same `lab-group` attribute use ONE Lab, so a course page can put a traffic view and
 * a monitor side by side on the same run with plain HTML. The first member to start makes the Lab
 * (its attributes configure it); later members join it; the Lab is disposed when the last member
 * leaves. Groups live for the page (one registry per loaded copy of the module).
 */
import type { LabSnapshot } from '../../src/loop/index';
import type { LabClient } from '../../src/worker/lab-client-core';

/** The attribute that names an element's group. */
export const LAB_GROUP_ATTRIBUTE = 'lab-group';

/** A group's shared Lab, how it was started, and how many elements use it. */
export interface LabGroup {
  readonly name: string;
  readonly lab: LabClient;
  /** Settles when the Lab was created (its first snapshot), or with the failure. */
  readonly created: Promise<LabSnapshot>;
  /** What the group's members show beside their status (the first member's settings problems, where the Lab runs). */
  readonly notice: string | null;
  members: number;
}

const groups = new Map<string, LabGroup>();

/** The group named `name`, joined (made with `start` when it does not exist yet). */
export function joinLabGroup(name: string, start: () => { lab: LabClient; created: Promise<LabSnapshot>; notice: string | null }): LabGroup {
  let group = groups.get(name);
  if (!group) {
    const started = start();
    group = { name, lab: started.lab, created: started.created, notice: started.notice, members: 0 };
    groups.set(name, group);
  }
  group.members += 1;
  return group;
}

/** Leaves the group that `lab` belongs to; true when that was its last member (the caller disposes the Lab). */
export function leaveLabGroup(name: string, lab: LabClient): boolean {
  const group = groups.get(name);
  if (!group || group.lab !== lab) return true;
  group.members -= 1;
  if (group.members > 0) return false;
  groups.delete(name);
  return true;
}

/** The names of the groups alive now, with their member counts (for tests and pages). */
export function labGroups(): Record<string, number> {
  return Object.fromEntries([...groups].map(([name, g]) => [name, g.members]));
}
