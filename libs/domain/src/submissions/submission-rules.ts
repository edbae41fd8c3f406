/**
 * The rules a criterion update (event `ntm.criterion-updates` v1) must satisfy before it enters the
 * event store, whoever produced it: the intake API applies them before answering 202, ingest applies
 * them again to everything it consumes. Pure: the reference data (units, catalogue) and "now" are arguments.
 *
 * Order: bytes/JSON → identifiers in NFC → free text normalised to NFC → JSON Schema → reference rules.
 *
 * NFC policy: free text (`note`, `evidence[].title`, `evidence[].url`) is normalised to NFC (Vietnamese typed
 * on some phones arrives decomposed; it is the same text). Identifiers (`eventId`, `hamletCode`, `criterionCode`,
 * `readings[].indicatorCode`, `reportedBy`, `supersedes`, `asOf`, `reportedAt`) are never rewritten: one that is
 * not NFC is rejected with problem `not_nfc`, and one that is NFC but unknown with `unknown_code`.
 */
import { catalogueVersionOn } from '../catalogue/governing';
import { checkCriterionUpdateSchema, type CriterionUpdateV1, type RejectionReason } from '@pledge/contracts';
import { vnDateOf } from '../shared/iso-date';
import { isNfc, toNfc } from '../text/nfc';
import { unsafeTextFields } from '../text/safe-text';
import { checkReading, type ReadingBounds } from './reading-rules';

/**
 * A unit that may report: a cell (hamlet/ấp or ward/khóm) for the indicators cells report, a commune
 * (or the town) for commune-level indicators, the district for district-level ones. The event's
 * `hamletCode` holds the reporting unit's id (for commune/district figures: the commune/district id).
 */
export interface SubmissionCellRef {
  id: string;
  kind: 'hamlet' | 'ward' | 'commune' | 'town' | 'district' | string;
  /** The commune (or the town, for wards) the unit belongs to; a commune/town: itself; the district: itself. */
  communeId: string;
}

/** Which level reports what: the `reportedBy` of an indicator ↔ the kinds of units that submit it. */
export const REPORTING_LEVEL_KINDS: Readonly<Record<string, readonly string[]>> = {
  cell: ['hamlet', 'ward'],
  commune: ['commune', 'town'],
  district: ['district'],
};

const LEVEL_VI: Record<string, string> = { cell: 'chi bộ ấp/khóm', commune: 'xã/thị trấn', district: 'huyện' };
const KIND_VI: Record<string, string> = { hamlet: 'ấp', ward: 'khóm', commune: 'xã', town: 'thị trấn', district: 'huyện' };

export interface SubmissionCatalogueVersionRef {
  id: string;
  periodFrom: string;
  periodTo: string;
}

export interface SubmissionIndicatorRef {
  kind: 'percentage' | 'amount' | 'count' | 'boolean' | string;
  range: { min?: number; max?: number } | null;
  /** Plausible figures of one unit (catalogue `bounds`: whole numbers?, ceiling); null: the kind's rules only. */
  bounds?: ReadingBounds | null;
  /** Who reports it: `cell` (the secretaries), `commune`, `district`. */
  reportedBy: string;
  /** Set when the indicator has no readings of its own: its figure is the reading of this indicator. */
  readingOf?: { criterionCode: string; indicatorCode: string } | null;
}

/** What the rules need to know about units and the catalogue (a snapshot loaded from the database). */
export interface SubmissionReference {
  cells: ReadonlyMap<string, SubmissionCellRef>;
  versions: readonly SubmissionCatalogueVersionRef[];
  /** key `${versionId}/${criterionCode}` → the unit kind the criterion applies to. */
  criteria: ReadonlyMap<string, { appliesTo: string }>;
  /** key `${versionId}/${criterionCode}/${indicatorCode}` */
  indicators: ReadonlyMap<string, SubmissionIndicatorRef>;
}

export type SubmissionCheck = { ok: true; update: CriterionUpdateV1; communeId: string } | { ok: false; reasons: RejectionReason[]; eventId: string | null };

const reason = (field: string, problem: string, message: string, messageEn: string): RejectionReason => ({ field, problem, message, messageEn });

/** How far a client's clock may run ahead before `reportedAt` counts as "in the future". */
export const REPORTED_AT_CLOCK_SKEW_MS = 10 * 60_000;

/**
 * Unit kinds that may report the indicators of a criterion applying to `appliesTo`: cells report
 * hamlet or ward figures (also their share of commune/town/district criteria); communes and the town
 * report their own commune-level figures; the district its own.
 */
export function cellKindsFor(appliesTo: string): string[] {
  switch (appliesTo) {
    case 'commune':
      return ['hamlet', 'commune'];
    case 'hamlet':
      return ['hamlet'];
    case 'town':
      return ['ward', 'town'];
    case 'ward':
      return ['ward'];
    case 'district':
      return ['hamlet', 'ward', 'district'];
    default:
      return [appliesTo];
  }
}

const IDENTIFIERS = ['eventId', 'hamletCode', 'criterionCode', 'reportedBy', 'supersedes', 'asOf', 'reportedAt'] as const;

/**
 * Identifiers that are not NFC (each a `not_nfc` reason), and a copy of `input` whose free text is NFC.
 * Object keys that are not NFC are left alone: the schema rejects them as unknown fields.
 */
export function applyNfcPolicy(input: unknown): { value: unknown; reasons: RejectionReason[] } {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return { value: input, reasons: [] };
  const src = input as Record<string, unknown>;
  const reasons: RejectionReason[] = [];
  const notNfc = (field: string) =>
    reason(
      field,
      'not_nfc',
      `"${field}" chứa ký tự tổ hợp (dấu tách rời, không phải Unicode NFC); mã định danh phải ở dạng NFC`,
      `"${field}" contains decomposed characters (not Unicode NFC); identifiers must be NFC`,
    );
  for (const f of IDENTIFIERS) if (typeof src[f] === 'string' && !isNfc(src[f])) reasons.push(notNfc(f));
  const out: Record<string, unknown> = { ...src };
  if (Array.isArray(src.readings)) {
    src.readings.forEach((r, i) => {
      if (
        r &&
        typeof r === 'object' &&
        typeof (r as Record<string, unknown>).indicatorCode === 'string' &&
        !isNfc((r as { indicatorCode: string }).indicatorCode)
      )
        reasons.push(notNfc(`readings[${i}].indicatorCode`));
    });
  }
  if (typeof src.note === 'string') out.note = toNfc(src.note);
  if (Array.isArray(src.evidence)) {
    out.evidence = src.evidence.map((e) => {
      if (!e || typeof e !== 'object' || Array.isArray(e)) return e as unknown;
      const copy: Record<string, unknown> = { ...(e as Record<string, unknown>) };
      if (typeof copy.title === 'string') copy.title = toNfc(copy.title);
      if (typeof copy.url === 'string') copy.url = toNfc(copy.url);
      return copy;
    });
  }
  return { value: out, reasons };
}

/** The eventId of a parsed payload when it has one (for answers and dead letters). */
export function eventIdOf(input: unknown): string | null {
  const id = input && typeof input === 'object' ? (input as { eventId?: unknown }).eventId : undefined;
  return typeof id === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id) ? id : null;
}

/**
 * Every rule about one update (already parsed from JSON): NFC, schema, known cell, criterion and
 * indicator, the reading's form and range, numerator ≤ denominator, no indicator twice, asOf not in
 * the future (Vietnam's calendar) nor after the day it was reported, reportedAt not in the future,
 * supersedes not itself. Returns the normalised update (free text in NFC) or every reason found.
 */
export function checkCriterionUpdate(input: unknown, ref: SubmissionReference, now: Date): SubmissionCheck {
  const eventId = eventIdOf(input);
  // control characters and lone surrogates anywhere (any field, any key): refused before anything else looks at it
  const unsafe = unsafeTextFields(input);
  if (unsafe.length) return { ok: false, eventId, reasons: unsafe.map((u) => reason(u.field, u.problem, u.message, u.messageEn)) };
  const nfc = applyNfcPolicy(input);
  if (nfc.reasons.length) return { ok: false, eventId, reasons: nfc.reasons };
  const schema = checkCriterionUpdateSchema(nfc.value);
  if (!schema.ok) return { ok: false, eventId, reasons: schema.reasons };
  const u = schema.value;
  const reasons: RejectionReason[] = [];
  const today = vnDateOf(now);

  const cell = ref.cells.get(u.hamletCode);
  if (!cell)
    reasons.push(
      reason(
        'hamletCode',
        'unknown_code',
        `Không có đơn vị báo cáo (ấp/khóm, xã, huyện) mã "${u.hamletCode}"`,
        `unknown reporting unit (hamlet/ward, commune, district) "${u.hamletCode}"`,
      ),
    );

  if (u.asOf > today)
    reasons.push(
      reason('asOf', 'in_future', `Ngày số liệu ${u.asOf} ở tương lai (hôm nay là ${today})`, `asOf ${u.asOf} is in the future (today is ${today})`),
    );
  const reportedAt = Date.parse(u.reportedAt);
  if (reportedAt > now.getTime() + REPORTED_AT_CLOCK_SKEW_MS)
    reasons.push(reason('reportedAt', 'in_future', `Thời điểm báo cáo ${u.reportedAt} ở tương lai`, `reportedAt ${u.reportedAt} is in the future`));
  else if (u.asOf <= today && u.asOf > vnDateOf(new Date(reportedAt)))
    reasons.push(
      reason(
        'asOf',
        'after_report',
        `Ngày số liệu ${u.asOf} sau ngày báo cáo`,
        `asOf ${u.asOf} is after the day it was reported (${vnDateOf(new Date(reportedAt))})`,
      ),
    );
  if (u.supersedes && u.supersedes.toLowerCase() === u.eventId.toLowerCase())
    reasons.push(reason('supersedes', 'supersedes_itself', 'Báo cáo không thể thay thế chính nó', 'an update cannot supersede itself'));

  const version = catalogueVersionOn(ref.versions, u.asOf);
  const criterion = version && ref.criteria.get(`${version.id}/${u.criterionCode}`);
  if (!version) {
    reasons.push(reason('asOf', 'before_programme', `Không có bộ tiêu chí nào áp dụng cho ngày ${u.asOf}`, `no criteria catalogue applies on ${u.asOf}`));
  } else if (!criterion) {
    reasons.push(
      reason(
        'criterionCode',
        'unknown_code',
        `Không có tiêu chí mã "${u.criterionCode}" trong bộ ${version.id}`,
        `unknown criterion code "${u.criterionCode}" in catalogue ${version.id}`,
      ),
    );
  } else {
    if (cell && !cellKindsFor(criterion.appliesTo).includes(cell.kind))
      reasons.push(
        reason(
          'criterionCode',
          'not_for_this_unit',
          `Tiêu chí ${u.criterionCode} không áp dụng cho ${KIND_VI[cell.kind] ?? cell.kind} ${cell.id}`,
          `criterion ${u.criterionCode} does not apply to ${cell.kind} ${cell.id}`,
        ),
      );
    const seen = new Set<string>();
    u.readings.forEach((reading, i) => {
      const f = `readings[${i}]`;
      if (seen.has(reading.indicatorCode))
        reasons.push(
          reason(
            `${f}.indicatorCode`,
            'duplicate',
            `Chỉ tiêu ${reading.indicatorCode} được báo cáo hai lần`,
            `indicator ${reading.indicatorCode} is reported twice`,
          ),
        );
      seen.add(reading.indicatorCode);
      const ind = ref.indicators.get(`${version.id}/${u.criterionCode}/${reading.indicatorCode}`);
      if (!ind) {
        reasons.push(
          reason(
            `${f}.indicatorCode`,
            'unknown_code',
            `Tiêu chí ${u.criterionCode} không có chỉ tiêu "${reading.indicatorCode}"`,
            `criterion ${u.criterionCode} has no indicator "${reading.indicatorCode}"`,
          ),
        );
        return;
      }
      if (ind.readingOf) {
        const src = `${ind.readingOf.criterionCode} ${ind.readingOf.indicatorCode}`;
        reasons.push(
          reason(
            `${f}.indicatorCode`,
            'reported_as_other_indicator',
            `Chỉ tiêu ${u.criterionCode} ${reading.indicatorCode} lấy số liệu từ chỉ tiêu ${src}: hãy báo cáo ${src}`,
            `indicator ${u.criterionCode} ${reading.indicatorCode} takes its figure from ${src}: report ${src} instead`,
          ),
        );
        return;
      }
      if (cell && !(REPORTING_LEVEL_KINDS[ind.reportedBy] ?? []).includes(cell.kind)) {
        reasons.push(
          reason(
            `${f}.indicatorCode`,
            'wrong_reporting_level',
            `Chỉ tiêu ${u.criterionCode} ${reading.indicatorCode} do cấp ${LEVEL_VI[ind.reportedBy] ?? ind.reportedBy} báo cáo, không phải ${KIND_VI[cell.kind] ?? cell.kind} ${cell.id}`,
            `indicator ${u.criterionCode} ${reading.indicatorCode} is reported by the ${ind.reportedBy === 'cell' ? 'cells' : ind.reportedBy}, not by ${cell.kind} ${cell.id}`,
          ),
        );
        return;
      }
      reasons.push(...checkReading(reading, ind, f));
    });
  }
  if (reasons.length) return { ok: false, eventId, reasons };
  return { ok: true, update: u, communeId: cell!.communeId };
}

/**
 * Raw bytes of a Kafka message → {@link checkCriterionUpdate}: empty, invalid UTF-8 and malformed JSON
 * are reasons too. Never throws.
 */
export function checkRawCriterionUpdate(raw: Uint8Array | null, ref: SubmissionReference, now: Date): SubmissionCheck {
  if (!raw || raw.length === 0) return { ok: false, eventId: null, reasons: [reason('(body)', 'empty', 'Thông điệp rỗng', 'empty message')] };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return { ok: false, eventId: null, reasons: [reason('(body)', 'invalid_utf8', 'Thông điệp không phải UTF-8 hợp lệ', 'message is not valid UTF-8')] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return {
      ok: false,
      eventId: null,
      reasons: [reason('(body)', 'malformed_json', 'Thông điệp không phải JSON hợp lệ', `malformed JSON: ${(err as Error).message}`)],
    };
  }
  return checkCriterionUpdate(json, ref, now);
}

/** JSON with object keys sorted at every level: equal for equal content whatever the key order. */
export function canonicalJson(value: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
          )
        : v;
  return JSON.stringify(canonical(value));
}
