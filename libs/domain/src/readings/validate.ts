/** Checks a parsed reading against the catalogue and the units: is it a reading the system can use? */
import type { CatalogueIndex } from '../catalogue/lookup';
import { findIndicator } from '../catalogue/lookup';
import type { Criterion, Indicator } from '../catalogue/catalogue.types';
import { vnDateOf } from '../shared/iso-date';
import type { ValidationIssue } from '../shared/validation';
import type { UnitIndex } from '../units/hierarchy';
import type { Unit, UnitKind } from '../units/unit.types';
import { measureOf, type Reading } from './reading.types';

/** Unit kinds allowed to report an indicator of a criterion with this scope, by reporter level. */
function reporterKinds(criterion: Criterion, indicator: Indicator): readonly UnitKind[] {
  switch (indicator.reportedBy) {
    case 'district':
      return ['district'];
    case 'commune':
      return criterion.appliesTo === 'town' ? ['town'] : ['commune', 'town'];
    case 'cell':
      if (criterion.appliesTo === 'commune') return ['hamlet'];
      if (criterion.appliesTo === 'town') return ['ward'];
      if (criterion.appliesTo === 'district') return ['hamlet', 'ward'];
      return [criterion.appliesTo];
  }
}

/**
 * Problems that make `reading` unusable (empty when it is fine), each as a {@link ValidationIssue} with
 * `file` = `source`:
 * - the unit or the indicator is unknown;
 * - the indicator has no readings of its own (`readingOf`: report the named indicator instead);
 * - the unit is not the kind that reports it (cells of communes report hamlet figures, wards report khóm figures,
 *   communes report commune-level figures, ...);
 * - the value form does not fit the kind: yes/no needs a boolean; counts a whole number; amounts a number;
 *   percentages a number or numerator + denominator, and numerator + denominator when cells' figures are summed (`ratio`);
 * - the value is outside the indicator's range, or the numerator exceeds the denominator of a percentage;
 * - `asOf` is after the day (in Vietnam) it was reported.
 *
 * Unit validity dates are deliberately not checked: the cells keep reporting on their 2023 pledges after the
 * units ended on 2025-06-30.
 */
export function validateReading(reading: Reading, catalogue: CatalogueIndex, units: UnitIndex, source = 'reading'): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const add = (path: string, problem: string): void => {
    issues.push({ file: source, path, problem });
  };
  const unit: Unit | undefined = units.byId.get(reading.hamletId);
  if (!unit) add('hamletId', `unknown unit ${reading.hamletId}`);
  const entry = findIndicator(catalogue, reading);
  if (!entry) {
    add('indicatorCode', `unknown indicator ${reading.criterionCode} ${reading.indicatorCode} in catalogue ${catalogue.catalogue.version}`);
    return issues;
  }
  const { criterion, indicator } = entry;
  if (indicator.readingOf) {
    add(
      'indicatorCode',
      `${reading.criterionCode} ${reading.indicatorCode} has no readings of its own; report ${indicator.readingOf.criterionCode} ${indicator.readingOf.indicatorCode}`,
    );
    return issues;
  }
  const kinds = reporterKinds(criterion, indicator);
  if (unit && !kinds.includes(unit.kind)) {
    add('hamletId', `${reading.criterionCode} ${reading.indicatorCode} is reported by a ${kinds.join(' or ')}, not by ${unit.kind} ${unit.id}`);
  }
  const measure = measureOf(reading);
  const range = indicator.range;
  switch (indicator.kind) {
    case 'boolean':
      if (measure.type !== 'boolean') add('value', 'a yes/no indicator needs value true or false');
      break;
    case 'count':
    case 'amount':
      if (measure.type !== 'number') add('value', `a ${indicator.kind} needs a number in value`);
      else if (indicator.kind === 'count' && !Number.isInteger(measure.value)) add('value', 'a count is a whole number');
      break;
    case 'percentage':
      if (measure.type === 'boolean') add('value', 'a percentage needs a number or numerator + denominator');
      if (measure.type === 'number' && indicator.rollup.method === 'ratio') {
        add('value', 'cells report this percentage as numerator + denominator, so that communes can add them up');
      }
      if (measure.type === 'fraction' && measure.numerator > measure.denominator) add('numerator', 'the numerator exceeds the denominator');
      break;
  }
  if (range && measure.type === 'number' && (measure.value < range.min || measure.value > range.max)) {
    add('value', `${measure.value} is outside ${range.min}..${range.max}`);
  }
  if (reading.asOf > vnDateOf(new Date(reading.reportedAt))) add('asOf', `asOf ${reading.asOf} is after the day it was reported`);
  return issues;
}
