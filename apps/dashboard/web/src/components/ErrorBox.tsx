import { ApiProblem } from '../api/client';
import { useI18n } from '../i18n/i18n';

/** An error as a person reads it: the server's message (Vietnamese or English) and each field's problem. */
export function ErrorBox({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t, locale } = useI18n();
  let title: string;
  let details: string[] = [];
  if (error instanceof ApiProblem) {
    if (error.offline && !error.body) title = t('error.offline');
    else if (error.body) {
      title = locale === 'en' ? error.body.messageEn : error.body.message;
      details = (error.body.details ?? []).map((d) => (locale === 'en' ? d.messageEn : d.message));
    } else title = t('error.http', { status: error.status });
  } else title = error instanceof Error ? error.message : String(error);
  return (
    <div className="error-box" role="alert">
      <strong>{title}</strong>
      {details.length > 0 && (
        <ul>
          {details.map((d, i) => (
            <li key={i}>{d}</li>
          ))}
        </ul>
      )}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
