import { COMMUNE_LEVEL_KINDS, isValidOn, type UnitIndex } from '@pledge/domain/units/hierarchy';
import { isIsoDate } from '@pledge/domain/shared/iso-date';
import type { ApiErrorDetail } from '@pledge/platform';

/**
 * What is wrong with placing a cell under `parentId` from `day` (adding a hamlet, moving a cell): the day is a date,
 * the parent is a commune or town, and it exists on that day. `dayField` names the day in the request body.
 */
export function communeParentProblems(units: UnitIndex, parentId: string, day: string, dayField: string): ApiErrorDetail[] {
  const problems: ApiErrorDetail[] = [];
  const parent = units.byId.get(parentId);
  if (!isIsoDate(day))
    problems.push({ field: dayField, problem: 'invalid_date', message: `"${day}" không phải ngày hợp lệ`, messageEn: `"${day}" is not a valid date` });
  if (!parent || !COMMUNE_LEVEL_KINDS.includes(parent.kind))
    problems.push({
      field: 'parentId',
      problem: 'not_a_commune',
      message: `"${parentId}" không phải xã/thị trấn`,
      messageEn: `"${parentId}" is not a commune or town`,
    });
  else if (isIsoDate(day) && !isValidOn(parent, day))
    problems.push({
      field: dayField,
      problem: 'parent_not_valid',
      message: `${parent.name} không tồn tại vào ngày ${day}`,
      messageEn: `${parent.id} does not exist on ${day}`,
    });
  return problems;
}
