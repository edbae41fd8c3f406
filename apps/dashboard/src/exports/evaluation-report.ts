import ExcelJS from 'exceljs';
import type { EvaluationResponseDto } from '../evaluations/evaluations.dto';
import { w, type ReportLang } from './report-words';

/**
 * The proposal of pledge-fulfilment results as a workbook, from the answer of GET /api/v1/evaluations/{year}: the
 * lines as district reports write them ("8/40 tập thể hoàn thành xuất sắc nhiệm vụ (đạt 20%)"), the cap rule per
 * party committee, every cell's score and proposed level with the reason when the cap lowered it or a tie at the
 * limit leaves it to the committee, and the cells without anything to judge. A proposal, not the party's rating.
 */
export async function evaluationWorkbook(e: EvaluationResponseDto, lang: ReportLang = 'vi', demo = false): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Thanh Bình pledge dashboard';
  const pick = (t: { vi: string; en: string } | null | undefined) => (t ? (lang === 'vi' ? t.vi : t.en) : '');
  const bold = { bold: true };

  const r = wb.addWorksheet(w('evalReport', lang));
  r.columns = [{ width: 40 }, { width: 100 }];
  r.addRow([pick(e.title)]).font = { bold: true, size: 14 };
  // demonstration data (npm run demo): said before anything else
  if (demo) r.addRow([w('demo', lang), w('demoNote', lang)]).font = { bold: true, color: { argb: 'FFB00020' } };
  const kv: [string, unknown, string?][] = [
    [w('year', lang), e.year],
    [w('asOf', lang), new Date(`${e.asOf}T00:00:00Z`), 'dd/mm/yyyy'],
    [w('catalogue', lang), e.catalogueVersion],
    [w('total', lang), e.total],
    [w('undecided', lang), e.undecided],
    [w('capRule', lang), pick(e.cap.text)],
  ];
  for (const [k, v, fmt] of kv) {
    const row = r.addRow([k, v]);
    row.getCell(1).font = bold;
    if (fmt) row.getCell(2).numFmt = fmt;
    row.getCell(2).alignment = { wrapText: true, horizontal: 'left' };
  }
  r.addRow([]);
  r.addRow([w('evalReport', lang)]).font = bold;
  for (const line of e.reportLines) r.addRow(['', pick(line)]);
  r.addRow([]);
  r.addRow(['', pick(e.reportText)]).getCell(2).alignment = { wrapText: true, vertical: 'top' };
  if (e.hiddenCollectives > 0) r.addRow([w('hidden', lang), e.hiddenCollectives]);
  if (e.scopes.length > 1) {
    r.addRow([]);
    r.addRow([w('evalScopes', lang)]).font = bold;
    for (const sc of e.scopes) {
      r.addRow([sc.name ?? sc.id, pick(sc.cap.text)]).getCell(2).alignment = { wrapText: true, vertical: 'top' };
      for (const line of sc.reportLines) r.addRow(['', pick(line)]);
    }
  }

  const t = wb.addWorksheet(w('evalRatings', lang), { views: [{ state: 'frozen', ySplit: 1 }] });
  t.columns = [
    { header: w('rank', lang), key: 'rank', width: 8 },
    { header: w('code', lang), key: 'id', width: 16 },
    { header: w('cell', lang), key: 'name', width: 26 },
    { header: w('commune', lang), key: 'commune', width: 24 },
    { header: w('score', lang), key: 'score', width: 14, style: { numFmt: '0.0' } },
    { header: w('candidate', lang), key: 'candidate', width: 12 },
    { header: w('level', lang), key: 'level', width: 36 },
    { header: w('reason', lang), key: 'reason', width: 70 },
  ];
  e.collectives.forEach((c, i) =>
    t.addRow({
      rank: i + 1,
      id: c.id,
      name: c.placeholder ? `${c.name} (${w('placeholder', lang)})` : c.name,
      commune: c.communeName,
      score: c.score,
      candidate: c.candidateLevel,
      level: pick(c.levelName),
      reason: pick(c.reason),
    }),
  );
  t.getRow(1).font = bold;

  if (e.notRated.length > 0) {
    const n = wb.addWorksheet(w('evalNotRated', lang));
    n.columns = [
      { header: w('code', lang), key: 'id', width: 16 },
      { header: w('cell', lang), key: 'name', width: 26 },
      { header: w('reason', lang), key: 'reason', width: 80 },
    ];
    for (const x of e.notRated) n.addRow({ id: x.id, name: x.name, reason: pick(x.reason) });
    n.getRow(1).font = bold;
  }
  return wb;
}
