import type { CatalogueCriterion, CatalogueIndicator } from '../api/types';

/**
 * Which forms a cell's secretary fills, from the catalogue (data, not code): one form per criterion of the cell
 * (AP-* for a hamlet, KHOM-* for a ward) with its indicators, then one per commune criterion for the commune
 * indicators the cells report that no cell criterion already asks for. An indicator judged on another one's
 * readings (`readingOf`, e.g. AP-02 2.1 → XA-04 4.2) is asked on the cell's form but submitted as a reading of
 * the indicator it refers to, so one form may become several submissions, one per target criterion.
 */
export interface FormField {
  /** Code shown on the form (the cell criterion's own code). */
  code: string;
  indicator: CatalogueIndicator;
  /** Where the reading goes. */
  target: { criterionCode: string; indicatorCode: string };
}

export interface ReportForm {
  code: string;
  nameVi: string;
  nameEn: string;
  /** cell: the cell's own criteria; commune: commune indicators the cells report; unit: a commune's, the town's or the district's own figures. */
  section: 'cell' | 'commune' | 'unit';
  placeholder: boolean;
  fields: FormField[];
}

export type CellKind = 'hamlet' | 'ward';
/** Every kind of unit that reports figures: cells (secretaries), communes and the town (officers), the district (leaders, administrators). */
export type ReportingKind = CellKind | 'commune' | 'town' | 'district';

export function isCellKind(kind: ReportingKind): kind is CellKind {
  return kind === 'hamlet' || kind === 'ward';
}

/** The catalogue's `reportedBy` of a unit's own figures (libs/domain REPORTING_LEVEL_KINDS). */
const LEVEL_OF: Record<Exclude<ReportingKind, CellKind>, 'commune' | 'district'> = { commune: 'commune', town: 'commune', district: 'district' };

/**
 * A commune's, the town's or the district's own forms: one per criterion that applies to the unit's kind, with the
 * indicators its level reports (`reportedBy` commune for communes and the town, district for the district) that have
 * readings of their own (no `readingOf`: the intake refuses those, the figure is reported on the source indicator).
 * The same rule as libs/domain's reportableIndicators, which the intake applies.
 */
export function unitReportForms(criteria: readonly CatalogueCriterion[], kind: Exclude<ReportingKind, CellKind>): ReportForm[] {
  const level = LEVEL_OF[kind];
  return criteria
    .filter((c) => c.appliesTo === kind)
    .map((c) => ({
      code: c.code,
      nameVi: c.nameVi,
      nameEn: c.nameEn,
      section: 'unit' as const,
      placeholder: c.placeholder,
      fields: c.indicators
        .filter((i) => i.reportedBy === level && !i.readingOf)
        .map((i) => ({ code: i.code, indicator: i, target: { criterionCode: c.code, indicatorCode: i.code } })),
    }))
    .filter((f) => f.fields.length > 0);
}

/** The forms of a reporting unit of `kind`: a cell's ({@link reportForms}) or a commune's, the town's or the district's own. */
export function formsFor(criteria: readonly CatalogueCriterion[], kind: ReportingKind): ReportForm[] {
  return isCellKind(kind) ? reportForms(criteria, kind) : unitReportForms(criteria, kind);
}

function reportsForCommuneCriteria(kind: CellKind, c: CatalogueCriterion): boolean {
  // who reports a commune/town criterion's "cell" indicators: hamlets for communes, wards for the town
  return (c.appliesTo === 'commune' && kind === 'hamlet') || (c.appliesTo === 'town' && kind === 'ward');
}

export function reportForms(criteria: readonly CatalogueCriterion[], kind: CellKind): ReportForm[] {
  const forms: ReportForm[] = [];
  const covered = new Set<string>();
  for (const c of criteria.filter((x) => x.appliesTo === kind)) {
    const fields = c.indicators
      .filter((i) => i.reportedBy === 'cell')
      .map((i) => ({ code: i.code, indicator: i, target: i.readingOf ?? { criterionCode: c.code, indicatorCode: i.code } }));
    for (const f of fields) covered.add(`${f.target.criterionCode}|${f.target.indicatorCode}`);
    if (fields.length) forms.push({ code: c.code, nameVi: c.nameVi, nameEn: c.nameEn, section: 'cell', placeholder: c.placeholder, fields });
  }
  for (const c of criteria.filter((x) => reportsForCommuneCriteria(kind, x))) {
    const fields = c.indicators
      .filter((i) => i.reportedBy === 'cell' && !i.readingOf && !covered.has(`${c.code}|${i.code}`))
      .map((i) => ({ code: i.code, indicator: i, target: { criterionCode: c.code, indicatorCode: i.code } }));
    if (fields.length) forms.push({ code: c.code, nameVi: c.nameVi, nameEn: c.nameEn, section: 'commune', placeholder: c.placeholder, fields });
  }
  return forms;
}

/** The form that asks for a submission's readings (to correct it). */
export function formFor(forms: readonly ReportForm[], criterionCode: string, indicatorCodes: readonly string[]): ReportForm | undefined {
  return (
    forms.find((f) => f.fields.some((x) => x.target.criterionCode === criterionCode && indicatorCodes.includes(x.target.indicatorCode))) ??
    forms.find((f) => f.code === criterionCode)
  );
}
