import fc from 'fast-check';
import {
  findNonNfcPaths,
  formatDate,
  formatDateTime,
  formatNumber,
  formatPercent,
  formatPercentValue,
  isNfc,
  normaliseDeepNfc,
  toNfc,
  vnDateOf,
} from '@pledge/domain';

const decomposed = 'Ấp Tân Phú A'.normalize('NFD');

describe('NFC normalisation', () => {
  it('toNfc / isNfc: the decomposed and precomposed forms look alike but differ until normalised', () => {
    expect(decomposed).not.toBe('Ấp Tân Phú A');
    expect(isNfc(decomposed)).toBe(false);
    expect(toNfc(decomposed)).toBe('Ấp Tân Phú A');
    expect(isNfc(toNfc(decomposed))).toBe(true);
  });

  it('normaliseDeepNfc reaches nested values, array items and object keys, and leaves other values alone', () => {
    const input = { [decomposed]: [decomposed, 3, true, null, { name: decomposed }], at: new Date('2024-01-01T00:00:00Z') };
    const out = normaliseDeepNfc(input);
    expect(findNonNfcPaths(input)).toEqual([`${decomposed} (key)`, `${decomposed}[0]`, `${decomposed}[4].name`]);
    expect(findNonNfcPaths(out)).toEqual([]);
    expect(out['Ấp Tân Phú A']).toEqual(['Ấp Tân Phú A', 3, true, null, { name: 'Ấp Tân Phú A' }]);
    expect(out.at).toEqual(input.at);
    expect(isNfc(Object.keys(input)[0])).toBe(false);
  });

  it('property: normalising is idempotent and always yields NFC', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const once = toNfc(s);
        expect(isNfc(once)).toBe(true);
        expect(toNfc(once)).toBe(once);
        expect(toNfc(s.normalize('NFD'))).toBe(once);
      }),
    );
  });
});

describe('Vietnamese and English formatting', () => {
  it('numbers: decimal comma and dot grouping in Vietnamese, one decimal unless whole', () => {
    expect(formatNumber(1234567.25)).toBe('1.234.567,3');
    expect(formatNumber(20)).toBe('20');
    expect(formatNumber(1234567.25, 'en')).toBe('1,234,567.3');
  });

  it('percentages: "16,7%", "20%"; from fractions or from 0..100 values', () => {
    expect(formatPercent(5 / 30)).toBe('16,7%');
    expect(formatPercent(0.2)).toBe('20%');
    expect(formatPercent(5 / 30, 'en')).toBe('16.7%');
    expect(formatPercentValue(98.25)).toBe('98,3%');
  });

  it('dates: dd/MM/yyyy in Vietnamese; calendar dates stay the same day', () => {
    expect(formatDate('2025-12-31')).toBe('31/12/2025');
    expect(formatDate('2025-12-31', 'en')).toBe('31 Dec 2025');
  });

  it('a date that cannot be shown never throws: a malformed one reads as it is, an invalid instant as "—"', () => {
    expect(formatDate('+010521-07')).toBe('+010521-07');
    expect(formatDate('2023-02-30', 'en')).toBe('2023-02-30');
    expect(formatDate(new Date(Number.NaN))).toBe('—');
    expect(formatDateTime(new Date(Number.NaN), 'en')).toBe('—');
  });

  it('instants are shown in Asia/Ho_Chi_Minh time (UTC+7)', () => {
    const instant = new Date('2025-12-31T17:30:00Z');
    expect(vnDateOf(instant)).toBe('2026-01-01');
    expect(formatDate(instant)).toBe('01/01/2026');
    expect(formatDateTime(instant)).toBe('00:30 01/01/2026');
    expect(formatDateTime(instant, 'en')).toBe('1 Jan 2026, 00:30');
  });
});
