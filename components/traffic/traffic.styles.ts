/**
 * Styles of `<mlops-traffic>`: the shared view styles plus the stream controls, the counters and
 * the routing form.
 */
import { css } from 'lit';
import { themed, viewStyles } from '../monitor/view.styles';
import { narrowStyles } from '../shared/narrow.styles';

/** The element's styles. */
export const trafficStyles = [
  viewStyles,
  narrowStyles,
  css`
    .controls {
      display: flex;
      flex-wrap: wrap;
      gap: 0.6rem;
      align-items: center;
      margin-bottom: 0.75rem;
    }
    select,
    input[type='number'] {
      font: inherit;
      color: ${themed('--mlops-text')};
      background: ${themed('--mlops-surface')};
      border: 1px solid ${themed('--mlops-border')};
      border-radius: 4px;
      padding: 0.15rem 0.3rem;
    }
    input[type='number'] {
      width: 5.5rem;
    }
    dl.counters {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(10rem, 1fr));
      gap: 0.5rem;
      margin: 0 0 0.75rem;
    }
    dl.counters div {
      border: 1px solid ${themed('--mlops-border')};
      border-radius: 4px;
      padding: 0.3rem 0.5rem;
    }
    dt {
      font-weight: 700;
    }
    dd {
      margin: 0;
    }
    dd.value {
      font-size: 1.2rem;
      font-variant-numeric: tabular-nums;
    }
    fieldset {
      border: 1px solid ${themed('--mlops-border')};
      border-radius: 6px;
      margin: 0 0 0.5rem;
      padding: 0.5rem 0.75rem;
    }
    legend {
      font-weight: 700;
      padding: 0 0.3rem;
    }
    .modes {
      display: grid;
      gap: 0.4rem;
    }
    .modes label {
      display: flex;
      gap: 0.5rem;
      align-items: center;
      flex-wrap: wrap;
    }
    .reason {
      color: ${themed('--mlops-muted')};
      font-style: italic;
    }
  `,
];
