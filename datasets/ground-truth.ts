/**
 * Ground truth of a drift scenario: what really changed in the stream, when, and of which kind. The
 * lab scores its own detectors and alerts against it (detection delay, false and missed alarms).
 * Positions are in stream records (the index of a request in the stream), the unit detectors count in.
 */

/** Kinds of change a scenario can contain. Drift changes the world; an incident breaks the pipe. */
export type ChangeKind =
  /** The inputs move: P(x) changes, P(y|x) does not. */
  | 'covariate'
  /** The input->label relation changes: P(y|x) changes. */
  | 'concept'
  /** The class mix changes: P(y) changes. */
  | 'prior'
  /** The inputs get noisier or darker (images, sensors). */
  | 'sensor'
  /** Not drift: a feature changes unit (e.g. x1000). */
  | 'unit-change'
  /** Not drift: a field goes missing or null. */
  | 'missing-field'
  /** Not drift: values outside the schema's range. */
  | 'out-of-range'
  /** Not drift: labels stop arriving, or arrive later and later. */
  | 'label-stall';

/** How the change unfolds between its onset and its end. */
export type ChangeShape = 'sudden' | 'gradual' | 'incremental' | 'recurring';

/** One change in a scenario's stream. */
export interface DriftEvent {
  kind: ChangeKind;
  shape: ChangeShape;
  /** First record affected (for a sigmoid transition: p - w/2, where the new concept starts to show). */
  onset: number;
  /** Record from which the change is complete (or over, for an incident that ends); null if it never ends. */
  end: number | null;
  /** Features involved, when the change touches only some. */
  features?: string[];
  /** One plain sentence for a learner. */
  description: string;
  /** The scenario change this event comes from. */
  change?: string;
  /** For a sigmoid transition: its position p and width w (records). */
  position?: number;
  width?: number;
  /** True when this event is a change going back (a drift that reverts, a concept that recurs off). */
  reverts?: boolean;
  /** The same positions in simulated seconds, when a stream's timing is known. */
  onsetTime?: number;
  endTime?: number | null;
}
