/**
 * Own Labs shared by name: elements alone on a page (no `<mlops-lab>` around them, no `.lab` given)
 * that carry the same `lab-group` attribute use ONE Lab, so a course page can put a traffic view and
 * a monitor side by side on the same run with plain HTML. The group is configured by its FIRST member
 * in document order (`groupLeader`), whichever element type happens to register or start first; later
 * members join its Lab, and a member whose own `scenario` / `seed` / `policy` / `recording` disagree
 * with the group's gets a notice naming the conflict (`groupConflicts`). The Lab is disposed when the
 * last member leaves. Groups live for the page (one registry per loaded copy of the module).
 */
import type { LabSnapshot } from '../../src/loop/index';
import type { LabConfig } from '../../src/loop/engine/config';
import type { LabClient } from '../../src/worker/lab-client-core';

/** The attribute that names an element's group. */
export const LAB_GROUP_ATTRIBUTE = 'lab-group';

/** How a group's Lab was set up: the settings in force and the element they were read from. */
export interface LabGroupSetup {
  /** The config the group's live Lab was created with (null for a replayed recording). */
  readonly config: LabConfig | null;
  /** The recording the group replays (null for a live Lab). */
  readonly recording: string | null;
  /** The element whose attributes configured the group, as a tag (`<mlops-traffic>`). */
  readonly leader: string;
}

/** A group's shared Lab, how it was started, and how many elements use it. */
export interface LabGroup extends LabGroupSetup {
  readonly name: string;
  readonly lab: LabClient;
  /** Settles when the Lab was created (its first snapshot), or with the failure. */
  readonly created: Promise<LabSnapshot>;
  /** What the group's members show beside their status (the first member's settings problems, where the Lab runs). */
  readonly notice: string | null;
  members: number;
}

/** What `joinLabGroup`'s `start` returns: the Lab, its creation, its notice and its setup. */
export interface LabGroupStart extends LabGroupSetup {
  lab: LabClient;
  created: Promise<LabSnapshot>;
  notice: string | null;
}

const groups = new Map<string, LabGroup>();

/** The group named `name`, joined (made with `start` when it does not exist yet). */
export function joinLabGroup(name: string, start: () => LabGroupStart): LabGroup {
  let group = groups.get(name);
  if (!group) {
    const started = start();
    group = { name, ...started, members: 0 };
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

/** The group's settings, or null when no group of that name is alive. */
export function labGroupSetup(name: string): LabGroupSetup | null {
  const group = groups.get(name);
  return group ? { config: group.config, recording: group.recording, leader: group.leader } : null;
}

/**
 * The first element in document order (in `member`'s document or shadow root) that is an MLOps Lab
 * element (`mlops-*`) of group `name`: its attributes configure the group. `member` itself when none
 * is found (it is not in a tree yet).
 */
export function groupLeader(name: string, member: Element): Element {
  const root = member.getRootNode();
  const scope: ParentNode | null = 'querySelectorAll' in root ? (root as ParentNode) : null;
  if (!scope) return member;
  for (const element of scope.querySelectorAll(`[${LAB_GROUP_ATTRIBUTE}]`)) {
    if (element.localName.startsWith('mlops-') && element.getAttribute(LAB_GROUP_ATTRIBUTE)?.trim() === name) return element;
  }
  return member;
}

/** A member's own settings, each null when its attribute is absent (or unusable). */
export interface MemberSettings {
  scenario: string | null;
  seed: number | null;
  policy: string | null;
  recording: string | null;
  /** The backend policy asked for (absent in settings read before the backend attribute). */
  backend?: string | null;
}

/**
 * What a member's own attributes say that the group does not do, in plain words (null when they
 * agree, or say nothing). Only the attributes the member sets are compared.
 */
export function groupConflicts(name: string, member: MemberSettings, setup: LabGroupSetup): string | null {
  const differences: string[] = [];
  if (setup.recording !== null) {
    if (member.recording !== null && member.recording !== setup.recording) differences.push(`recording="${member.recording}" (the group replays ${setup.recording})`);
    if (member.recording === null && (member.scenario !== null || member.seed !== null || member.policy !== null)) differences.push('a live lab (the group replays a recording)');
  } else {
    const config = setup.config;
    const scenario = config && typeof config.scenario === 'string' ? config.scenario : null;
    const policy = config && typeof config.policy === 'string' ? config.policy : 'on-alert';
    if (member.recording !== null) differences.push(`recording="${member.recording}" (the group runs a live lab)`);
    if (member.scenario !== null && scenario !== null && member.scenario !== scenario) differences.push(`scenario="${member.scenario}" (the group runs ${scenario})`);
    if (member.seed !== null && config && member.seed !== config.seed) differences.push(`seed="${member.seed}" (the group runs seed ${config.seed})`);
    if (member.policy !== null && member.policy !== policy) differences.push(`policy="${member.policy}" (the group runs ${policy})`);
    const backend = config?.backend ?? 'gpu-first';
    if (member.backend != null && member.backend !== backend) differences.push(`backend="${member.backend}" (the group trains with ${backend})`);
  }
  if (differences.length === 0) return null;
  return `This element asks for ${differences.join(', ')}, but it shares lab group "${name}", which the first element of the group (${setup.leader}) configured; it shows that lab. Give the group's elements the same settings, or another lab-group.`;
}
