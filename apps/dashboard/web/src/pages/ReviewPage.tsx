import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client';
import { useCommuneSubmissions, useCriteria, useProgress } from '../api/queries';
import type { CatalogueCriterion, Submission } from '../api/types';
import { useSession } from '../auth/useSession';
import { ErrorBox } from '../components/ErrorBox';
import { Loading, StatusChip, UnitName } from '../components/common';
import { useI18n, type MessageKey } from '../i18n/i18n';

function Readings({ s, criterion }: { s: Submission; criterion?: CatalogueCriterion }) {
  const { t, num, pct, pick } = useI18n();
  const nameOf = (code: string) => {
    const i = criterion?.indicators.find((x) => x.code === code);
    return i ? ` ${pick(i.nameVi, i.nameEn)}` : '';
  };
  return (
    <ul className="small" style={{ margin: '0.3rem 0', paddingLeft: '1.2rem' }}>
      {(s.update.readings ?? []).map((r) => (
        <li key={r.indicatorCode}>
          {r.indicatorCode}
          {nameOf(r.indicatorCode)}:{' '}
          {typeof r.value === 'boolean'
            ? r.value
              ? t('common.yes')
              : t('common.no')
            : typeof r.value === 'number'
              ? num(r.value, 2)
              : r.numerator !== undefined && r.denominator !== undefined
                ? `${num(r.numerator, 2)}/${num(r.denominator, 2)}${r.denominator > 0 ? ` (${pct((r.numerator / r.denominator) * 100)})` : ''}`
                : '–'}
        </li>
      ))}
    </ul>
  );
}

function ReviewItem({ s, cell, criterion }: { s: Submission; cell?: { name: string; placeholder: boolean }; criterion?: CatalogueCriterion }) {
  const { t, date, dateTime, pick } = useI18n();
  const qc = useQueryClient();
  const [comment, setComment] = useState('');
  const [needComment, setNeedComment] = useState(false);
  const act = useMutation({
    mutationFn: (action: 'verify' | 'return') =>
      api<Submission>(`/api/v1/submissions/${encodeURIComponent(s.eventId)}/${action}`, {
        method: 'POST',
        body: comment.trim() ? { comment: comment.trim().normalize('NFC') } : {},
      }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['submissions'] }),
  });
  const id = `comment-${s.eventId}`;
  return (
    <li data-event-id={s.eventId} data-review={s.review?.status ?? 'none'}>
      <div className="row">
        <strong>{cell ? <UnitName name={cell.name} placeholder={cell.placeholder} /> : s.hamletCode}</strong>
        <span>
          {s.criterionCode}
          {criterion ? ` · ${pick(criterion.nameVi, criterion.nameEn)}` : ''}
        </span>
        <span className="small muted">
          {t('drill.asOf')} {date(s.asOf)} · {t('review.submittedAt', { time: dateTime(s.submittedAt) })} · {s.reportedBy}
        </span>
      </div>
      <div className="row">
        <StatusChip status={s.status} label={t(`report.status.${s.status}` as MessageKey)} />
        {s.review && <StatusChip status={s.review.status} label={t(`review.done.${s.review.status}` as MessageKey)} />}
      </div>
      <Readings s={s} criterion={criterion} />
      {s.update.note && <p className="small">“{s.update.note}”</p>}
      {s.review?.comment && <p className="small">{t('report.review.comment', { comment: s.review.comment })}</p>}
      {!s.review && s.status !== 'rejected' && (
        <div className="stack">
          <div className="field">
            <label htmlFor={id}>{t('review.comment')}</label>
            <textarea
              id={id}
              value={comment}
              maxLength={1000}
              onChange={(e) => {
                setComment(e.target.value);
                setNeedComment(false);
              }}
              aria-invalid={needComment || undefined}
              aria-describedby={needComment ? `${id}-err` : undefined}
            />
            {needComment && (
              <div className="field-error" id={`${id}-err`}>
                {t('review.commentRequired')}
              </div>
            )}
          </div>
          <div className="row">
            <button type="button" className="primary" disabled={act.isPending} onClick={() => act.mutate('verify')}>
              ✓ {t('review.verify')}
            </button>
            <button type="button" className="danger" disabled={act.isPending} onClick={() => (comment.trim() ? act.mutate('return') : setNeedComment(true))}>
              ↩ {t('review.return')}
            </button>
          </div>
          {act.error && <ErrorBox error={act.error} />}
        </div>
      )}
    </li>
  );
}

/**
 * A commune officer verifies the cells' submissions, or returns them for correction with a comment. The commune's
 * own figures (which the intake lists with its cells') are the officer's own reports, on the "/report" page: not here.
 */
export function ReviewPage() {
  const { t } = useI18n();
  const session = useSession();
  const [filter, setFilter] = useState<'none' | 'all'>('none');
  const q = useCommuneSubmissions(session?.user.unitId, filter);
  const progress = useProgress();
  const criteria = useCriteria();
  const cells = new Map((progress.data?.heatmap.rows ?? []).map((r) => [r.id, r]));
  const criterionOf = new Map((criteria.data?.criteria ?? []).map((c) => [c.code, c]));
  const items = (q.data?.items ?? []).filter((s) => s.hamletCode !== session?.user.unitId);
  return (
    <>
      <h1>{t('review.title')}</h1>
      <p className="muted">{t('review.intro')}</p>
      <div className="row" role="group" aria-label={t('review.filter')}>
        {(['none', 'all'] as const).map((f) => (
          <button key={f} type="button" className={filter === f ? 'primary' : 'secondary'} aria-pressed={filter === f} onClick={() => setFilter(f)}>
            {f === 'none' ? t('review.pending') : t('review.all')}
          </button>
        ))}
      </div>
      <section className="card" style={{ marginTop: '0.8rem' }}>
        {q.isPending && <Loading />}
        {q.error && <ErrorBox error={q.error} onRetry={() => void q.refetch()} />}
        {q.data && items.length === 0 && <p className="muted">{t('review.none')}</p>}
        {q.data && items.length > 0 && (
          <ul className="list-plain" data-testid="review-list">
            {items.map((s) => (
              <ReviewItem key={s.eventId} s={s} cell={cells.get(s.hamletCode)} criterion={criterionOf.get(s.criterionCode)} />
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
