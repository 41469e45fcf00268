import './styles.css';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, call, loadSession, saveSession, type Session } from './api';
import { AccessPage } from './pages/access';
import { AnalyticsPage } from './pages/analytics';
import { BoardsPage } from './pages/boards';
import { DeadLettersPage } from './pages/deadletters';
import { OverviewPage } from './pages/overview';
import { PacksPage } from './pages/packs';
import { UsersPage } from './pages/users';

const PAGES = [
  { id: 'overview', title: 'Overview' },
  { id: 'boards', title: 'Leaderboards' },
  { id: 'users', title: 'Users' },
  { id: 'analytics', title: 'Analytics' },
  { id: 'packs', title: 'Packs' },
  { id: 'dead-letters', title: 'Dead letters' },
  { id: 'access', title: 'Keys & webhooks' },
] as const;
type PageId = (typeof PAGES)[number]['id'];

/** `#/users/alice` → page `users`, argument `alice`. */
function route(): { page: PageId; arg: string } {
  const [, page, ...rest] = location.hash.split('/');
  const known = PAGES.find((p) => p.id === page);
  let arg = rest.join('/');
  try {
    arg = decodeURIComponent(arg);
  } catch {
    // A malformed escape (#/users/%): taken as typed.
  }
  return { page: known ? known.id : 'overview', arg };
}

function SignIn({ onSignedIn }: { onSignedIn: (s: Session) => void }) {
  const [key, setKey] = useState('');
  const [tenant, setTenant] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    const s: Session = { key: key.trim(), ...(tenant.trim() ? { tenant: tenant.trim() } : {}) };
    try {
      // Any read the key's scope allows proves it; the answer is not kept.
      await call(s, '/v1/analytics/streaks');
      saveSession(s);
      onSignedIn(s);
    } catch (err) {
      setError(err instanceof ApiError ? `${err.problem.status}: ${err.message}` : String(err));
    }
  };
  return (
    <main class="signin">
      <h1>Questline console</h1>
      <form onSubmit={submit} aria-describedby="signin-help">
        <p id="signin-help">Sign in with a tenant API key (scope <code>read</code>; <code>admin</code> for admin pages), or the root key and a tenant id. The key stays in this tab only.</p>
        <label for="key">API key</label>
        <input id="key" name="key" type="password" autocomplete="off" required value={key} onInput={(e) => setKey((e.target as HTMLInputElement).value)} />
        <label for="tenant">Tenant (root key only)</label>
        <input id="tenant" name="tenant" value={tenant} onInput={(e) => setTenant((e.target as HTMLInputElement).value)} />
        <button type="submit">Sign in</button>
        {error && (
          <p class="error" role="alert" id="signin-error">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}

function App() {
  const [session, setSession] = useState<Session | null>(loadSession());
  const [where, setWhere] = useState(route());
  useEffect(() => {
    const onHash = () => {
      setWhere(route());
      // The new page's heading takes the focus (screen readers announce it) and names the tab.
      requestAnimationFrame(() => {
        const h1 = document.querySelector<HTMLElement>('#page h1');
        if (h1) {
          h1.tabIndex = -1;
          h1.focus();
          document.title = `${h1.textContent ?? ''} · Questline console`;
        }
      });
    };
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  if (!session) return <SignIn onSignedIn={setSession} />;
  const signOut = () => {
    saveSession(null);
    setSession(null);
  };
  return (
    <>
      <header>
        <span class="brand">Questline</span>
        <nav aria-label="Console pages">
          {PAGES.map((p) => (
            <a href={`#/${p.id}`} aria-current={where.page === p.id ? 'page' : undefined} data-page={p.id}>
              {p.title}
            </a>
          ))}
        </nav>
        <span class="who">{session.tenant ?? 'tenant key'}</span>
        <button type="button" class="link" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main id="page" data-page={where.page}>
        {where.page === 'overview' && <OverviewPage session={session} />}
        {where.page === 'boards' && <BoardsPage session={session} board={where.arg} />}
        {where.page === 'users' && <UsersPage session={session} userId={where.arg} />}
        {where.page === 'analytics' && <AnalyticsPage session={session} />}
        {where.page === 'packs' && <PacksPage session={session} />}
        {where.page === 'dead-letters' && <DeadLettersPage session={session} />}
        {where.page === 'access' && <AccessPage session={session} />}
      </main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
