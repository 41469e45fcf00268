import { useState } from 'preact/hooks';
import type { Session } from '../api';
import { fmt, ProblemBox, usePoll } from './common';

interface Page {
  board: string;
  name: string;
  currency: string;
  window: string;
  period: string;
  status: string;
  total: number;
  entries: { rank: number; userId: string; score: number }[];
}

const WINDOWS = ['all-time', 'daily', 'weekly', 'monthly'];

/** One board, live (re-read every second), with its period and lifecycle state; a row opens the user. */
export function BoardsPage({ session, board }: { session: Session; board: string }) {
  const [id, setId] = useState(board || localStorage.getItem('questline.console.board') || 'xp');
  const [draft, setDraft] = useState(id);
  const [window_, setWindow] = useState('all-time');
  const page = usePoll<Page>(session, `/v1/leaderboards/${encodeURIComponent(id)}?window=${window_}&limit=20`, 1_000);
  const choose = (e: Event) => {
    e.preventDefault();
    localStorage.setItem('questline.console.board', draft);
    setId(draft);
  };
  return (
    <section aria-labelledby="boards-title">
      <h1 id="boards-title">Leaderboards</h1>
      <form class="row" onSubmit={choose}>
        <label for="board-id">Board</label>
        <input id="board-id" value={draft} onInput={(e) => setDraft((e.target as HTMLInputElement).value)} />
        <label for="board-window">Window</label>
        <select id="board-window" value={window_} onChange={(e) => setWindow((e.target as HTMLSelectElement).value)}>
          {WINDOWS.map((w) => (
            <option value={w}>{w}</option>
          ))}
        </select>
        <button type="submit">Show</button>
      </form>
      <ProblemBox error={page.error} />
      {page.data && (
        <>
          <p class="meta" id="board-meta">
            {page.data.name} · {page.data.currency} · period {page.data.period} · <span class="state">{page.data.status}</span> · {fmt(page.data.total)} ranked · live
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
        </>
      )}
    </section>
  );
}
