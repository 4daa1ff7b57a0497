/**
 * ULIDs (https://github.com/ulid/spec): 48-bit millisecond time + 80 random bits in Crockford base32.
 * They sort lexically by creation time, so `ORDER BY id` is chronological and ids made on different
 * machines never collide. Within one millisecond the random part is incremented (monotonic), so ids
 * made in a tight loop still sort in creation order.
 */
import { randomBytes, randomUUID } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const MAX_TIME = 2 ** 48 - 1;

let lastTime = -1;
let lastRandom: number[] = [];

/** A new ULID for `now` (epoch ms); monotonic within this process. */
export function newId(now: number = Date.now()): string {
  if (!Number.isInteger(now) || now < 0 || now > MAX_TIME) throw new RangeError(`ULID time out of range: ${now}`);
  if (now <= lastTime) {
    // Same (or an earlier, clock went back) millisecond: keep the last time and add one to the random part.
    incrementBase32(lastRandom);
  } else {
    lastTime = now;
    lastRandom = [...randomBytes(16)].map((b) => b & 31);
  }
  return encodeTime(lastTime) + lastRandom.map((d) => ALPHABET[d]).join('');
}

/** The creation time encoded in a ULID. */
export function idTime(id: string): number {
  let t = 0;
  for (const ch of id.slice(0, 10)) {
    const d = ALPHABET.indexOf(ch.toUpperCase());
    if (d < 0) throw new Error(`not a ULID: ${id}`);
    t = t * 32 + d;
  }
  return t;
}

function encodeTime(t: number): string {
  let out = '';
  for (let k = 0; k < 10; k++) {
    out = ALPHABET[t % 32] + out;
    t = Math.floor(t / 32);
  }
  return out;
}

function incrementBase32(digits: number[]): void {
  for (let k = digits.length - 1; k >= 0; k--) {
    if (digits[k]! < 31) {
      digits[k]! += 1;
      return;
    }
    digits[k] = 0;
  }
  throw new Error('ULID random part overflowed within one millisecond');
}

/**
 * Random identity of this process. Stored with the runs it owns because a pid alone is ambiguous:
 * a restarted app in a container often gets the same pid as the one that crashed.
 */
export const PROCESS_TOKEN: string = randomUUID();
