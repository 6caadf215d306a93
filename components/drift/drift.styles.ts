/**
 * Styles of `<mlops-drift>`: the shared view styles (panel, tables, focus ring, light and dark
 * defaults) plus the chart box, the feature table's verdict tags and the detector key.
 */
import { css } from 'lit';
import { themed, viewStyles } from '../monitor/view.styles';
import { narrowStyles } from '../shared/narrow.styles';

/** The element's styles. */
export const driftStyles = [
  viewStyles,
  narrowStyles,
  css`
    section + section {
      margin-top: 1rem;
    }
    figure {
      margin: 0 0 0.75rem;
      min-width: 0;
    }
    .chart-box {
      position: relative;
      height: 16rem;
    }
    .summary {
      margin-top: 0.5rem;
    }
    .scroll {
      max-height: 20rem;
      overflow: auto;
      margin-bottom: 0.5rem;
    }
    td.verdict[data-drifting='true'] {
      font-weight: 700;
      color: ${themed('--mlops-danger')};
    }
    tr[data-drifting='true'] th {
      font-weight: 700;
    }
    th[scope='row'] {
      font-weight: 400;
    }
  `,
];
