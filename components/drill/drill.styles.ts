/**
 * Styles of `<mlops-drill>`: the shared view styles plus the two choice grids (drills, stations),
 * the graded verdict, its hint and the evidence rows the hint points at.
 */
import { css } from 'lit';
import { themed, viewStyles } from '../monitor/view.styles';
import { narrowStyles } from '../shared/narrow.styles';

/** The element's styles. */
export const drillStyles = [
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
    .choices {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr));
      gap: 0.4rem 1rem;
    }
    label.choice {
      display: flex;
      gap: 0.5rem;
      align-items: flex-start;
      cursor: pointer;
    }
    label.choice input {
      margin-top: 0.25rem;
    }
    .symptom {
      border-left: 4px solid ${themed('--mlops-accent')};
      padding: 0.3rem 0.6rem;
      background: ${themed('--mlops-tint')};
    }
    .verdict {
      border: 2px solid ${themed('--mlops-accent')};
      border-radius: 6px;
      padding: 0.5rem 0.75rem;
      margin-top: 0.75rem;
    }
    .verdict[data-correct='false'] {
      border-color: ${themed('--mlops-danger')};
    }
    .verdict:focus {
      outline: 2px solid ${themed('--mlops-accent')};
      outline-offset: 2px;
    }
    .hint {
      margin: 0.4rem 0;
    }
    tr[data-hint] > th,
    tr[data-hint] > td {
      background: ${themed('--mlops-tint')};
    }
    tr[data-hint] > th {
      box-shadow: inset 4px 0 0 ${themed('--mlops-accent')};
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.75rem;
      align-items: center;
      margin: 0.5rem 0;
    }
    label.seed input {
      width: 5rem;
      font: inherit;
    }
  `,
];
