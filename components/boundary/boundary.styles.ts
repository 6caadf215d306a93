/**
 * Styles of `<mlops-boundary>`: the shared view styles plus the plots side by side (wrapping on
 * narrow screens) and the legend swatches.
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
      margin-top: 0.5rem;
    }
    .swatch {
      display: inline-block;
      width: 0.8rem;
      height: 0.8rem;
      border-radius: 50%;
      vertical-align: middle;
      border: 1px solid ${themed('--mlops-text')};
      margin-left: 0.5rem;
    }
    .swatch.c0 {
      background: ${themed('--mlops-accent')};
    }
    .swatch.c1 {
      background: ${themed('--mlops-accent-2')};
    }
    .swatch.waiting {
      background: transparent;
      border-color: ${themed('--mlops-muted')};
    }
  `,
];
