/**
 * The compare chart's life in its element (a Lit ReactiveController): drawn anew after the update that
 * follows a new result (the canvas is there by then), destroyed when the result is cleared or the
 * element leaves the page.
 */
import type { Chart } from 'chart.js';
import type { LitElement, ReactiveController } from 'lit';
import type { CompareResult } from '../../src/loop/compare/runner';
import { readTheme } from '../monitor/view.styles';
import { createCompareChart } from './compare-chart';

/** Keeps one compare chart on its host's `<canvas>`. */
export class CompareChartController implements ReactiveController {
  private chart: Chart<'line', { x: number; y: number }[]> | null = null;
  private pending = false;

  constructor(
    private readonly host: LitElement,
    private readonly result: () => CompareResult | null,
  ) {
    host.addController(this);
  }

  /** Draws the current result after the host's next update. */
  redraw(): void {
    this.pending = true;
  }

  /** Destroys the chart (a later `redraw` makes a new one). */
  destroy(): void {
    this.chart?.destroy();
    this.chart = null;
  }

  hostUpdated(): void {
    const result = this.result();
    if (!this.pending || !result) return;
    const canvas = this.host.renderRoot.querySelector<HTMLCanvasElement>('canvas');
    if (!canvas) return;
    this.pending = false;
    this.destroy();
    this.chart = createCompareChart(canvas, result, {
      text: readTheme(this.host, '--mlops-text'),
      grid: readTheme(this.host, '--mlops-border'),
      font: readTheme(this.host, '--mlops-font'),
      band: 'rgba(213, 94, 0, 0.18)',
    });
  }

  hostDisconnected(): void {
    this.destroy();
  }
}
