import { FormEvent, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { api, ApiProblem } from '../api/client';
import { homeOf, sessionFromLogin, setSession, type LoginAnswer } from '../auth/session';
import { useSession } from '../auth/useSession';
import { ErrorBox } from '../components/ErrorBox';
import { useI18n } from '../i18n/i18n';
import { PASSWORD_MIN_LENGTH } from '@pledge/domain/accounts/password-length';

export function LoginPage() {
  const { t } = useI18n();
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  /** The answer of a login whose password was set by somebody else: the password must be changed first. */
  const [pending, setPending] = useState<LoginAnswer | null>(null);
  const next = params.get('next');

  if (session && !busy) return <Navigate to={next && next.startsWith('/') ? next : homeOf(session.user.role)} replace />;

  const logIn = (name: string, pass: string) =>
    api<LoginAnswer>('/api/v1/auth/login', { method: 'POST', auth: false, body: { username: name.trim().normalize('NFC'), password: pass } });

  const enter = (answer: LoginAnswer) => {
    const s = sessionFromLogin(answer);
    setSession(s);
    void navigate(next && next.startsWith('/') ? next : homeOf(s.user.role), { replace: true });
  };

  if (pending)
    return (
      <ChangePasswordForm
        answer={pending}
        currentPassword={password}
        onChanged={async (newPassword) => {
          const answer = await logIn(username, newPassword);
          setPassword('');
          setPending(null);
          enter(answer);
        }}
      />
    );

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!username.trim() || !password) {
      setError(new Error(t('auth.fillBoth')));
      return;
    }
    setBusy(true);
    try {
      const answer = await logIn(username, password);
      if (answer.account?.mustChangePassword) setPending(answer);
      else enter(answer);
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

/**
 * The password was set by somebody else (an administrator's reset, a new account): the server accepts nothing but a
 * change of it (403 password_change_required). The new one is checked here first, then sent with the login's token.
 */
function ChangePasswordForm(props: { answer: LoginAnswer; currentPassword: string; onChanged: (newPassword: string) => Promise<void> }) {
  const { t } = useI18n();
  const [first, setFirst] = useState('');
  const [second, setSecond] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if ([...first].length < PASSWORD_MIN_LENGTH) return setError(new Error(t('auth.change.tooShort')));
    if (first !== second) return setError(new Error(t('auth.change.mismatch')));
    if (first === props.currentPassword) return setError(new Error(t('auth.change.same')));
    setBusy(true);
    try {
      await api('/api/v1/auth/password', {
        method: 'POST',
        token: props.answer.accessToken,
        body: { currentPassword: props.currentPassword, newPassword: first },
      });
      await props.onChanged(first);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="narrow">
      <h1>{t('auth.change.title')}</h1>
      <p className="muted">{t('auth.change.intro')}</p>
      <form onSubmit={onSubmit} noValidate className="stack">
        <div className="field">
          <label htmlFor="new-password">{t('auth.change.new')}</label>
          <input id="new-password" name="new-password" type="password" autoComplete="new-password" value={first} onChange={(e) => setFirst(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="repeat-password">{t('auth.change.repeat')}</label>
          <input
            id="repeat-password"
            name="repeat-password"
            type="password"
            autoComplete="new-password"
            value={second}
            onChange={(e) => setSecond(e.target.value)}
          />
        </div>
        {error != null && <ErrorBox error={error} />}
        <button type="submit" className="primary big" disabled={busy}>
          {busy ? t('common.wait') : t('auth.change.submit')}
        </button>
      </form>
    </section>
  );
}
