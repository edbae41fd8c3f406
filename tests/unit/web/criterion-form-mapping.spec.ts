import type { Submission } from '../../../apps/dashboard/web/src/api/types';
import { inputsFrom, newEventId, targetsOf, updatesFrom } from '../../../apps/dashboard/web/src/report/criterion-form-mapping';
import type { ReportForm } from '../../../apps/dashboard/web/src/report/reportable';

/** The phone form's mapping between submissions, the inputs as typed and the updates sent (no React, no I/O). */
describe('criterion form mapping', () => {
  // a form whose second field is judged on another criterion's indicator (readingOf)
  const fields = [
    { code: '3.1', target: { criterionCode: 'AP-03', indicatorCode: '3.1' } },
    { code: '3.2', target: { criterionCode: 'AP-05', indicatorCode: '5.1' } },
  ];
  const form = { code: 'AP-03', fields } as unknown as ReportForm;

  it('groups the checked readings by target criterion, each with its own eventId, the note in NFC', () => {
    const bodies = updatesFrom(
      fields,
      [
        { indicatorCode: '3.1', value: 2.5 },
        { indicatorCode: '3.2', numerator: 1, denominator: 4 },
      ],
      {
        eventIds: { 'AP-03': 'e-3', 'AP-05': 'e-5' },
        unitId: '874-30133-A01',
        asOf: '2025-06-20',
        reportedAt: '2025-06-20T08:00:00+07:00',
        note: '  Ghi chu\u0301  ',
      },
    );
    expect(bodies).toEqual([
      {
        eventId: 'e-3',
        schemaVersion: 1,
        hamletCode: '874-30133-A01',
        criterionCode: 'AP-03',
        readings: [{ indicatorCode: '3.1', value: 2.5 }],
        asOf: '2025-06-20',
        reportedAt: '2025-06-20T08:00:00+07:00',
        note: 'Ghi chú',
      },
      {
        eventId: 'e-5',
        schemaVersion: 1,
        hamletCode: '874-30133-A01',
        criterionCode: 'AP-05',
        readings: [{ indicatorCode: '5.1', numerator: 1, denominator: 4 }],
        asOf: '2025-06-20',
        reportedAt: '2025-06-20T08:00:00+07:00',
        note: 'Ghi chú',
      },
    ]);
    expect(
      updatesFrom(fields, [{ indicatorCode: '3.1', value: true }], { eventIds: { 'AP-03': 'x' }, unitId: 'u', asOf: 'd', reportedAt: 't', note: ' ' })[0],
    ).not.toHaveProperty('note');
  });

  it('brings a submission’s figures back as typed (decimal comma), only those of the form', () => {
    const s = {
      criterionCode: 'AP-03',
      update: {
        readings: [
          { indicatorCode: '3.1', value: 2.5 },
          { indicatorCode: '9.9', value: 1 },
        ],
      },
    } as unknown as Submission;
    expect(inputsFrom(s, form)).toEqual({ '3.1': { value: '2,5' } });
  });

  it('names the target criteria of a form, and makes version-4 event ids', () => {
    expect(targetsOf(form)).toEqual(['AP-03', 'AP-05']);
    expect(targetsOf(form, 'AP-05')).toEqual(['AP-05']);
    expect(newEventId()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
