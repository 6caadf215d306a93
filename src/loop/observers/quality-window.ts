/**
 * Production's recent quality for the alert rules: the last `size` labelled answers of the version
 * now in production (right = 1, wrong = 0) in a ring, with a running sum. It restarts when production
 * changes, and gives no value until `minLabels` labels are in, so an alert never fires on the noise
 * of a handful of labels.
 */

/** A ring of production's recent right/wrong bits. */
export class QualityWindow {
  private readonly bits: Uint8Array;
  private head = 0;
  private count = 0;
  private sum = 0;
  private owner: string | null = null;

  constructor(
    readonly size: number,
    readonly minLabels: number,
  ) {
    this.bits = new Uint8Array(size);
  }

  /** Adds one labelled answer of `version` (ignored when it is not the version being watched). */
  add(version: string, right: boolean): void {
    if (version !== this.owner) return;
    if (this.count === this.size) this.sum -= this.bits[this.head] as number;
    else this.count++;
    const bit = right ? 1 : 0;
    this.bits[this.head] = bit;
    this.sum += bit;
    this.head = (this.head + 1) % this.size;
  }

  /** Watches `version` from now on (a new production version starts from an empty ring). */
  watch(version: string | null): void {
    if (version === this.owner) return;
    this.owner = version;
    this.head = 0;
    this.count = 0;
    this.sum = 0;
  }

  /** Accuracy of the ring, or null with fewer than `minLabels` labels. */
  get accuracy(): number | null {
    return this.count >= this.minLabels ? this.sum / this.count : null;
  }
}
