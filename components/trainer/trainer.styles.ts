/**
 * Styles of `<mlops-trainer>`. Every colour comes from a CSS custom property with a default chosen
 * for at least 4.5:1 contrast on the default surface; charts read the same properties.
 */
import { css, unsafeCSS } from 'lit';
import { narrowStyles } from '../shared/narrow.styles';

/** Default values of the theme's custom properties (also used by the charts, which draw on canvas). */
export const THEME_DEFAULTS = {
  '--mlops-font': 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  '--mlops-surface': '#ffffff',
  '--mlops-text': '#1f2328',
  '--mlops-muted': '#525a63',
  '--mlops-border': '#6e7781',
  '--mlops-accent': '#1a56b0',
  '--mlops-accent-2': '#a3410b',
  '--mlops-danger': '#b3261e',
  '--mlops-tint': '#eef3fb',
} as const;

/** A theme property with its default, for use inside `css`. */
function v(name: keyof typeof THEME_DEFAULTS) {
  return unsafeCSS(`var(${name}, ${THEME_DEFAULTS[name]})`);
}

/** The element's styles. */
export const trainerStyles = css`
  ${narrowStyles}
  :host {
    display: block;
    container-type: inline-size;
    box-sizing: border-box;
    font-family: ${v('--mlops-font')};
    color: ${v('--mlops-text')};
    background: ${v('--mlops-surface')};
    border: 1px solid ${v('--mlops-border')};
    border-radius: 8px;
    padding: 1rem;
    line-height: 1.4;
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  :focus-visible {
    outline: 3px solid ${v('--mlops-accent')};
    outline-offset: 2px;
  }

  .layout {
    display: grid;
    gap: 1rem;
  }
  @container (min-width: 52rem) {
    .layout {
      grid-template-columns: minmax(17rem, 24rem) minmax(0, 1fr);
      align-items: start;
    }
  }

  /* The form */
  form {
    margin: 0;
  }
  fieldset {
    border: 1px solid ${v('--mlops-border')};
    border-radius: 6px;
    margin: 0 0 0.75rem;
    padding: 0.25rem 0.75rem 0.75rem;
    min-width: 0;
  }
  legend {
    font-weight: 700;
    padding: 0 0.25rem;
  }
  .fields {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(9.5rem, 1fr));
    gap: 0.6rem 0.75rem;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 0.15rem;
    min-width: 0;
  }
  .field.wide,
  .field:has(> select#f-dataset) {
    grid-column: 1 / -1;
  }
  label {
    font-weight: 600;
    font-size: 0.875rem;
  }
  label.check {
    display: flex;
    align-items: center;
    gap: 0.4rem;
    margin-top: 1.2rem;
  }
  .hint {
    font-size: 0.75rem;
    color: ${v('--mlops-muted')};
  }
  .field-error {
    font-size: 0.8rem;
    color: ${v('--mlops-danger')};
    font-weight: 600;
  }
  input,
  select {
    font: inherit;
    font-size: 0.9rem;
    color: ${v('--mlops-text')};
    background: ${v('--mlops-surface')};
    border: 1px solid ${v('--mlops-border')};
    border-radius: 4px;
    padding: 0.3rem 0.45rem;
    width: 100%;
    min-width: 0;
  }
  input[type='checkbox'] {
    width: 1.1rem;
    height: 1.1rem;
    accent-color: ${v('--mlops-accent')};
  }
  input:disabled,
  select:disabled {
    background: ${v('--mlops-tint')};
    border-style: dashed;
  }
  input[aria-invalid='true'] {
    border: 2px solid ${v('--mlops-danger')};
  }
  fieldset:disabled {
    opacity: 0.7;
  }

  /* Buttons */
  .actions {
    display: flex;
    gap: 0.75rem;
    flex-wrap: wrap;
  }
  button {
    font: inherit;
    font-weight: 600;
    border-radius: 6px;
    padding: 0.5rem 1.4rem;
    cursor: pointer;
  }
  button.primary {
    background: ${v('--mlops-accent')};
    color: #ffffff;
    border: 2px solid ${v('--mlops-accent')};
  }
  button.secondary {
    background: ${v('--mlops-surface')};
    color: ${v('--mlops-text')};
    border: 2px solid ${v('--mlops-border')};
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.5;
  }

  /* Results */
  .results {
    display: flex;
    flex-direction: column;
    gap: 0.9rem;
    min-width: 0;
  }
  .badge {
    background: ${v('--mlops-tint')};
    border-left: 4px solid ${v('--mlops-accent')};
    border-radius: 4px;
    padding: 0.5rem 0.75rem;
  }
  .badge p {
    margin: 0.1rem 0;
  }
  .badge-name {
    font-weight: 700;
    font-size: 1.05rem;
  }
  .badge-label {
    font-weight: 600;
    font-size: 0.8rem;
    text-transform: uppercase;
    letter-spacing: 0.04em;
    color: ${v('--mlops-muted')};
    margin-right: 0.3rem;
  }
  .badge-message {
    font-size: 0.875rem;
  }
  .badge-lost,
  .note {
    font-size: 0.875rem;
    font-weight: 600;
    color: ${v('--mlops-danger')};
  }
  .note {
    margin: 0;
  }

  table.probe {
    border-collapse: collapse;
    font-size: 0.875rem;
    width: 100%;
  }
  table.probe caption {
    text-align: left;
    font-weight: 700;
    padding-bottom: 0.3rem;
  }
  table.probe th,
  table.probe td {
    border-bottom: 1px solid ${v('--mlops-border')};
    padding: 0.25rem 0.5rem;
    text-align: left;
  }
  table.probe .num {
    text-align: right;
    font-variant-numeric: tabular-nums;
  }
  table.probe tr.chosen {
    background: ${v('--mlops-tint')};
    font-weight: 700;
  }

  .progress {
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
  }
  progress {
    width: 100%;
    height: 0.9rem;
    accent-color: ${v('--mlops-accent')};
  }
  .progress-text {
    font-size: 0.875rem;
    font-variant-numeric: tabular-nums;
  }

  .status {
    margin: 0;
    padding: 0.5rem 0.75rem;
    border-radius: 4px;
    border: 1px solid ${v('--mlops-border')};
    min-height: 2.5rem;
  }
  .status[data-state='error'] {
    border: 2px solid ${v('--mlops-danger')};
    color: ${v('--mlops-danger')};
    font-weight: 600;
  }
  .status[data-state='done'] {
    border: 2px solid ${v('--mlops-accent')};
  }

  .charts {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr));
    gap: 1rem;
  }
  figure {
    margin: 0;
    min-width: 0;
  }
  figcaption {
    font-weight: 700;
    margin-bottom: 0.25rem;
  }
  .chart-box {
    position: relative;
    height: 13rem;
  }
  .readout {
    font-size: 0.8rem;
    color: ${v('--mlops-muted')};
    margin: 0.25rem 0 0;
    font-variant-numeric: tabular-nums;
  }

  .surface canvas {
    display: block;
    width: 220px;
    height: 220px;
    border: 1px solid ${v('--mlops-border')};
    image-rendering: pixelated;
  }
  .surface figcaption {
    font-weight: 400;
    max-width: 28rem;
  }
  .deploy-status {
    margin: 0;
    padding: 0.5rem 0.75rem;
    border-radius: 4px;
    border: 1px solid ${v('--mlops-border')};
  }
  .deploy-status[data-ok='false'] {
    border: 2px solid ${v('--mlops-danger')};
    color: ${v('--mlops-danger')};
  }
  .deploy-status[data-ok='true'] {
    border: 2px solid ${v('--mlops-accent')};
  }
`;
