import { lazy, ReactElement, Suspense, useEffect, useRef } from 'react';
import { Link, Navigate, NavLink, Route, Routes, useLocation } from 'react-router';
import { api } from './api/client';
import { getSession, homeOf, setSession, type Role } from './auth/session';
import { useSession } from './auth/useSession';
import { useI18n } from './i18n/i18n';
import { useLive } from './live/live';
import { BacklogStatus } from './backlog/BacklogStatus';
import { ImportPage } from './import/ImportPage';
import { CataloguesPage } from './catalogues/CataloguesPage';
import { useDemoData, useInbox } from './api/queries';
import { useOnline, useOutboxSender } from './offline/useOutbox';
import { CellPage } from './pages/CellPage';
import { CommunePage } from './pages/CommunePage';
import { CriterionHistoryPage } from './pages/CriterionHistoryPage';
import { EvaluationPage } from './pages/EvaluationPage';
import { ProgrammesPage } from './pages/ProgrammesPage';
import { ResignPage } from './pages/ResignPage';
import { InboxPage } from './pages/InboxPage';
import { SubmitRedirect, UnitRedirect } from './pages/LinkRedirects';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { Loading } from './components/common';

// the district dashboard carries the charting library: a phone that only reports never downloads it
const DashboardPage = lazy(() => import('./pages/DashboardPage').then((m) => ({ default: m.DashboardPage })));
import { ReviewPage } from './pages/ReviewPage';
import { CriterionFormPage } from './report/CriterionFormPage';
import { ReportHomePage } from './report/ReportHomePage';

function RequireRole({ roles, children }: { roles: Role[]; children: ReactElement }) {
  const session = useSession();
  const location = useLocation();
  if (!session) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (!roles.includes(session.user.role)) return <Navigate to={homeOf(session.user.role)} replace />;
  return children;
}

const READERS: Role[] = ['district_leader', 'administrator', 'commune_officer'];
const ALL: Role[] = ['secretary', ...READERS];

/** Forget the session on this device and tell the server to end it (its refresh token stops working). */
function logOut(): void {
  const refreshToken = getSession()?.refreshToken;
  setSession(null);
  if (refreshToken) void api('/api/v1/auth/logout', { method: 'POST', auth: false, body: { refreshToken } }).catch(() => undefined);
}

function Header() {
  const { t, locale, setLocale } = useI18n();
  const session = useSession();
  const online = useOnline();
  const live = useLive();
  const role = session?.user.role;
  const inbox = useInbox(!!session && online);
  const unread = inbox.data?.unread ?? 0;
  return (
    <header className="app-header">
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <div className="brand">
        <Link to={homeOf(role)}>
          <img src="/icon.svg" alt="" width={28} height={28} />
          <span>{t('app.title')}</span>
        </Link>
      </div>
      <nav aria-label={t('nav.label')}>
        {role && role !== 'secretary' && <NavLink to="/dashboard">{t('nav.dashboard')}</NavLink>}
        {role === 'commune_officer' && <NavLink to="/review">{t('nav.review')}</NavLink>}
        {(role === 'commune_officer' || role === 'administrator') && <NavLink to="/import">{t('nav.import')}</NavLink>}
        {role === 'administrator' && <NavLink to="/catalogues">{t('nav.catalogues')}</NavLink>}
        {role === 'secretary' && <NavLink to="/report">{t('nav.report')}</NavLink>}
        {role === 'commune_officer' && <NavLink to="/report">{t('nav.reportCommune')}</NavLink>}
        {(role === 'district_leader' || role === 'administrator') && <NavLink to="/report">{t('nav.reportDistrict')}</NavLink>}
        {role && role !== 'secretary' && <NavLink to="/evaluation">{t('nav.evaluation')}</NavLink>}
        {role && role !== 'secretary' && <NavLink to="/programmes">{t('prog.nav')}</NavLink>}
        {role && (
          <NavLink to="/inbox" data-testid="inbox-link" data-unread={unread}>
            {unread > 0 ? t('nav.inboxUnread', { n: unread }) : t('nav.inbox')}
          </NavLink>
        )}
      </nav>
      <div className="header-tools">
        <span className={`status-pill ${online ? (live.mode === 'live' ? 'ok' : 'warn') : 'off'}`} role="status" data-testid="connection-status">
          {!online ? t('conn.offline') : live.mode === 'live' ? t('conn.live') : live.mode === 'polling' ? t('conn.polling') : t('conn.connecting')}
        </span>
        <BacklogStatus />
        <button
          type="button"
          className="lang-switch"
          onClick={() => setLocale(locale === 'vi' ? 'en' : 'vi')}
          title={t('lang.switchLabel')}
          lang={locale === 'vi' ? 'en' : 'vi'}
        >
          {locale === 'vi' ? 'English' : 'Tiếng Việt'}
        </button>
        {session ? (
          <span className="account">
            <span className="account-name" title={session.user.username}>
              {session.user.displayName || session.user.username}
            </span>
            <button type="button" className="link-button" onClick={() => logOut()}>
              {t('auth.logout')}
            </button>
          </span>
        ) : (
          <Link to="/login">{t('auth.login')}</Link>
        )}
      </div>
    </header>
  );
}

/** "Dữ liệu minh họa": on every page while demonstration data (npm run demo) is in the figures. */
function DemoBanner() {
  const { t } = useI18n();
  const session = useSession();
  const demo = useDemoData(!!session);
  if (!demo.data?.present) return null;
  return (
    <div className="notice warn demo-banner" role="status" data-testid="demo-banner">
      <strong>{t('demo.banner')}</strong> · {t('demo.detail')}
    </div>
  );
}

/** Moves focus to the page's heading after navigation (screen readers announce the new page). */
function useFocusOnNavigate() {
  const location = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const h = document.querySelector<HTMLElement>('main h1');
    if (h) {
      h.tabIndex = -1;
      h.focus();
    }
  }, [location.pathname]);
}

export function App() {
  const session = useSession();
  useOutboxSender();
  useFocusOnNavigate();
  return (
    <>
      <Header />
      <DemoBanner />
      <main id="main" className="app-main">
        <Suspense fallback={<Loading />}>
          <Routes>
            <Route path="/" element={<Navigate to={session ? homeOf(session.user.role) : '/login'} replace />} />
            <Route path="/login" element={<LoginPage />} />
            <Route
              path="/dashboard"
              element={
                <RequireRole roles={READERS}>
                  <DashboardPage />
                </RequireRole>
              }
            />
            <Route
              path="/communes/:communeId"
              element={
                <RequireRole roles={READERS}>
                  <CommunePage />
                </RequireRole>
              }
            />
            <Route
              path="/cells/:cellId"
              element={
                <RequireRole roles={READERS}>
                  <CellPage />
                </RequireRole>
              }
            />
            <Route
              path="/cells/:cellId/criteria/:criterionCode"
              element={
                <RequireRole roles={READERS}>
                  <CriterionHistoryPage />
                </RequireRole>
              }
            />
            <Route
              path="/evaluation"
              element={
                <RequireRole roles={READERS}>
                  <EvaluationPage />
                </RequireRole>
              }
            />
            <Route
              path="/evaluation/:year"
              element={
                <RequireRole roles={READERS}>
                  <EvaluationPage />
                </RequireRole>
              }
            />
            <Route
              path="/programmes"
              element={
                <RequireRole roles={READERS}>
                  <ProgrammesPage />
                </RequireRole>
              }
            />
            <Route
              path="/programmes/pledges"
              element={
                <RequireRole roles={['administrator']}>
                  <ResignPage />
                </RequireRole>
              }
            />
            <Route
              path="/review"
              element={
                <RequireRole roles={['commune_officer']}>
                  <ReviewPage />
                </RequireRole>
              }
            />
            <Route
              path="/import"
              element={
                <RequireRole roles={['commune_officer', 'administrator']}>
                  <ImportPage />
                </RequireRole>
              }
            />
            <Route
              path="/catalogues"
              element={
                <RequireRole roles={['administrator']}>
                  <CataloguesPage />
                </RequireRole>
              }
            />
            <Route
              path="/report"
              element={
                <RequireRole roles={ALL}>
                  <ReportHomePage />
                </RequireRole>
              }
            />
            <Route
              path="/report/:criterionCode"
              element={
                <RequireRole roles={ALL}>
                  <CriterionFormPage />
                </RequireRole>
              }
            />
            <Route
              path="/inbox"
              element={
                <RequireRole roles={ALL}>
                  <InboxPage />
                </RequireRole>
              }
            />
            <Route
              path="/submit"
              element={
                <RequireRole roles={['secretary']}>
                  <SubmitRedirect />
                </RequireRole>
              }
            />
            <Route
              path="/units/:unitId"
              element={
                <RequireRole roles={READERS}>
                  <UnitRedirect />
                </RequireRole>
              }
            />
            <Route path="*" element={<NotFoundPage />} />
          </Routes>
        </Suspense>
      </main>
    </>
  );
}
