/**
 * Styles of `<mlops-boundary>`: the shared view styles plus the plots side by side (wrapping on
 * narrow screens) and the legend (one marker per class).
 */
import { css } from 'lit';
import { themed, viewStyles } from '../monitor/view.styles';

/** The element's styles. */
export const boundaryStyles = [
  viewStyles,
  css`
    .plots {
      display: flex;
      flex-wrap: wrap;
      gap: 1rem;
    }
    figure {
      margin: 0;
    }
    canvas {
      display: block;
      border: 1px solid ${themed('--mlops-border')};
      border-radius: 4px;
    }
    figcaption {
      font-size: 0.875rem;
      margin-top: 0.25rem;
    }
    .legend {
      margin: 0.5rem 0 0;
      padding: 0;
      list-style: none;
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 1rem;
    }
    .legend li {
      display: inline-flex;
      align-items: center;
      gap: 0.3rem;
    }
    .marker {
      width: 0.9rem;
      height: 0.9rem;
      flex: none;
    }
    .axes {
      margin-top: 0.25rem;
    }
  `,
];
