import fc from 'fast-check';
import { compareWithThreshold, formatAgainstLevel, formatIndicatorValue, formatRequirement, type Comparator, type Indicator } from '@pledge/domain';

const percentage: Pick<Indicator, 'kind' | 'unit' | 'unitEn'> = { kind: 'percentage', unit: '%', unitEn: null };
const income: Pick<Indicator, 'kind' | 'unit' | 'unitEn'> = { kind: 'amount', unit: 'triệu đồng/người/năm', unitEn: 'million VND/person/year' };
const houses: Pick<Indicator, 'kind' | 'unit' | 'unitEn'> = { kind: 'count', unit: 'nhà', unitEn: 'houses' };

/** The number a displayed value reads as ("94,96%" → 94.96; "1.234,5 nhà" → 1234.5). */
function readBack(shown: string, locale: 'vi' | 'en'): number {
  const digits = shown.replace(/[^0-9.,-]/g, '');
  return Number(locale === 'vi' ? digits.replace(/\./g, '').replace(',', '.') : digits.replace(/,/g, ''));
}

describe('values shown against their level', () => {
  it('never rounds a miss into a pass: 94,96% is not "95%" beside "≥ 95%", and the gap is stated', () => {
    const shown = formatAgainstLevel(percentage, 94.96, '>=', 95);
    expect(shown.value).toEqual({ vi: '94,96%', en: '94.96%' });
    expect(shown.requirement).toEqual({ vi: '≥ 95%', en: '≥ 95%' });
    expect(shown.gap).toEqual({ vi: 'thiếu 0,04 điểm %', en: '0.04 percentage points short' });
  });

  it('keeps one decimal when it does not mislead, and says nothing of a gap when met', () => {
    expect(formatAgainstLevel(percentage, 98.249, '>=', 95)).toMatchObject({ value: { vi: '98,2%', en: '98.2%' }, gap: null });
  });

  it('states a gap above a ceiling ("vượt") and for counts and amounts in their units, in the language shown', () => {
    expect(formatAgainstLevel(houses, 3, '<=', 0).gap).toEqual({ vi: 'vượt 3 nhà', en: '3 houses over' });
    const low = formatAgainstLevel(income, 58.996, '>=', 59);
    expect(low.value).toEqual({ vi: '58,996 triệu đồng/người/năm', en: '58.996 million VND/person/year' });
    expect(low.gap).toEqual({ vi: 'thiếu 0,004 triệu đồng/người/năm', en: '0.004 million VND/person/year short' });
  });

  it('writes units in the language of the text', () => {
    expect(formatIndicatorValue(income, 48, 'vi')).toBe('48 triệu đồng/người/năm');
    expect(formatIndicatorValue(income, 48, 'en')).toBe('48 million VND/person/year');
    expect(formatRequirement(houses, '==', 0)).toEqual({ vi: '= 0 nhà', en: '= 0 houses' });
  });

  it('a value that misses its level is never displayed equal to or beyond it, in either language (property)', () => {
    const comparator = fc.constantFrom<Comparator>('>=', '>', '<=', '<');
    const level = fc.oneof(
      fc.integer({ min: 0, max: 100 }),
      fc.double({ min: 0, max: 100, noNaN: true }).map((x) => Math.round(x * 100) / 100),
    );
    const value = fc.double({ min: 0, max: 100, noNaN: true });
    fc.assert(
      fc.property(value, comparator, level, fc.constantFrom('vi' as const, 'en' as const), (v, c, t, locale) => {
        const real = compareWithThreshold(v, c, t);
        const shown = formatAgainstLevel(percentage, v, c, t);
        const back = readBack(shown.value[locale], locale);
        // the number as read from the screen compares with the level exactly as the real value does
        expect(compareWithThreshold(back, c, t)).toBe(real);
        if (!real) {
          // below a "≥" level (or above a "≤" one) never reads as equal to it
          if (c === '>=' || c === '<=') expect(back).not.toBe(t);
          expect(shown.gap).not.toBeNull();
          if (Math.abs(v - t) > 1e-9) expect(readBack(shown.gap![locale], locale)).toBeGreaterThan(0);
        } else expect(shown.gap).toBeNull();
      }),
      { numRuns: 2000 },
    );
  });

  it('values just beside the level, as fractions produce them (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 5000 }), fc.constantFrom(90, 95, 98, 100), (a, b, t) => {
        fc.pre(a <= b);
        const v = (a / b) * 100;
        const shown = formatAgainstLevel(percentage, v, '>=', t);
        expect(compareWithThreshold(readBack(shown.value.vi, 'vi'), '>=', t)).toBe(compareWithThreshold(v, '>=', t));
      }),
      { numRuns: 3000 },
    );
  });
});
