/**
 * Unicode normalisation. Vietnamese letters can be written precomposed ("ế", U+1EBF) or decomposed
 * ("e" + U+0302 + U+0301); both look the same but compare, sort and index differently. The project stores
 * every string in NFC (precomposed), the form keyboards and the web normally produce.
 */

/** The NFC form of `value`. */
export function toNfc(value: string): string {
  return value.normalize('NFC');
}

/** True when `value` is already in NFC. */
export function isNfc(value: string): boolean {
  return value === value.normalize('NFC');
}

/**
 * A deep copy of `value` with every string NFC-normalised: strings, array elements, object values and object
 * keys. Numbers, booleans, null and undefined are kept; `Date` objects are copied as they are.
 * Use it on anything that enters the domain from outside (seed files, request bodies, events).
 */
export function normaliseDeepNfc<T>(value: T): T {
  return deep(value) as T;
}

function deep(value: unknown): unknown {
  if (typeof value === 'string') return toNfc(value);
  if (Array.isArray(value)) return value.map(deep);
  if (value instanceof Date) return new Date(value.getTime());
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[toNfc(key)] = deep(inner);
    return out;
  }
  return value;
}

/**
 * Paths (`a.b[2].c`, `a.<key>` for keys) of every string in `value` that is not NFC. Empty when all text is NFC.
 * Useful in tests and in the seed loader's report.
 */
export function findNonNfcPaths(value: unknown, path = ''): string[] {
  if (typeof value === 'string') return isNfc(value) ? [] : [path || '(root)'];
  if (Array.isArray(value)) return value.flatMap((inner, i) => findNonNfcPaths(inner, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') {
    const out: string[] = [];
    for (const [key, inner] of Object.entries(value)) {
      const here = path ? `${path}.${key}` : key;
      if (!isNfc(key)) out.push(`${here} (key)`);
      out.push(...findNonNfcPaths(inner, here));
    }
    return out;
  }
  return [];
}
