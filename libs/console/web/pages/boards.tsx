import { useState } from 'preact/hooks';
import { ApiError, asApiError, call, type Session } from '../api';
import { fmt, ProblemBox, usePoll } from './common';

interface Page {
  board: string;
  name: string;
  currency: string;
  window: string;
  period: string;
  scope: string;
  status: string;
  total: number;
  entries: { rank: number; userId: string; score: number }[];
}
interface Exclusion {
  userId: string;
  reason: string;
  note: string | null;
  actor: string | null;
  createdAt: string;
}

const WINDOWS = ['all-time', 'daily', 'weekly', 'monthly', 'season'];

/**
 * One board, live (re-read every second: a stream would need the key in the URL, which the console
 * never puts there), any window, period and scope, with the period's lifecycle state; exclusions
 * with their reasons; rebuild and reconcile (admin) with their results. A row opens the user.
 */
export function BoardsPage({ session, board }: { session: Session; board: string }) {
  const [id, setId] = useState(board || localStorage.getItem('questline.console.board') || 'xp');
  const [form, setForm] = useState({ id, window: 'all-time', period: '', scope: '' });
  const [shown, setShown] = useState(form);
  const q = new URLSearchParams({ window: shown.window, limit: '20', ...(shown.period ? { period: shown.period } : {}), ...(shown.scope ? { scope: shown.scope } : {}) });
  const page = usePoll<Page>(session, `/v1/leaderboards/${encodeURIComponent(id)}?${q}`, 1_000);
  const exclusions = usePoll<{ items: Exclusion[] }>(session, '/v1/admin/leaderboards/exclusions');
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const choose = (e: Event) => {
    e.preventDefault();
    localStorage.setItem('questline.console.board', form.id);
    setId(form.id);
    setShown(form);
  };
  const periodBody = () => ({ window: shown.window, ...(page.data ? { period: page.data.period, scope: page.data.scope } : {}) });
  const act = async (what: () => Promise<string>) => {
    setError(null);
    setResult(null);
    try {
      setResult(await what());
    } catch (e) {
      setError(asApiError(e));
    }
  };
  const rebuild = () =>
    act(async () => {
      const r = await call<{ members: number; repaired: number; ms: number }>(session, `/v1/admin/leaderboards/${encodeURIComponent(id)}/rebuild`, { method: 'POST', body: periodBody() });
      return `Rebuilt from the ledger: ${fmt(r.members)} members, ${fmt(r.repaired)} repaired, in ${fmt(r.ms)} ms.`;
    });
  const reconcile = () =>
    act(async () => {
      const b = periodBody();
      const qs = new URLSearchParams({ window: b.window, ...(b.period ? { period: b.period } : {}), ...(b.scope ? { scope: b.scope } : {}) });
      const r = await call<{ checked: number; drift: { userId: string; ledger: number; board: number | null }[] }>(session, `/v1/admin/leaderboards/${encodeURIComponent(id)}/reconcile?${qs}`);
      return r.drift.length === 0 ? `Reconciled: ${fmt(r.checked)} users checked, no drift.` : `Drift for ${r.drift.length} users: ${r.drift.slice(0, 5).map((d) => `${d.userId} ledger ${d.ledger} / board ${d.board ?? '—'}`).join('; ')}`;
    });
  const set = (k: keyof typeof form) => (e: Event) => setForm({ ...form, [k]: (e.target as HTMLInputElement).value });
  return (
    <section aria-labelledby="boards-title">
      <h1 id="boards-title">Leaderboards</h1>
      <form class="row" onSubmit={choose}>
        <label for="board-id">Board</label>
        <input id="board-id" value={form.id} onInput={set('id')} size={10} />
        <label for="board-window">Window</label>
        <select id="board-window" value={form.window} onChange={set('window')}>
          {WINDOWS.map((w) => (
            <option value={w}>{w}</option>
          ))}
        </select>
        <label for="board-period">Period</label>
        <input id="board-period" placeholder="current" value={form.period} onInput={set('period')} size={12} />
        <label for="board-scope">Scope</label>
        <input id="board-scope" placeholder="global" value={form.scope} onInput={set('scope')} size={12} />
        <button type="submit">Show</button>
      </form>
      <ProblemBox error={page.error} />
      {page.data && (
        <>
          <p class="meta" id="board-meta">
            {page.data.name} · {page.data.currency} · {page.data.window} {page.data.period} · {page.data.scope} · <span class="state">{page.data.status}</span> · {fmt(page.data.total)} ranked · live
          </p>
          <table id="board-table">
            <thead>
              <tr>
                <th scope="col">Rank</th>
                <th scope="col">User</th>
                <th scope="col" class="num">
                  Score
                </th>
              </tr>
            </thead>
            <tbody>
              {page.data.entries.map((e) => (
                <tr data-user={e.userId}>
                  <td>{e.rank}</td>
                  <td>
                    <a href={`#/users/${encodeURIComponent(e.userId)}`}>{e.userId}</a>
                  </td>
                  <td class="num score">{fmt(e.score)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div class="row">
            <button type="button" id="board-reconcile" onClick={() => void reconcile()}>
              Reconcile with the ledger
            </button>
            <button type="button" id="board-rebuild" onClick={() => void rebuild()}>
              Rebuild from the ledger
            </button>
          </div>
          {result && (
            <p role="status" id="board-result">
              {result}
            </p>
          )}
          <ProblemBox error={error} />
        </>
      )}
      {exclusions.data && exclusions.data.items.length > 0 && (
        <table id="exclusions-table">
          <caption>Kept off the boards</caption>
          <thead>
            <tr>
              <th scope="col">User</th>
              <th scope="col">Reason</th>
              <th scope="col">Note</th>
              <th scope="col">By</th>
              <th scope="col">Since</th>
            </tr>
          </thead>
          <tbody>
            {exclusions.data.items.map((x) => (
              <tr>
                <td>{x.userId}</td>
                <td>{x.reason}</td>
                <td>{x.note ?? ''}</td>
                <td>{x.actor ?? ''}</td>
                <td>{new Date(x.createdAt).toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
