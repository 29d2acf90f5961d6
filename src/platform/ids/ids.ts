import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower case

/** Time-ordered, URL-safe ids with a type prefix, e.g. `cmp_0kq3w5r2xg9h8d7c6b5a4`. */
export function newId(prefix: string): string {
  let t = Date.now();
  let time = '';
  for (let i = 0; i < 9; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const rnd = randomBytes(10);
  let tail = '';
  for (const b of rnd) tail += ALPHABET[b % 32];
  return `${prefix}_${time}${tail}`;
}

/** A secret token for links and cookies (256 bits). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sha256Hex(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

const processTag = (() => {
  let t = '';
  for (const b of randomBytes(6)) t += ALPHABET[b % 32];
  return t;
})();
let counter = 0;

/**
 * A cheap unique id for high-volume rows (detections, dead letters): time, a random tag fixed for
 * this process, and a counter. Unique across processes by the tag, ordered within one.
 */
export function fastId(prefix: string): string {
  counter = (counter + 1) % 0x7fffffff;
  return `${prefix}_${Date.now().toString(36)}${processTag}${counter.toString(36)}`;
}
