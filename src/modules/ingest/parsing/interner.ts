/**
 * A small direct-mapped cache of short strings read from lines (serials, log ids, enum-like
 * values). A hit returns the same string object as last time, so nothing is allocated and maps
 * keyed by it reuse the string's cached hash; a miss copies the value out of the line (it never
 * pins a chunk) and takes the slot. Bounded: 4096 slots, values up to 48 characters.
 */
const SLOTS = 4096;
const MAX_LENGTH = 48;

export class Interner {
  private readonly values: (string | undefined)[] = new Array<string | undefined>(SLOTS);
  private readonly hashes = new Int32Array(SLOTS);

  /** The value s[start, end) as a string that does not point into `s`. */
  get(s: string, start: number, end: number): string {
    const n = end - start;
    if (n > MAX_LENGTH || n <= 0) return n <= 0 ? '' : (' ' + s.slice(start, end)).slice(1);
    let h = n;
    for (let i = start; i < end; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
    const at = (h ^ (h >>> 12)) & (SLOTS - 1);
    const hit = this.values[at];
    if (hit !== undefined && this.hashes[at] === h && hit.length === n) {
      let same = true;
      for (let k = 0; k < n; k++) {
        if (hit.charCodeAt(k) !== s.charCodeAt(start + k)) {
          same = false;
          break;
        }
      }
      if (same) return hit;
    }
    const copy = (' ' + s.slice(start, end)).slice(1);
    this.values[at] = copy;
    this.hashes[at] = h;
    return copy;
  }
}
