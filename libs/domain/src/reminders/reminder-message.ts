/**
 * The words of a reminder, Vietnamese by default (English for accounts whose locale is `en`): the cell, the
 * criterion, the due date as dd/MM/yyyy, and a link to act on it. The same text goes to every channel (in-app
 * inbox, e-mail, webhook to an SMS/Zalo gateway); the body is plain text with one line per item.
 */
import type { DisplayLocale } from '../text/format';
import { formatDate } from '../text/format';
import { toNfc } from '../text/nfc';
import type { DueItem, ReminderContent } from './reminder-content';
import type { LateCell } from './reminder-planning';

/** A rendered message. */
export interface RenderedReminder {
  readonly title: string;
  /** Plain text, lines separated by "\n". */
  readonly body: string;
  /** Absolute URL to act on the message (submit a report, open the commune). */
  readonly link: string;
}

/** Paths of the web pages a message links to (relative to the public base URL). */
export const REMINDER_LINK_PATHS = {
  submit: (cellId: string) => `/submit?cell=${encodeURIComponent(cellId)}`,
  unit: (unitId: string) => `/units/${encodeURIComponent(unitId)}`,
  overview: () => `/`,
} as const;

function dueText(daysLeft: number, locale: DisplayLocale): string {
  if (locale === 'en') {
    if (daysLeft > 0) return `${daysLeft} day${daysLeft === 1 ? '' : 's'} left`;
    if (daysLeft === 0) return 'due today';
    return `${-daysLeft} day${daysLeft === -1 ? '' : 's'} overdue`;
  }
  if (daysLeft > 0) return `còn ${daysLeft} ngày`;
  if (daysLeft === 0) return 'đến hạn hôm nay';
  return `đã quá hạn ${-daysLeft} ngày`;
}

function itemLabel(d: DueItem, locale: DisplayLocale): string {
  const { item } = d;
  const criterion = `${item.criterionCode} ${locale === 'en' ? item.criterionName.en : item.criterionName.vi}`.trim();
  if (locale === 'en') {
    return item.indicatorCode
      ? `Criterion ${criterion}, indicator ${item.indicatorCode}${item.indicatorName ? ` ${item.indicatorName.en}` : ''}`
      : `Criterion ${criterion} (whole criterion)`;
  }
  return item.indicatorCode
    ? `Tiêu chí ${criterion}, chỉ tiêu ${item.indicatorCode}${item.indicatorName ? ` ${item.indicatorName.vi}` : ''}`
    : `Tiêu chí ${criterion} (toàn bộ tiêu chí)`;
}

function lateCellLine(late: LateCell, locale: DisplayLocale): string {
  const parts: string[] = [];
  for (const r of late.reports) {
    parts.push(
      locale === 'en'
        ? `periodic report due ${formatDate(r.period.due, 'en')} missing (${r.daysLate} days late)`
        : `chưa gửi báo cáo định kỳ hạn ${formatDate(r.period.due, 'vi')} (trễ ${r.daysLate} ngày)`,
    );
  }
  if (late.items.length) {
    const list = late.items
      .map(
        (i) =>
          `${i.item.criterionCode}${i.item.indicatorCode ? ` ${i.item.indicatorCode}` : ''} ${locale === 'en' ? 'due' : 'hạn'} ${formatDate(i.item.dueDate, locale)}`,
      )
      .join('; ');
    parts.push(
      locale === 'en'
        ? `${late.items.length} pledge item${late.items.length === 1 ? '' : 's'} overdue (${list})`
        : `${late.items.length} chỉ tiêu giao ước quá hạn (${list})`,
    );
  }
  return `- ${late.cell.name}: ${parts.join('; ')}`;
}

/** Renders `content` for a reader of `locale`, with links under `publicBaseUrl`. */
export function renderReminder(content: ReminderContent, opts: { locale?: string; publicBaseUrl: string }): RenderedReminder {
  const locale: DisplayLocale = opts.locale === 'en' ? 'en' : 'vi';
  const base = opts.publicBaseUrl.replace(/\/+$/, '');
  const done = (title: string, lines: string[], path: string): RenderedReminder => ({
    title: toNfc(title),
    body: toNfc([...lines, '', `${locale === 'en' ? 'Open' : 'Truy cập'}: ${base}${path}`].join('\n')),
    link: `${base}${path}`,
  });
  switch (content.kind) {
    case 'pledge_due': {
      const { cell, items } = content;
      const overdue = items.some((i) => i.daysLeft < 0);
      const title =
        locale === 'en'
          ? `${overdue ? 'Overdue pledge items' : 'Pledge deadline reminder'}: ${cell.name}`
          : `${overdue ? 'Chỉ tiêu giao ước quá hạn' : 'Nhắc hạn giao ước thi đua'}: ${cell.name}`;
      const head =
        locale === 'en'
          ? `The party cell ${cell.name} has ${items.length} pledged item${items.length === 1 ? '' : 's'} to update:`
          : `Chi bộ ${cell.name} có ${items.length} chỉ tiêu giao ước thi đua cần cập nhật kết quả:`;
      const lines = items.map(
        (d) => `- ${itemLabel(d, locale)}: ${locale === 'en' ? 'due' : 'hạn'} ${formatDate(d.item.dueDate, locale)} (${dueText(d.daysLeft, locale)})`,
      );
      const tail = locale === 'en' ? 'Please submit the results.' : 'Đề nghị đồng chí cập nhật kết quả thực hiện.';
      return done(title, [head, ...lines, tail], REMINDER_LINK_PATHS.submit(cell.id));
    }
    case 'report_missing': {
      const { cell, period, periodLabel, daysLeft } = content;
      const label = locale === 'en' ? periodLabel.en : periodLabel.vi;
      const title = locale === 'en' ? `Periodic report for ${label} missing: ${cell.name}` : `Nhắc gửi báo cáo ${label}: ${cell.name}`;
      const when =
        locale === 'en'
          ? daysLeft > 0
            ? `due ${formatDate(period.due, 'en')}, ${daysLeft} day${daysLeft === 1 ? '' : 's'} left`
            : daysLeft === 0
              ? `due today, ${formatDate(period.due, 'en')}`
              : `was due ${formatDate(period.due, 'en')}, ${-daysLeft} day${daysLeft === -1 ? '' : 's'} late`
          : daysLeft > 0
            ? `hạn ngày ${formatDate(period.due, 'vi')}, còn ${daysLeft} ngày`
            : daysLeft === 0
              ? `hôm nay ${formatDate(period.due, 'vi')} là hạn cuối`
              : `hạn ngày ${formatDate(period.due, 'vi')}, đã trễ ${-daysLeft} ngày`;
      const line =
        locale === 'en'
          ? `The party cell ${cell.name} has not submitted its report for ${label} (${when}).`
          : `Chi bộ ${cell.name} chưa gửi báo cáo ${label} (${when}). Đề nghị đồng chí gửi số liệu các tiêu chí.`;
      return done(title, [line], REMINDER_LINK_PATHS.submit(cell.id));
    }
    case 'escalation': {
      const { commune, late, minDaysLate } = content;
      const title =
        locale === 'en' ? `Late party cells in ${commune.name}: ${late.length}` : `Tổng hợp chi bộ chậm trễ: ${commune.name} (${late.length} chi bộ)`;
      const head =
        locale === 'en'
          ? `As of ${formatDate(content.day, 'en')}, ${late.length} party cell${late.length === 1 ? ' is' : 's are'} ${minDaysLate} or more days late:`
          : `Đến ngày ${formatDate(content.day, 'vi')}, ${late.length} chi bộ trễ hạn từ ${minDaysLate} ngày trở lên:`;
      return done(title, [head, ...late.map((l) => lateCellLine(l, locale))], REMINDER_LINK_PATHS.unit(commune.id));
    }
    case 'digest': {
      const { late } = content;
      const title =
        locale === 'en'
          ? `Weekly digest ${formatDate(content.day, 'en')}: ${late.length} late party cell${late.length === 1 ? '' : 's'}`
          : `Tổng hợp tuần ${formatDate(content.day, 'vi')}: ${late.length} chi bộ chậm trễ`;
      const byCommune = new Map<string, LateCell[]>();
      for (const l of late) {
        const k = l.cell.communeName ?? '';
        byCommune.set(k, [...(byCommune.get(k) ?? []), l]);
      }
      const lines: string[] = [];
      for (const [communeName, cells] of [...byCommune].sort((a, b) => a[0].localeCompare(b[0], 'vi'))) {
        lines.push(`${communeName || (locale === 'en' ? 'Other' : 'Khác')} (${cells.length}):`);
        for (const l of cells) lines.push(lateCellLine(l, locale));
      }
      return done(title, lines, REMINDER_LINK_PATHS.overview());
    }
  }
}
