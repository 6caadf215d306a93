/**
 * How often the trainer re-renders while a run trains: a run's events arrive much faster than a
 * learner can read, and each render costs the training worker's share of a 2-core machine.
 */

/**
 * Shortest time between two renders while a run trains. A run's events arrive much faster than a
 * learner can read (hundreds of epochs a second on a small model); redrawing the charts and the
 * form for each frame took up to half of the training speed on a 2-core machine, where the page and
 * the training worker share the cores. Four updates a second keep the progress live.
 */
export const TRAINING_RENDER_MS = 250;

/**
 * Shortest time between two redraws of the loss and accuracy charts while a run trains (a canvas
 * redraw is the dearest part of a render where the page is composited in software). The charts are
 * always redrawn when the run ends.
 */
export const TRAINING_CHART_MS = 1000;

/** The pacing of renders and chart redraws of one element. */
export class RenderPace {
  private lastRender = 0;
  private lastChartFlush = 0;
  private trailing = 0;

  constructor(private readonly requestUpdate: () => void) {}

  /**
   * Whether to render now. While training, renders asked for by events (no property changed) come
   * at most every TRAINING_RENDER_MS; the last one is never lost (a trailing render follows).
   */
  shouldRender(training: boolean, propertiesChanged: boolean): boolean {
    if (!training || propertiesChanged) return true;
    const wait = TRAINING_RENDER_MS - (performance.now() - this.lastRender);
    if (wait <= 0) return true;
    if (!this.trailing) {
      this.trailing = setTimeout(() => {
        this.trailing = 0;
        this.requestUpdate();
      }, wait) as unknown as number;
    }
    return false;
  }

  /** Notes a render; true when the charts should be redrawn with it. */
  rendered(training: boolean): boolean {
    const now = performance.now();
    this.lastRender = now;
    if (training && now - this.lastChartFlush < TRAINING_CHART_MS) return false;
    this.lastChartFlush = now;
    return true;
  }

  /** Cancels a pending trailing render. */
  stop(): void {
    if (this.trailing) clearTimeout(this.trailing);
    this.trailing = 0;
  }
}
