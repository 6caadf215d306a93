/**
 * Styles of `<mlops-monitor>`: the shared view styles plus the chart box, the summary and the key
 * of markers. Marker colours are custom properties too (the canvas reads them once, at creation).
 */
import { css, unsafeCSS } from 'lit';
import { viewStyles } from './view.styles';

/** Defaults of the monitor's own custom properties (each at least 3:1 against the light surface). */
export const MONITOR_DEFAULTS = {
  '--mlops-marker-drift': '#8a4b00',
  '--mlops-marker-alert': '#b3261e',
  '--mlops-marker-retrain': '#5b3f9e',
  '--mlops-marker-deploy': '#1b6e3a',
  '--mlops-marker-rollback': '#9c2a6b',
  '--mlops-marker-incident': '#4a5560',
  '--mlops-truth': 'rgba(230, 160, 30, 0.16)',
  '--mlops-truth-transition': 'rgba(230, 160, 30, 0.3)',
} as const;

function m(name: keyof typeof MONITOR_DEFAULTS) {
  return unsafeCSS(`var(${name}, ${MONITOR_DEFAULTS[name]})`);
}

/** The element's styles. */
export const monitorStyles = [
  viewStyles,
  css`
    figure {
      margin: 0 0 0.75rem;
      min-width: 0;
    }
    .chart-box {
      position: relative;
      height: 21rem;
    }
    .summary {
      margin-top: 0.5rem;
    }
    .legend {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 1rem;
      list-style: none;
      padding: 0;
      margin: 0 0 0.75rem;
      font-size: 0.85rem;
    }
    .legend li {
      display: flex;
      align-items: center;
      gap: 0.35rem;
    }
    .key {
      display: inline-block;
      width: 1.4rem;
      text-align: center;
      font-size: 0.9rem;
    }
    .key-truth {
      height: 0.9rem;
      background: ${m('--mlops-truth-transition')};
      border: 1px solid ${m('--mlops-marker-drift')};
    }
    .key-drift {
      color: ${m('--mlops-marker-drift')};
    }
    .key-alert {
      color: ${m('--mlops-marker-alert')};
    }
    .key-line {
      height: 0;
      border-top: 3px solid;
    }
    .key-line.retrain {
      border-top-style: dotted;
      border-color: ${m('--mlops-marker-retrain')};
    }
    .key-line.deploy {
      border-color: ${m('--mlops-marker-deploy')};
    }
    .health {
      margin: 0 0 0.75rem;
    }
    .health-grid {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr));
      gap: 0.75rem;
    }
    .health-panel {
      margin: 0;
      min-width: 0;
    }
    .health-panel h4 {
      margin: 0 0 0.25rem;
      font-size: 0.9rem;
    }
    .panel-box {
      position: relative;
      height: 10rem;
    }
    .health-panel .summary {
      font-size: 0.85rem;
    }
    .key-line.rollback {
      border-top-style: dashed;
      border-color: ${m('--mlops-marker-rollback')};
    }
  `,
];
