import ExcelJS from 'exceljs';
import type { ProgressResponseDto } from '../progress/progress.dto';
import { basisWord, langOf, statusWord, STATUS_FILL, STATUS_FONT, w, type ReportLang } from './report-words';

/**
 * The district report as a workbook, from the very answer of GET /api/v1/progress (same figures): a summary with
 * the standard's conditions, the communes, and the cells by criterion (the heatmap), in Vietnamese by default.
 * Dates are real dates shown dd/mm/yyyy; percentages are numbers with one decimal.
 */
export async function districtReportWorkbook(p: ProgressResponseDto, lang: ReportLang = 'vi'): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Thanh Bình pledge dashboard';
  wb.created = new Date(p.computedAt);
  const pick = (t: { vi: string; en: string } | null | undefined) => (t ? (lang === 'vi' ? t.vi : t.en) : '');
  const date = (iso: string | null) => (iso ? new Date(`${iso.slice(0, 10)}T00:00:00Z`) : null);
  const bold = { bold: true };

  // 1. summary + conditions
  const s = wb.addWorksheet(w('summary', lang), { views: [{ state: 'frozen', ySplit: 1 }] });
  s.columns = [{ width: 42 }, { width: 90 }];
  s.addRow([`${w('title', lang)} – ${p.district.name}`]).font = { bold: true, size: 14 };
  // demonstration data (npm run demo): said before anything else
  if (p.demo) s.addRow([w('demo', lang), w('demoNote', lang)]).font = { bold: true, color: { argb: 'FFB00020' } };
  // what blocks the standard leads the report; the overall percentage follows, secondary, with its definition
  s.addRow([w('blockers', lang), pick(p.standard.blockers.headline)]).eachCell((cell, i) => {
    cell.font = { bold: true };
    if (i === 2) cell.alignment = { wrapText: true, vertical: 'top', horizontal: 'left' };
  });
  const kv: [string, unknown, string?][] = [
    [w('standard', lang), pick(p.standard.label)],
    [w('assessedOn', lang), date(p.standard.assessedOn), 'dd/mm/yyyy'],
    [w('district', lang), `${p.district.name} (${p.district.code})`],
    [w('asOf', lang), date(p.asOf), 'dd/mm/yyyy'],
    [w('asOfNote', lang), pick(p.asOfNote)],
    [w('computedAt', lang), new Date(p.computedAt), 'dd/mm/yyyy hh:mm'],
    [w('catalogue', lang), p.catalogueVersion],
    [w('deadline', lang), date(p.deadline), 'dd/mm/yyyy'],
    [w('forecast', lang), pick(p.forecast.statusText)],
    [w('forecastReason', lang), pick(p.forecast.reason)],
    [w('projected', lang), date(p.forecast.projectedCompletion), 'dd/mm/yyyy'],
    [w('expected', lang), Math.round(p.forecast.expectedProgress * 1000) / 10, '0.0'],
    [w('actual', lang), Math.round(p.forecast.actualProgress * 1000) / 10, '0.0'],
    [w('cellsTotal', lang), p.cells],
    [w('cellsReporting', lang), p.cellsReporting],
    [w('readings', lang), p.readings],
    [w('lastReportedAt', lang), p.lastReportedAt ? new Date(p.lastReportedAt) : null, 'dd/mm/yyyy hh:mm'],
    [w('overall', lang), p.overall.percent, '0.0'],
    [w('checks', lang), `${p.overall.checks.met}/${p.overall.checks.total}`],
    [w('definition', lang), pick(p.overall.definition)],
  ];
  for (const [k, v, fmt] of kv) {
    const r = s.addRow([k, v ?? '']);
    r.getCell(1).font = bold;
    if (fmt && v !== null && v !== undefined) r.getCell(2).numFmt = fmt;
    r.getCell(2).alignment = { wrapText: true, vertical: 'top', horizontal: 'left' };
  }

  // what blocks each condition: closest first, the few that would complete it soonest marked
  const b = wb.addWorksheet(w('blockers', lang), { views: [{ state: 'frozen', ySplit: 1 }] });
  b.columns = [
    { header: w('condition', lang), key: 'condition', width: 10 },
    { header: w('order', lang), key: 'order', width: 8 },
    { header: w('soonest', lang), key: 'soonest', width: 12 },
    { header: w('name', lang), key: 'name', width: 26 },
    { header: w('openCriteria', lang), key: 'open', width: 12 },
    { header: w('gap', lang), key: 'gap', width: 10, style: { numFmt: '0.00' } },
    { header: w('projected', lang), key: 'projected', width: 14, style: { numFmt: 'dd/mm/yyyy' } },
    { header: w('pledgedBy', lang), key: 'due', width: 14, style: { numFmt: 'dd/mm/yyyy' } },
    { header: w('recognised', lang), key: 'recognised', width: 12 },
    { header: w('missing', lang), key: 'summary', width: 100 },
  ];
  for (const k of p.standard.blockers.conditions) {
    b.addRow({ condition: k.code, name: pick(k.name), summary: pick(k.summary) }).font = bold;
    k.blockers.forEach(
      (x, i) =>
        (b.addRow({
          condition: k.code,
          order: i + 1,
          soonest: x.soonest ? w('yes', lang) : '',
          name: x.name,
          open: x.openCriteria,
          gap: x.gap,
          projected: date(x.projectedOn),
          due: date(x.dueOn),
          recognised: x.recognised ? w('yes', lang) : w('no', lang),
          summary: [pick(x.summary), ...x.criteria.flatMap((c) => c.indicators.map((l) => `  ${c.code} ${pick(l)}`))].join('\n'),
        }).alignment = { wrapText: true, vertical: 'top' }),
    );
  }
  b.getRow(1).font = bold;

  const c = wb.addWorksheet(w('conditions', lang), { views: [{ state: 'frozen', ySplit: 1 }] });
  c.columns = [
    { header: w('code', lang), key: 'code', width: 9 },
    { header: w('name', lang), key: 'name', width: 48 },
    { header: w('status', lang), key: 'status', width: 16 },
    { header: w('unitsAtTier', lang), key: 'unitsAtTier', width: 12 },
    { header: w('unitsTotal', lang), key: 'unitsTotal', width: 12 },
    { header: w('requiredUnits', lang), key: 'requiredUnits', width: 14 },
    { header: w('share', lang), key: 'share', width: 12, style: { numFmt: '0.0' } },
    { header: w('checksMet', lang), key: 'checksMet', width: 12 },
    { header: w('checksTotal', lang), key: 'checksTotal', width: 12 },
    { header: w('counts', lang), key: 'basis', width: 22 },
    { header: w('recognised', lang), key: 'recognised', width: 40 },
    { header: w('confidence', lang), key: 'confidence', width: 16 },
    { header: w('missing', lang), key: 'missing', width: 100 },
  ];
  for (const k of p.standard.conditions) {
    c.addRow({
      code: k.code,
      name: pick(k.name),
      status: statusWord(k.status, lang),
      unitsAtTier: k.unitsAtTier,
      unitsTotal: k.unitsTotal,
      requiredUnits: k.requiredUnits,
      share: k.sharePercent,
      checksMet: k.checks.met,
      checksTotal: k.checks.total,
      basis: k.rule.basis ? basisWord(k.rule.basis, lang) : '',
      recognised: k.units
        .filter((u) => u.recognition)
        .map((u) => `${u.name}: ${pick(u.recognition!.text)}`)
        .join('\n'),
      confidence: k.confidence,
      missing: [pick(k.measure), ...k.missing.map(pick)].filter(Boolean).join('\n'),
    }).alignment = { wrapText: true, vertical: 'top' };
  }
  c.getRow(1).font = bold;

  // 2. communes
  const m = wb.addWorksheet(w('communes', lang), { views: [{ state: 'frozen', ySplit: 1, xSplit: 2 }] });
  m.columns = [
    { header: w('code', lang), key: 'code', width: 9 },
    { header: w('commune', lang), key: 'name', width: 26 },
    { header: w('kind', lang), key: 'kind', width: 10 },
    { header: w('status', lang), key: 'status', width: 16 },
    { header: w('criteriaMet', lang), key: 'criteriaMet', width: 12 },
    { header: w('criteriaTotal', lang), key: 'criteriaTotal', width: 12 },
    { header: w('cellsTotal', lang), key: 'cells', width: 10 },
    { header: w('cellsReporting', lang), key: 'cellsReporting', width: 14 },
    { header: w('cellsAtStandard', lang), key: 'cellsAtStandard', width: 14 },
    { header: w('fulfilment', lang), key: 'fulfilment', width: 16, style: { numFmt: '0.0' } },
    { header: w('readings', lang), key: 'readings', width: 12 },
    { header: w('lastReportedAt', lang), key: 'last', width: 18, style: { numFmt: 'dd/mm/yyyy hh:mm' } },
    { header: w('standard', lang), key: 'label', width: 60 },
  ];
  for (const x of p.communes) {
    m.addRow({
      code: x.code,
      name: x.placeholder ? `${x.name} (${w('placeholder', lang)})` : x.name,
      kind: x.kind,
      status: statusWord(x.standard?.status ?? 'not_applicable', lang),
      criteriaMet: x.standard?.metCriteria ?? null,
      criteriaTotal: x.standard?.totalCriteria ?? null,
      cells: x.cells,
      cellsReporting: x.cellsReporting,
      cellsAtStandard: x.cellsAtStandard,
      fulfilment: x.pledgeFulfilment,
      readings: x.readings,
      last: x.lastReportedAt ? new Date(x.lastReportedAt) : null,
      label: pick(x.standard?.label),
    });
  }
  m.getRow(1).font = bold;

  // 3. cells × criteria (the heatmap)
  const h = wb.addWorksheet(w('cells', lang), { views: [{ state: 'frozen', ySplit: 1, xSplit: 4 }] });
  const cols = p.heatmap.columns;
  h.columns = [
    { header: w('communeCode', lang), key: 'communeId', width: 9 },
    { header: w('commune', lang), key: 'communeName', width: 22 },
    { header: w('code', lang), key: 'id', width: 16 },
    { header: w('cell', lang), key: 'name', width: 24 },
    { header: w('placeholder', lang), key: 'placeholder', width: 12 },
    { header: w('status', lang), key: 'status', width: 16 },
    { header: w('criteriaMet', lang), key: 'criteriaMet', width: 11 },
    { header: w('criteriaTotal', lang), key: 'criteriaTotal', width: 11 },
    { header: w('fulfilment', lang), key: 'fulfilment', width: 14, style: { numFmt: '0.0' } },
    { header: w('pledgeItems', lang), key: 'items', width: 10 },
    { header: w('pledgeMetOnTime', lang), key: 'metOnTime', width: 10 },
    ...cols.map((k) => ({ header: `${k.code} ${lang === 'vi' ? k.nameVi : k.nameEn}`, key: k.code, width: 14 })),
  ];
  for (const r of p.heatmap.rows) {
    const row = h.addRow({
      communeId: r.communeId,
      communeName: r.communeName,
      id: r.id,
      name: r.name,
      placeholder: r.placeholder ? w('yes', lang) : w('no', lang),
      status: statusWord(r.standard?.status ?? 'not_applicable', lang),
      criteriaMet: r.standard?.metCriteria ?? null,
      criteriaTotal: r.standard?.totalCriteria ?? null,
      fulfilment: r.pledge?.fulfilmentScore ?? null,
      items: r.pledge?.items ?? null,
      metOnTime: r.pledge?.metOnTime ?? null,
      ...Object.fromEntries(cols.map((k) => [k.code, r.criteria[k.code] ? statusWord(r.criteria[k.code], lang) : ''])),
    });
    for (const k of cols) {
      const st = r.criteria[k.code];
      if (!st) continue;
      const cell = row.getCell(k.code);
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: STATUS_FILL[st] ?? 'FFFFFFFF' } };
      if (STATUS_FONT[st]) cell.font = { color: { argb: STATUS_FONT[st] } };
    }
  }
  h.getRow(1).font = bold;
  h.getRow(1).alignment = { wrapText: true, vertical: 'top' };
  return wb;
}

/** RFC 4180 field. */
function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? String(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export type CsvTable = 'cells' | 'communes' | 'conditions';

export function csvTableOf(value: string | undefined): CsvTable {
  return value === 'communes' || value === 'conditions' ? value : 'cells';
}

/**
 * One table of the district report as CSV (UTF-8 with BOM so that Excel reads the Vietnamese letters; comma
 * separated; numbers with a decimal point and statuses as codes, for other programs): the cells by criterion
 * (default), the communes, or the conditions.
 */
export function districtReportCsv(p: ProgressResponseDto, table: CsvTable, langText?: string): string {
  const lang = langOf(langText);
  const pick = (t: { vi: string; en: string } | null | undefined) => (t ? (lang === 'vi' ? t.vi : t.en) : '');
  let rows: unknown[][];
  if (table === 'communes') {
    rows = [
      [
        'communeId',
        'name',
        'kind',
        'placeholder',
        'standardStatus',
        'criteriaMet',
        'criteriaTotal',
        'cells',
        'cellsReporting',
        'cellsAtStandard',
        'pledgeFulfilment',
        'readings',
        'lastReportedAt',
        'asOf',
      ],
      ...p.communes.map((x) => [
        x.id,
        x.name,
        x.kind,
        x.placeholder,
        x.standard?.status ?? '',
        x.standard?.metCriteria ?? '',
        x.standard?.totalCriteria ?? '',
        x.cells,
        x.cellsReporting,
        x.cellsAtStandard,
        x.pledgeFulfilment ?? '',
        x.readings,
        x.lastReportedAt ?? '',
        p.asOf,
      ]),
    ];
  } else if (table === 'conditions') {
    rows = [
      ['code', 'name', 'status', 'unitsAtTier', 'unitsTotal', 'requiredUnits', 'sharePercent', 'checksMet', 'checksTotal', 'missing', 'asOf'],
      ...p.standard.conditions.map((k) => [
        k.code,
        pick(k.name),
        k.status,
        k.unitsAtTier ?? '',
        k.unitsTotal ?? '',
        k.requiredUnits ?? '',
        k.sharePercent ?? '',
        k.checks.met,
        k.checks.total,
        k.missing.map(pick).join(' | '),
        p.asOf,
      ]),
    ];
  } else {
    const cols = p.heatmap.columns.map((k) => k.code);
    rows = [
      [
        'communeId',
        'communeName',
        'cellId',
        'cellName',
        'placeholder',
        'kind',
        'standardStatus',
        'criteriaMet',
        'criteriaTotal',
        'pledgeFulfilment',
        'pledgeItems',
        'pledgeMetOnTime',
        ...cols,
        'asOf',
      ],
      ...p.heatmap.rows.map((r) => [
        r.communeId,
        r.communeName,
        r.id,
        r.name,
        r.placeholder,
        r.kind,
        r.standard?.status ?? '',
        r.standard?.metCriteria ?? '',
        r.standard?.totalCriteria ?? '',
        r.pledge?.fulfilmentScore ?? '',
        r.pledge?.items ?? '',
        r.pledge?.metOnTime ?? '',
        ...cols.map((k) => r.criteria[k] ?? ''),
        p.asOf,
      ]),
    ];
  }
  // demonstration data (npm run demo): a last column `demo` on every row, so that no figure travels without the mark
  if (p.demo) rows = rows.map((r, i) => [...r, i === 0 ? 'demo' : true]);
  return '\uFEFF' + rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
