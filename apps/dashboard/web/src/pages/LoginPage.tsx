import { FormEvent, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { api, ApiProblem } from '../api/client';
import { homeOf, sessionFromLogin, setSession, type LoginAnswer } from '../auth/session';
import { useSession } from '../auth/useSession';
import { ErrorBox } from '../components/ErrorBox';
import { useI18n } from '../i18n/i18n';

export function LoginPage() {
  const { t } = useI18n();
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const next = params.get('next');

  if (session && !busy) return <Navigate to={next && next.startsWith('/') ? next : homeOf(session.user.role)} replace />;

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!username.trim() || !password) {
      setError(new Error(t('auth.fillBoth')));
      return;
    }
    setBusy(true);
    try {
      const answer = await api<LoginAnswer>('/api/v1/auth/login', {
        method: 'POST',
        auth: false,
        body: { username: username.trim().normalize('NFC'), password },
      });
      const s = sessionFromLogin(answer);
      setSession(s);
      navigate(next && next.startsWith('/') ? next : homeOf(s.user.role), { replace: true });
    } catch (err) {
      setError(err instanceof ApiProblem && err.status === 401 ? new Error(t('auth.badCredentials')) : err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="narrow">
      <h1>{t('auth.title')}</h1>
      <p className="muted">{t('auth.intro')}</p>
      <form onSubmit={onSubmit} noValidate className="stack">
        <div className="field">
          <label htmlFor="username">{t('auth.username')}</label>
          <input
            id="username"
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            placeholder="bithu.874-30133-a01"
          />
        </div>
        <div className="field">
          <label htmlFor="password">{t('auth.password')}</label>
          <input id="password" name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </div>
        {error != null && <ErrorBox error={error} />}
        <button type="submit" className="primary big" disabled={busy}>
          {busy ? t('common.wait') : t('auth.submit')}
        </button>
      </form>
    </section>
  );
}
