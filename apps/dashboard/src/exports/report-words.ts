/** The words of the exported reports (Vietnamese, the district's language; English with ?lang=en). */
export type ReportLang = 'vi' | 'en';

export function langOf(value: string | undefined): ReportLang {
  return value === 'en' ? 'en' : 'vi';
}

const STATUS: Record<string, [string, string]> = {
  met: ['Đạt', 'Met'],
  not_met: ['Chưa đạt', 'Not met'],
  no_data: ['Chưa có số liệu', 'No data'],
  stale: ['Số liệu cũ', 'Stale data'],
  threshold_missing: ['Chưa có ngưỡng', 'No threshold'],
  undetermined: ['Chưa xác định', 'Undetermined'],
  not_applicable: ['Không áp dụng', 'Not applicable'],
};

export function statusWord(status: string, lang: ReportLang): string {
  const w = STATUS[status];
  return w ? w[lang === 'vi' ? 0 : 1] : status;
}

/** Cell fill (ARGB) of a status, the dashboard's heatmap colours. */
export const STATUS_FILL: Record<string, string> = {
  met: 'FF1A7F43',
  not_met: 'FFB42318',
  no_data: 'FFE4E8EC',
  stale: 'FFF7D774',
  threshold_missing: 'FFCFD6DD',
};

export const STATUS_FONT: Record<string, string> = { met: 'FFFFFFFF', not_met: 'FFFFFFFF' };

export const W = {
  summary: ['Tổng hợp', 'Summary'],
  demo: ['Dữ liệu minh họa', 'Demonstration data'],
  demoNote: ['Số liệu minh họa (npm run demo), không phải báo cáo thật', 'Illustrative figures (npm run demo), not real reports'],
  conditions: ['Điều kiện chuẩn huyện', 'District conditions'],
  communes: ['Xã, thị trấn', 'Communes'],
  cells: ['Chi bộ theo tiêu chí', 'Cells by criterion'],
  title: ['Báo cáo tiến độ xây dựng huyện nông thôn mới', 'Progress toward the new-rural district standard'],
  district: ['Huyện', 'District'],
  asOf: ['Số liệu tính đến ngày', 'Figures as of'],
  asOfNote: ['Ghi chú về ngày đánh giá', 'Note on the assessment day'],
  computedAt: ['Thời điểm tính', 'Computed at'],
  catalogue: ['Bộ tiêu chí', 'Criteria catalogue'],
  deadline: ['Thời hạn', 'Deadline'],
  overall: ['Tiến độ chung (%)', 'Overall progress (%)'],
  checks: ['Hạng mục đạt / tổng số', 'Checks met / total'],
  standard: ['Chuẩn huyện nông thôn mới', 'District NTM standard'],
  forecast: ['Dự báo', 'Forecast'],
  forecastReason: ['Căn cứ dự báo', 'Forecast basis'],
  projected: ['Dự kiến hoàn thành', 'Projected completion'],
  expected: ['Tiến độ kỳ vọng đến nay (%)', 'Expected progress by now (%)'],
  actual: ['Tiến độ thực hiện giao ước (%)', 'Pledge progress (%)'],
  cellsTotal: ['Số chi bộ', 'Cells'],
  cellsReporting: ['Chi bộ đã báo cáo', 'Cells reporting'],
  readings: ['Số liệu hiện hành', 'Current readings'],
  lastReportedAt: ['Báo cáo gần nhất', 'Last report'],
  definition: ['Cách tính tiến độ chung', 'How overall progress is computed'],
  code: ['Mã', 'Code'],
  name: ['Tên', 'Name'],
  status: ['Trạng thái', 'Status'],
  unitsAtTier: ['Số đơn vị đạt', 'Units at the tier'],
  unitsTotal: ['Tổng số đơn vị', 'Units'],
  requiredUnits: ['Số đơn vị phải đạt', 'Units required'],
  share: ['Tỷ lệ đạt (%)', 'Share (%)'],
  checksMet: ['Hạng mục đạt', 'Checks met'],
  checksTotal: ['Tổng hạng mục', 'Checks'],
  missing: ['Còn thiếu', 'Missing'],
  kind: ['Loại', 'Kind'],
  criteriaMet: ['Tiêu chí đạt', 'Criteria met'],
  criteriaTotal: ['Tổng tiêu chí', 'Criteria'],
  cellsAtStandard: ['Chi bộ đạt chuẩn', 'Cells at their standard'],
  fulfilment: ['Điểm thực hiện giao ước (0–100)', 'Pledge fulfilment (0–100)'],
  commune: ['Xã, thị trấn', 'Commune / town'],
  communeCode: ['Mã xã', 'Commune code'],
  cell: ['Chi bộ', 'Cell'],
  placeholder: ['Tên tạm (chưa xác minh)', 'Provisional name'],
  yes: ['Có', 'Yes'],
  no: ['Không', 'No'],
  pledgeItems: ['Hạng mục giao ước', 'Pledge items'],
  pledgeMetOnTime: ['Đạt đúng hạn', 'Met on time'],
  evalReport: ['Đề xuất', 'Proposal'],
  evalRatings: ['Mức đề xuất', 'Proposed levels'],
  evalScopes: ['Theo cấp ủy', 'By committee'],
  evalNotRated: ['Không có giao ước để đánh giá', 'Nothing to judge'],
  rank: ['Thứ tự', 'Rank'],
  score: ['Điểm thực hiện giao ước', 'Pledge-fulfilment score'],
  candidate: ['Mức theo điểm', 'Level by score'],
  level: ['Mức đề xuất', 'Proposed level'],
  reason: ['Lý do', 'Reason'],
  capRule: ['Quy tắc giới hạn', 'Cap rule'],
  total: ['Tổng số tập thể có điểm giao ước', 'Collectives with a pledge score'],
  undecided: ['Bằng điểm ở giới hạn (cấp ủy quyết định)', 'Tied at the limit (the committee decides)'],
  blockers: ['Những gì còn chặn chuẩn huyện', 'What blocks the district standard'],
  assessedOn: ['Ngày đánh giá chuẩn', 'Standard assessed on'],
  condition: ['Điều kiện', 'Condition'],
  order: ['Thứ tự gần đạt', 'Closeness rank'],
  soonest: ['Hoàn thành sớm nhất', 'Completes it soonest'],
  openCriteria: ['Tiêu chí còn thiếu', 'Open criteria'],
  gap: ['Khoảng cách', 'Gap'],
  pledgedBy: ['Hạn giao ước', 'Pledged by'],
  recognised: ['Quyết định công nhận', 'Recognition decision'],
  counts: ['Tính theo', 'Counts'],
  confidence: ['Độ tin cậy', 'Confidence'],
  year: ['Năm', 'Year'],
  hidden: ['Không hiển thị (ngoài phạm vi tài khoản)', 'Not shown (outside the account’s scope)'],
} as const satisfies Record<string, readonly [string, string]>;

const BASIS: Record<string, [string, string]> = {
  computed: ['Tính theo số liệu', 'Computed from readings'],
  recognised: ['Quyết định công nhận', 'Recognition decisions'],
  recognised_or_computed: ['Công nhận hoặc tính theo số liệu', 'Recognised or computed'],
};

/** What a share condition counts, in words. */
export function basisWord(basis: string, lang: ReportLang): string {
  const x = BASIS[basis];
  return x ? x[lang === 'vi' ? 0 : 1] : basis;
}

export function w(key: keyof typeof W, lang: ReportLang): string {
  return W[key][lang === 'vi' ? 0 : 1];
}
