/**
 * Styles every element adds so that it fits a phone (320-360 px) without scrolling the page
 * sideways: the element never grows past its container, long words, identifiers and URLs wrap,
 * media and form controls shrink with it, and on a narrow screen a wide table scrolls inside the
 * focusable region around it instead of widening the page. On wider screens tables keep their
 * normal layout.
 */
import { css } from 'lit';

/** The shared narrow-screen styles. */
export const narrowStyles = css`
  :host {
    min-width: 0;
    max-width: 100%;
    overflow-wrap: break-word;
  }
  /* Notices and code carry URLs and identifiers with no space to break at. */
  .notice,
  [part='notice'],
  code {
    overflow-wrap: anywhere;
  }
  img,
  canvas,
  svg,
  video,
  select,
  input,
  textarea,
  pre,
  figure {
    max-width: 100%;
  }
  pre {
    white-space: pre-wrap;
  }
  table {
    overflow-wrap: normal;
  }
  /*
   * Below 40rem (a phone held upright, and a little more) a wide table scrolls inside the focusable
   * region around it (.scroll, tabindex 0: keyboard users can scroll it; a table that scrolled itself
   * could not be reached, axe scrollable-region-focusable); a table with no such region wraps its cells.
   */
  @media (max-width: 40rem) {
    .scroll {
      max-width: 100%;
      overflow-x: auto;
    }
    table:not(.scroll > table) :is(th, td) {
      overflow-wrap: anywhere;
    }
  }
`;
