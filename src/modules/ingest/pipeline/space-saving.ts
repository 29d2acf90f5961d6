/**
 * Space-Saving top-K sketch (Metwally et al.): keeps at most `capacity` keys; a new key replaces the
 * smallest and inherits its count, so heavy hitters are never lost and memory stays bounded however
 * many distinct addresses a flood brings. Counts are upper bounds, exact for keys that never left.
 */
export class SpaceSaving {
  private readonly counts = new Map<string, number>();

  constructor(private readonly capacity = 100) {}

  add(key: string, n = 1): void {
    const c = this.counts.get(key);
    if (c !== undefined) {
      this.counts.set(key, c + n);
      return;
    }
    if (this.counts.size < this.capacity) {
      this.counts.set(key, n);
      return;
    }
    let minKey = '';
    let min = Infinity;
    for (const [k, v] of this.counts) {
      if (v < min) {
        min = v;
        minKey = k;
      }
    }
    this.counts.delete(minKey);
    this.counts.set(key, min + n);
  }

  top(n = this.capacity): [string, number][] {
    return [...this.counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, n);
  }
}
