/**
 * Re-signing a cell's pledge for a new programme (issue 14): the rule every way in shares (the admin/officer endpoint,
 * the JSON import). A re-signed pledge is a new pledge of the programme (its id names the programme and the cell);
 * the cell's 2021–2025 pledge is left as it was. Every problem is listed, each naming its field; nothing is half-made.
 */
import type { CatalogueIndex } from '../catalogue/lookup';
import { findIndicator } from '../catalogue/lookup';
import type { Comparator } from '../catalogue/catalogue.types';
import { isIsoDate } from '../shared/iso-date';
import type { Programme } from '../programme/programme';
import { programmeDeadline } from '../programme/programme';
import type { Pledge, PledgeItem } from './pledge.types';

const COMPARATORS: readonly Comparator[] = ['>=', '<=', '==', '>', '<'];

/** One item as the caller sends it. */
export interface ResignItemInput {
  readonly criterionCode: string;
  readonly indicatorCode: string;
  readonly target: { readonly comparator: string; readonly value: unknown };
  readonly dueDate: string;
  readonly note?: string | null;
}

export interface ResignInput {
  readonly cellId: string;
  readonly signedOn: string;
  readonly items: readonly ResignItemInput[];
}

/** A problem with the field it concerns (`items[2].dueDate`), a code and a sentence in both languages. */
export interface ResignProblem {
  readonly field: string;
  readonly problem: string;
  readonly message: string;
  readonly messageEn: string;
}

/** What the rule needs besides the input. */
export interface ResignContext {
  readonly programme: Programme;
  /** The programme's catalogue version, published (undefined when it is not). */
  readonly catalogue: CatalogueIndex | undefined;
  /** The cell's parent on the signing day (libs/domain parentOn over unit_parent), null when it has none. */
  readonly parentOnSigning: string | null;
  /** Whether the id names a cell (hamlet or ward). */
  readonly isCell: boolean;
}

/** The id of a cell's pledge for a programme. */
export function resignedPledgeId(programmeId: string, cellId: string): string {
  return `PL-${programmeId}-${cellId}`;
}

/**
 * Checks a re-signing and builds the pledge: the catalogue is published; the cell exists and lies, on the signing day,
 * under one of the programme's targets; the signing day is within the programme's period; each item names an indicator
 * of the catalogue (once) that cells report (as for a seeded pledge: a cell cannot report a commune's figure), a target
 * whose comparator is known and whose value fits the indicator (yes/no for a yes/no indicator, a number otherwise,
 * 0..100 for a percentage), and a due date from the signing day to the programme's deadline.
 */
export function checkResign(input: ResignInput, ctx: ResignContext): { ok: true; pledge: Pledge } | { ok: false; problems: ResignProblem[] } {
  const problems: ResignProblem[] = [];
  const add = (field: string, problem: string, message: string, messageEn: string): void => {
    problems.push({ field, problem, message, messageEn });
  };
  const { programme, catalogue } = ctx;
  if (!catalogue)
    add(
      'programme',
      'catalogue_not_published',
      `Bộ tiêu chí ${programme.catalogueVersion} chưa được công bố`,
      `Catalogue ${programme.catalogueVersion} is not published`,
    );
  if (!ctx.isCell) add('cellId', 'not_a_cell', `"${input.cellId}" không phải ấp/khóm`, `"${input.cellId}" is not a hamlet or ward`);
  const deadline = programmeDeadline(programme);
  if (!isIsoDate(input.signedOn)) add('signedOn', 'invalid_date', `"${input.signedOn}" không phải ngày hợp lệ`, `"${input.signedOn}" is not a valid date`);
  else if (input.signedOn < programme.periodFrom || input.signedOn > deadline)
    add(
      'signedOn',
      'outside_programme',
      `Ngày ký ${input.signedOn} nằm ngoài chương trình ${programme.id} (${programme.periodFrom}..${deadline})`,
      `Signing day ${input.signedOn} is outside programme ${programme.id} (${programme.periodFrom}..${deadline})`,
    );
  else if (ctx.isCell && (ctx.parentOnSigning === null || !programme.targets.some((t) => t.unitId === ctx.parentOnSigning)))
    add(
      'cellId',
      'not_in_programme',
      ctx.parentOnSigning === null
        ? `Ấp/khóm ${input.cellId} chưa thuộc xã nào vào ngày ${input.signedOn} (chờ quản trị viên quyết định)`
        : `Ấp/khóm ${input.cellId} thuộc ${ctx.parentOnSigning}, không phải đơn vị của chương trình ${programme.id}`,
      ctx.parentOnSigning === null
        ? `Cell ${input.cellId} has no commune on ${input.signedOn} (awaiting an administrator's decision)`
        : `Cell ${input.cellId} lies under ${ctx.parentOnSigning}, not a unit of programme ${programme.id}`,
    );
  if (input.items.length === 0) add('items', 'empty', 'Giao ước cần ít nhất một hạng mục', 'A pledge needs at least one item');
  const seen = new Set<string>();
  const items: PledgeItem[] = [];
  const id = resignedPledgeId(programme.id, input.cellId);
  input.items.forEach((it, i) => {
    const at = `items[${i}]`;
    const key = `${it.criterionCode}|${it.indicatorCode}`;
    if (seen.has(key))
      add(at, 'duplicate', `Chỉ tiêu ${it.criterionCode} ${it.indicatorCode} lặp lại`, `Indicator ${it.criterionCode} ${it.indicatorCode} appears twice`);
    seen.add(key);
    const entry = catalogue ? findIndicator(catalogue, { criterionCode: it.criterionCode, indicatorCode: it.indicatorCode }) : undefined;
    if (catalogue && !entry)
      add(
        `${at}.indicatorCode`,
        'unknown_indicator',
        `Không có chỉ tiêu ${it.criterionCode} ${it.indicatorCode} trong bộ tiêu chí ${programme.catalogueVersion}`,
        `No indicator ${it.criterionCode} ${it.indicatorCode} in catalogue ${programme.catalogueVersion}`,
      );
    else if (entry && entry.indicator.reportedBy !== 'cell')
      add(
        `${at}.indicatorCode`,
        'not_reported_by_cells',
        `Chỉ tiêu ${it.criterionCode} ${it.indicatorCode} do cấp ${entry.indicator.reportedBy === 'commune' ? 'xã' : 'huyện'} báo cáo, ấp/khóm không báo cáo được`,
        `Indicator ${it.criterionCode} ${it.indicatorCode} is reported by the ${entry.indicator.reportedBy}, not by cells`,
      );
    const comparator = it.target?.comparator as Comparator;
    if (!COMPARATORS.includes(comparator))
      add(
        `${at}.target.comparator`,
        'invalid_comparator',
        `Phép so sánh "${String(it.target?.comparator)}" không hợp lệ`,
        `Unknown comparator "${String(it.target?.comparator)}"`,
      );
    const value = it.target?.value;
    if (entry) {
      const kind = entry.indicator.kind;
      if (kind === 'boolean' ? typeof value !== 'boolean' : typeof value !== 'number' || !Number.isFinite(value))
        add(
          `${at}.target.value`,
          'invalid_value',
          kind === 'boolean' ? 'Chỉ tiêu có/không: mục tiêu phải là true hoặc false' : 'Mục tiêu phải là một số',
          kind === 'boolean' ? 'A yes/no indicator takes true or false' : 'The target must be a number',
        );
      else if (kind === 'percentage' && ((value as number) < 0 || (value as number) > 100))
        add(`${at}.target.value`, 'out_of_range', 'Tỷ lệ phải từ 0 đến 100', 'A percentage goes from 0 to 100');
    }
    if (!isIsoDate(it.dueDate)) add(`${at}.dueDate`, 'invalid_date', `"${it.dueDate}" không phải ngày hợp lệ`, `"${it.dueDate}" is not a valid date`);
    else if ((isIsoDate(input.signedOn) && it.dueDate < input.signedOn) || it.dueDate > deadline)
      add(
        `${at}.dueDate`,
        'outside_programme',
        `Hạn ${it.dueDate} phải từ ngày ký đến hạn chót của chương trình (${deadline})`,
        `Due date ${it.dueDate} must lie between the signing day and the programme's deadline (${deadline})`,
      );
    items.push({
      id: `${id}-${String(i + 1).padStart(2, '0')}`,
      criterionCode: it.criterionCode,
      indicatorCode: it.indicatorCode,
      target: { comparator, value: value as number | boolean },
      dueDate: it.dueDate,
      note: it.note ?? null,
    });
  });
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    pledge: {
      id,
      cellId: input.cellId,
      catalogueVersion: programme.catalogueVersion,
      signedOn: input.signedOn,
      placeholder: false,
      source: `re-signed for ${programme.id}`,
      items,
    },
  };
}
