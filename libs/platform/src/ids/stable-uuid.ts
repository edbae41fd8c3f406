import { createHash } from 'node:crypto';

/**
 * Name-based UUID (version 5 layout, SHA-1) of a key: the same key always gives the same id, so work done again
 * (a re-planned reminder, a spreadsheet uploaded twice) finds the rows it made before.
 */
export function stableUuid(key: string): string {
  const h = createHash('sha1').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}
