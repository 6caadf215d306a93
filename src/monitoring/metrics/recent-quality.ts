/**
 * A version's recent quality: its last `size` labelled answers (right = 1, wrong = 0) in a ring, with
 * a running sum. It gives no value until `minLabels` labels are in, so an alert never fires on the
 * noise of a handful of labels, and it can be restarted (when the version becomes production, its
 * service starts afresh).
 */

/** A ring of one version's recent right/wrong bits. */
export class RecentQuality {
  private readonly bits: Uint8Array;
  private head = 0;
  private count = 0;
  private sum = 0;

  constructor(
    readonly size: number,
    readonly minLabels: number,
  ) {
    this.bits = new Uint8Array(size);
  }

  /** Adds one labelled answer. */
  add(right: boolean): void {
    if (this.count === this.size) this.sum -= this.bits[this.head] as number;
    else this.count++;
    const bit = right ? 1 : 0;
    this.bits[this.head] = bit;
    this.sum += bit;
    this.head = (this.head + 1) % this.size;
  }

  /** Forgets every label (the version's service starts afresh). */
  restart(): void {
    this.head = 0;
    this.count = 0;
    this.sum = 0;
  }

  /** Labels in the ring. */
  get labels(): number {
    return this.count;
  }

  /** Accuracy of the ring, or null with fewer than `minLabels` labels. */
  get accuracy(): number | null {
    return this.count >= this.minLabels ? this.sum / this.count : null;
  }
}
