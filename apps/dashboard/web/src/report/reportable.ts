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
  section: 'cell' | 'commune';
  placeholder: boolean;
  fields: FormField[];
}

export type CellKind = 'hamlet' | 'ward';

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
