/**
 * The Lab an element starts for itself (no Lab given or provided): a recorded run replayed when the
 * element has a `recording` attribute, else a live Lab configured from its `scenario`, `seed` and
 * `policy` attributes, or from the page's URL hash with `sync-url`. What could not be used (a bad
 * attribute, a garbage or outdated hash) and a Lab running in the page rather than a worker are said
 * in the notice.
 */
import { LabError } from '../../src/errors';
import type { LabConfig } from '../../src/loop/index';
import { configToState, stateToConfig, type StateProblem } from '../../src/loop/persistence/share-state';
import type { LabClient } from '../../src/worker/lab-client-core';
import { configFromAttributes } from './lab-attributes';
import type { LabGroupStart } from './lab-group';
import { labPlace, labPlaceReason, replaySpeed, startLabClient, startReplayClient } from './lab-start';
import { ownAttributes } from './own-attributes';
import { readUrlState, writeUrlState } from './url-sync';

/**
 * The Lab an element alone on a page runs: the gradual concept-drift scenario in which the on-alert
 * policy really recovers (issue 6's acceptance figures), with a fixed seed so every load is the same run.
 */
export const DEFAULT_LAB_CONFIG: LabConfig = { scenario: 'moons-rotation', seed: 7, policy: 'on-alert' };

/** What the starter of an own Lab is asked once the Lab is created. */
export interface OwnLabOwner {
  /** True while `lab` is still the one in use (the URL is written and failures reported only then). */
  isCurrent(lab: LabClient): boolean;
  /** Reports a failure of the replay started with the recording. */
  fail(error: unknown): void;
}

/**
 * Starts a Lab from the attributes of `source` (the host, or its group's first element; or the
 * page's hash with `sync-url`): a replay or a live Lab. `defaults` is the config the attributes overlay.
 */
export function startOwnLab(source: Element, defaults: LabConfig, owner: OwnLabOwner): LabGroupStart {
  const recording = source.getAttribute('recording');
  const lab = recording !== null ? startReplayClient(recording) : startLabClient();
  const fromAttributes = configFromAttributes(source, defaults, ownAttributes(source));
  // With `sync-url` (and no recording) the page's hash, when it has one, names the run instead.
  const linked = recording === null ? readUrlState(source) : null;
  const config = linked ? stateToConfig(linked.state) : fromAttributes.config;
  const problem = linked ? linkProblem(linked.problems) : fromAttributes.problem;
  const inPage = labPlace(lab) === 'page' ? `This lab runs ${labPlaceReason(lab) ?? 'in the page'}; the page may pause while it trains.` : null;
  const notice = recording === null ? [problem?.message, inPage].filter((m): m is string => !!m).join(' ') || null : null;
  const created = lab.create(config).then((snapshot) => {
    if (recording === null && owner.isCurrent(lab)) writeUrlState(source, configToState(config));
    if (recording !== null) void lab.play(replaySpeed(source)).catch((error: unknown) => owner.isCurrent(lab) && owner.fail(error));
    return snapshot;
  });
  const leader = `<${source.localName}>`;
  return { lab, created, notice, config: recording === null ? config : null, recording, leader };
}

/** The problems of a page's hash as one error an element shows (null when the link was fine). */
function linkProblem(problems: readonly StateProblem[]): LabError | null {
  if (problems.length === 0) return null;
  return new LabError('invalid-lab-command', `${problems.map((p) => p.message).join('. ')}.`, { problems: problems.map((p) => p.message) });
}
