/**
 * The live loss and accuracy curves of a training run: two Chart.js line charts (training solid,
 * validation dashed), each with an aria-label and the latest numbers as text beside it. The host
 * renders `render()`, calls `attach()` once the canvases exist (firstUpdated), `plot()` per epoch,
 * `flush()` once per render, and `destroy()` on disconnect.
 */
import { html, type TemplateResult } from 'lit';
import type { EpochLog } from '../../src/model/trainer';
import { appendPoint, clearChart, createLineChart, type LineChart } from './line-chart';
import { formatPercent } from './trainer-text';

/** Colours and font of the charts (canvas cannot read CSS custom properties by itself). */
export interface CurveTheme {
  text: string;
  train: string;
  validation: string;
  font: string;
}

const GRID = 'rgba(110, 119, 129, 0.25)';

/** Two streaming charts: loss and accuracy per epoch. */
export class TrainingCurves {
  private loss: LineChart | null = null;
  private accuracy: LineChart | null = null;
  private dirty = false;

  /** Creates the charts on the canvases of `render()` inside `root` and replots `history`. No-op if attached. */
  attach(root: ParentNode, theme: CurveTheme, history: readonly EpochLog[]): void {
    const lossCanvas = root.querySelector<HTMLCanvasElement>('#loss-canvas');
    const accuracyCanvas = root.querySelector<HTMLCanvasElement>('#accuracy-canvas');
    if (!lossCanvas || !accuracyCanvas || this.loss) return;
    const common = { xTitle: 'Epoch', textColor: theme.text, gridColor: GRID, font: theme.font };
    this.loss = createLineChart(lossCanvas, {
      ...common,
      yTitle: 'Loss (lower is better)',
      yMin: 0,
      format: (v) => v.toFixed(2),
      series: [
        { label: 'Training loss', color: theme.train },
        { label: 'Validation loss', color: theme.validation, dashed: true },
      ],
    });
    this.accuracy = createLineChart(accuracyCanvas, {
      ...common,
      yTitle: 'Accuracy',
      yMin: 0,
      yMax: 1,
      format: (v) => `${Math.round(v * 100)}%`,
      series: [
        { label: 'Training accuracy', color: theme.train },
        { label: 'Validation accuracy', color: theme.validation, dashed: true },
      ],
    });
    for (const log of history) this.plot(log);
  }

  /** Empties both charts (a new run starts). */
  reset(): void {
    if (this.loss) clearChart(this.loss);
    if (this.accuracy) clearChart(this.accuracy);
    this.dirty = true;
  }

  /** Adds one epoch's points. */
  plot(log: EpochLog): void {
    if (this.loss) appendPoint(this.loss, log.epoch + 1, [log.loss, log.valLoss]);
    if (this.accuracy) appendPoint(this.accuracy, log.epoch + 1, [log.accuracy, log.valAccuracy]);
    this.dirty = true;
  }

  /** Redraws, without animation, if points changed since the last flush. */
  flush(): void {
    if (!this.dirty) return;
    this.dirty = false;
    this.loss?.update('none');
    this.accuracy?.update('none');
  }

  /** Destroys both charts (their canvases stay; `attach` makes new ones). */
  destroy(): void {
    this.loss?.destroy();
    this.accuracy?.destroy();
    this.loss = null;
    this.accuracy = null;
  }

  /** The two figures; `last` is the latest epoch, written out as text for readers who cannot see the charts. */
  render(last: EpochLog | undefined): TemplateResult {
    const lossText = last
      ? `Epoch ${last.epoch + 1}: training loss ${last.loss.toFixed(3)}${last.valLoss !== undefined ? `, validation loss ${last.valLoss.toFixed(3)}` : ''}.`
      : 'No epochs yet.';
    const accText = last
      ? `Epoch ${last.epoch + 1}: training accuracy ${formatPercent(last.accuracy)}${last.valAccuracy !== undefined ? `, validation accuracy ${formatPercent(last.valAccuracy)}` : ''}.`
      : 'No epochs yet.';
    return html`<div part="charts" class="charts">
      <figure>
        <figcaption>Loss</figcaption>
        <div class="chart-box">
          <canvas id="loss-canvas" role="img" aria-label="Loss per epoch: training (solid line) and validation (dashed line)" aria-describedby="loss-readout">
            ${lossText}
          </canvas>
        </div>
        <p id="loss-readout" class="readout">${lossText}</p>
      </figure>
      <figure>
        <figcaption>Accuracy</figcaption>
        <div class="chart-box">
          <canvas
            id="accuracy-canvas"
            role="img"
            aria-label="Accuracy per epoch: training (solid line) and validation (dashed line)"
            aria-describedby="accuracy-readout"
          >
            ${accText}
          </canvas>
        </div>
        <p id="accuracy-readout" class="readout">${accText}</p>
      </figure>
    </div>`;
  }
}
