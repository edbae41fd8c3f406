import { useState } from 'react';
import { Link } from 'react-router';
import { useCriteria, useMySubmissions, usePledges } from '../api/queries';
import type { Submission } from '../api/types';
import { useSession } from '../auth/useSession';
import { ErrorBox } from '../components/ErrorBox';
import { Loading, StatusChip, Txt, UnitName } from '../components/common';
import { useI18n, type MessageKey } from '../i18n/i18n';
import { discard, flushOutbox, type OutboxRecord } from '../offline/outbox';
import { useOnline, useOutbox } from '../offline/useOutbox';
import { formFor, formsFor, isCellKind, type ReportForm } from './reportable';
import { useReportingUnit } from './reporting-unit';

/** The phone's outbox: what waits to be sent, and what the server refused (to correct and send again). */
function Waiting() {
  const { t, locale, dateTime } = useI18n();
  const online = useOnline();
  const { records, lastFlush } = useOutbox();
  const session = useSession();
  const [busy, setBusy] = useState(false);
  if (records.length === 0) return null;
  const waiting = records.filter((r) => r.state === 'waiting');
  const refused = records.filter((r) => r.state === 'rejected');
  const sendNow = async () => {
    setBusy(true);
    try {
      await flushOutbox();
    } finally {
      setBusy(false);
    }
  };
  const line = (r: OutboxRecord) => (
    <li key={r.eventId} data-event-id={r.eventId} data-state={r.state}>
      <div className="row">
        <StatusChip
          status={r.state === 'waiting' ? 'waiting' : 'rejected'}
          label={r.state === 'waiting' ? t('report.waiting', { n: '' }).replace(' ()', '') : t('report.rejectedLocal')}
        />
        <strong>{r.label ?? r.body.criterionCode}</strong>
        <span className="small muted">{dateTime(r.createdAt)}</span>
      </div>
      <div className="mono small">{r.eventId}</div>
      {r.error && (
        <div className="small" role="alert">
          {locale === 'en' ? r.error.messageEn : r.error.message}
          <ul>
            {(r.error.details ?? []).map((d, i) => (
              <li key={i}>{locale === 'en' ? d.messageEn : d.message}</li>
            ))}
          </ul>
          <button type="button" className="danger" onClick={() => void discard(r.eventId)}>
            {t('report.discard')}
          </button>
        </div>
      )}
    </li>
  );
  return (
    <section className="card" aria-labelledby="waiting-title" data-testid="outbox">
      <h2 id="waiting-title">{t('report.waiting', { n: waiting.length })}</h2>
      {waiting.length > 0 && <p className="small">{t('report.waitingHint')}</p>}
      {(lastFlush?.needsLogin || !session) && waiting.length > 0 && (
        <p className="notice warn" role="alert">
          {t('report.waitingLogin')}
        </p>
      )}
      <ul className="list-plain">{[...waiting, ...refused].map(line)}</ul>
      {waiting.length > 0 && online && (
        <button type="button" className="secondary" onClick={() => void sendNow()} disabled={busy}>
          {t('report.sendNow')}
        </button>
      )}
    </section>
  );
}

function SubmissionItem({ s, forms }: { s: Submission; forms: ReportForm[] }) {
  const { t, date, dateTime, locale, pick } = useI18n();
  const form = formFor(
    forms,
    s.criterionCode,
    (s.update.readings ?? []).map((r) => r.indicatorCode),
  );
  const corrected = s.supersededBy.length > 0;
  return (
    <li data-event-id={s.eventId} data-status={s.status} data-review={s.review?.status ?? 'none'}>
      <div className="row">
        <strong>{form ? `${form.code} ${pick(form.nameVi, form.nameEn)}` : s.criterionCode}</strong>
        <span className="small muted">
          {t('drill.asOf')} {date(s.asOf)} · {dateTime(s.submittedAt)}
        </span>
      </div>
      <div className="row" style={{ marginTop: '0.25rem' }}>
        <StatusChip status={s.status} label={t(`report.status.${s.status}` as MessageKey)} />
        {s.review && <StatusChip status={s.review.status} label={t(`report.review.${s.review.status}` as MessageKey)} />}
      </div>
      {s.review?.comment && (
        <p className="small" data-testid="review-comment" style={{ margin: '0.3rem 0' }}>
          {t('report.review.comment', { comment: s.review.comment })}
        </p>
      )}
      {s.rejection && (
        <ul className="small">
          {s.rejection.reasons.map((r, i) => (
            <li key={i}>{t('report.reason', { reason: locale === 'en' ? r.messageEn : r.message })}</li>
          ))}
        </ul>
      )}
      {form && !corrected && (s.review?.status === 'returned' || s.status === 'rejected') && (
        <Link className="button" to={`/report/${form.code}?corrects=${s.eventId}`}>
          {t('report.correct')}
        </Link>
      )}
      <div className="mono small muted">{s.eventId}</div>
    </li>
  );
}

/**
 * The home of an account's own reports, on a phone: a secretary's cell (its criteria, one form each, and its
 * pledge), a commune officer's commune or town, a district leader's or administrator's district (the indicators
 * that level reports itself), what waits on the phone and what was sent, with its status and review.
 */
export function ReportHomePage() {
  const { t, pick, date } = useI18n();
  const { session, unitId, unit, kind } = useReportingUnit();
  const criteria = useCriteria();
  const cell = kind !== undefined && isCellKind(kind);
  const pledges = usePledges(cell ? unitId : undefined);
  const mine = useMySubmissions();
  const forms = criteria.data && kind ? formsFor(criteria.data.criteria, kind) : [];
  const statusOf = new Map<string, string>([
    ...(unit.data?.tiers.flatMap((tier) => tier.criteria.map((c) => [c.code, c.status] as const)) ?? []),
    ...(unit.data?.districtStandard?.conditions.flatMap((c) => c.criteria.map((k) => [k.code, k.status] as const)) ?? []),
  ]);
  const pledge = pledges.data?.pledges[0];
  const toFix = (mine.data?.items ?? []).filter((s) => s.supersededBy.length === 0 && (s.review?.status === 'returned' || s.status === 'rejected'));
  const sectionTitle = (section: ReportForm['section']) =>
    section === 'cell'
      ? t('report.cellCriteria')
      : section === 'commune'
        ? t('report.communeIndicators')
        : kind === 'district'
          ? t('report.districtOwn')
          : t('report.communeOwn');
  return (
    <>
      <h1>
        {unit.data ? (
          <>
            {cell ? t('report.cell', { name: '' }) : t('report.unitTitle', { name: '' })}
            <UnitName name={unit.data.unit.name} placeholder={unit.data.unit.placeholder} />
          </>
        ) : cell || !session ? (
          t('report.title')
        ) : (
          t('report.unitTitlePlain')
        )}
      </h1>
      {unit.data?.commune && <p className="muted">{unit.data.commune.name}</p>}
      {toFix.length > 0 && (
        <section className="card" aria-labelledby="to-fix-title" data-testid="to-fix" style={{ borderColor: '#b42318', borderWidth: 2 }}>
          <h2 id="to-fix-title">{t('report.toFix', { n: toFix.length })}</h2>
          <ul className="list-plain">
            {toFix.map((s) => (
              <SubmissionItem key={s.eventId} s={s} forms={forms} />
            ))}
          </ul>
        </section>
      )}
      <Waiting />
      <section className="card" aria-labelledby="criteria-title">
        <h2 id="criteria-title">{t('report.criteria')}</h2>
        <p className="small muted">{cell ? t('report.criteriaHint') : t('report.unitHint')}</p>
        {(criteria.isPending || (!kind && unit.isPending)) && <Loading />}
        {criteria.error && <ErrorBox error={criteria.error} onRetry={() => void criteria.refetch()} />}
        {!kind && unit.error && <ErrorBox error={unit.error} onRetry={() => void unit.refetch()} />}
        {criteria.data && kind && forms.length === 0 && <p className="muted">{t('report.noForms')}</p>}
        {(['cell', 'commune', 'unit'] as const).map((section) => {
          const list = forms.filter((f) => f.section === section);
          if (!list.length) return null;
          return (
            <div key={section}>
              <h3>{sectionTitle(section)}</h3>
              <ul className="criterion-list">
                {list.map((f) => (
                  <li key={f.code}>
                    <Link className="criterion-link" to={`/report/${f.code}`} data-form={f.code}>
                      <span>
                        {f.code} · {pick(f.nameVi, f.nameEn)}
                      </span>
                      {statusOf.has(f.code) && <StatusChip status={statusOf.get(f.code)!} />}
                    </Link>
                  </li>
                ))}
              </ul>
            </div>
          );
        })}
      </section>
      <section className="card" aria-labelledby="mine-title">
        <h2 id="mine-title">{t('report.mine')}</h2>
        {mine.isPending && <Loading />}
        {mine.error && <ErrorBox error={mine.error} onRetry={() => void mine.refetch()} />}
        {mine.data && mine.data.items.length === 0 && <p className="muted">{t('report.noneYet')}</p>}
        {mine.data && mine.data.items.length > 0 && (
          <ul className="list-plain" data-testid="my-submissions">
            {mine.data.items.map((s) => (
              <SubmissionItem key={s.eventId} s={s} forms={forms} />
            ))}
          </ul>
        )}
      </section>
      {cell && (
        <section className="card" aria-labelledby="pledge-title">
          <h2 id="pledge-title">{t('drill.pledgeItems')}</h2>
          {pledges.isPending && <Loading />}
          {pledges.error && <ErrorBox error={pledges.error} onRetry={() => void pledges.refetch()} />}
          {pledge && (
            <>
              <p className="small muted">{t('report.pledge', { date: date(pledge.signedOn) })}</p>
              <ul className="list-plain" data-testid="pledge-items">
                {pledge.items.map((i) => (
                  <li key={i.id} data-item={i.id} data-status={i.status}>
                    <div className="row">
                      <strong>
                        {i.criterionCode}
                        {i.indicatorCode ? ` · ${i.indicatorCode}` : ''}
                      </strong>
                      <span>{i.indicatorName ? pick(i.indicatorName.vi, i.indicatorName.en) : pick(i.criterionName.vi, i.criterionName.en)}</span>
                    </div>
                    <div className="row small">
                      <span>
                        {t('dash.target')}: <Txt text={i.target.text} />
                      </span>
                      <span>
                        {t('dash.due')}: {date(i.dueDate)}
                      </span>
                      <StatusChip status={i.status} kind="forecast" label={pick(i.statusText.vi, i.statusText.en)} />
                    </div>
                    <div className="small muted">
                      <Txt text={i.reason} />
                    </div>
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}
    </>
  );
}
