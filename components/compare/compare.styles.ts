/** Styles of `<mlops-compare>`: the shared view styles, the policy picker, the chart box, the sandbox sliders and the questions. */
import { css } from 'lit';
import { themed, viewStyles } from '../monitor/view.styles';
import { narrowStyles } from '../shared/narrow.styles';

/** The element's styles. */
export const compareStyles = [
  viewStyles,
  narrowStyles,
  css`
    fieldset {
      border: 1px solid ${themed('--mlops-border')};
      border-radius: 6px;
      margin: 0 0 0.75rem;
      padding: 0.5rem 0.75rem;
    }
    legend {
      font-weight: 700;
      padding: 0 0.3rem;
    }
    .policies {
      display: flex;
      flex-wrap: wrap;
      gap: 0.3rem 1rem;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.75rem;
      align-items: center;
      margin: 0.5rem 0;
    }
    .chart {
      position: relative;
      height: 260px;
    }
    .sliders {
      display: grid;
      grid-template-columns: minmax(9rem, max-content) minmax(8rem, 1fr) 6rem;
      gap: 0.3rem 0.75rem;
      align-items: center;
    }
    .sliders output {
      font-variant-numeric: tabular-nums;
    }
    .sandbox-out {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr));
      gap: 0.75rem;
      align-items: start;
    }
    .words {
      border-left: 4px solid ${themed('--mlops-accent')};
      padding: 0.3rem 0.6rem;
      background: ${themed('--mlops-tint')};
    }
    .question {
      border: 1px solid ${themed('--mlops-border')};
      border-radius: 6px;
      padding: 0.5rem 0.75rem;
      margin: 0 0 0.5rem;
    }
    .question[data-correct='true'] {
      border: 2px solid ${themed('--mlops-accent')};
    }
    .question[data-correct='false'] {
      border: 2px solid ${themed('--mlops-danger')};
    }
    .station {
      display: inline-block;
      border: 1px solid ${themed('--mlops-border')};
      border-radius: 999px;
      padding: 0 0.5rem;
      font-size: 0.85em;
      margin-right: 0.4rem;
    }
    .station-map {
      display: flex;
      flex-wrap: wrap;
      gap: 0.3rem;
      list-style: none;
      padding: 0;
    }
    label.choice {
      display: flex;
      gap: 0.5rem;
      align-items: flex-start;
    }
    input[type='number'] {
      width: 7rem;
    }
  `,
];
