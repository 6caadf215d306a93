/**
 * A Play / Hold button for a view that runs its OWN Lab alone on a page (a lone `<mlops-boundary>`,
 * say): with no traffic view beside it nothing would ever stream, and the view would stay at
 * request 0. The button plays the Lab's stream at `LONE_PLAY_SPEED` and holds it; it follows the
 * play state the Lab's host reports in every snapshot. A view whose Lab is given or provided (the
 * lab page, a traffic view in its group) leaves the stream to those controls and shows no button.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { LabController } from '../shared/lab-controller';
import { labPlace } from '../shared/lab-controller';

/** Simulated seconds per real second a lone view plays at (the traffic view's default). */
export const LONE_PLAY_SPEED = 10;

/** Whether `controller`'s host should offer its own Play / Hold: it runs its own live Lab. */
export function offersOwnPlay(controller: LabController): boolean {
  const lab = controller.lab;
  return lab !== null && controller.ownsLab && labPlace(lab) !== 'recording';
}

/** Plays or holds the own Lab's stream; a failure is handed to `onError`. */
export async function toggleOwnPlay(controller: LabController, onError: (error: unknown) => void): Promise<void> {
  const lab = controller.lab;
  if (!lab) return;
  try {
    if (controller.snapshot?.playing === true) controller.accept(await lab.pause());
    else await lab.play(LONE_PLAY_SPEED);
  } catch (error) {
    onError(error);
  }
}

/** The button (`part="play-button"`, `data-playing`), or nothing when the view does not run its own Lab. */
export function renderOwnPlay(controller: LabController, onError: (error: unknown) => void): TemplateResult | typeof nothing {
  if (!offersOwnPlay(controller)) return nothing;
  const snapshot = controller.snapshot;
  const playing = snapshot?.playing === true;
  const done = snapshot?.done === true;
  return html`<p class="own-play">
    <button part="play-button" type="button" data-playing=${String(playing)} ?disabled=${!snapshot || done} @click=${() => void toggleOwnPlay(controller, onError)}>
      ${playing ? 'Hold traffic' : 'Play traffic'}
    </button>
    <span class="muted">${done ? 'The stream has ended.' : playing ? `Streaming at ${LONE_PLAY_SPEED} simulated seconds per second.` : 'This view runs its own lab: play its traffic to watch the points move.'}</span>
  </p>`;
}
