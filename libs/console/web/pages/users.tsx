import { useState } from 'preact/hooks';
import { ApiError, asApiError, call, type Session } from '../api';
import { fmt, ProblemBox, usePoll } from './common';

interface Profile {
  userId: string;
  balances: Record<string, { lifetime: number; spendable: number; net: number }>;
  level: { currency: string; level: number; nextAt: number | null } | null;
  ranks: { board: string; rank: number; score: number }[];
}
interface Ledger {
  entries: {
    id: string;
    currency: string;
    amount: number;
    kind: string;
    sourceEventId: string;
    ruleId: string | null;
    ruleVersion: number | null;
    occurredAt: string;
    adjustment?: { reason: string; note: string | null; actor: string };
  }[];
  nextCursor: string | null;
}
interface Achievements {
  achievements: { id: string; name?: string; unlockedAt: string; sourceEventId: string }[];
}
interface Progress {
  streaks: { id: string; name: string; current: number; longest: number; freezes: number; breaksAt: string | null }[];
  missions: { date: string; assigned: { id: string; name: string; completed: boolean; steps: { id: string; progress: number; target: number }[] }[] };
  quests: { id: string; name: string; instance: string; completed: boolean; expired: boolean; steps: { id: string; progress: number; target: number }[] }[];
}
interface Catalogue {
  achievements: { id: string; name: string | null; secret: boolean; criterion: Record<string, unknown> | null }[];
}
interface Metrics {
  metrics: { id: string; value: number }[];
}

/**
 * How far a user is toward a badge, for the criteria that are a single number: a metric, a
 * streak, a lifetime balance or a level ({ current, target }); null for combinations and secrets.
 */
export function badgeProgress(
  criterion: Record<string, unknown> | null,
  user: { metrics: Map<string, number>; streaks: Map<string, number>; lifetime: Record<string, number>; level: number },
): { current: number; target: number } | null {
  if (!criterion) return null;
  const c = criterion;
  if (typeof c['metric'] === 'string' && typeof c['atLeast'] === 'number') return { current: user.metrics.get(c['metric']) ?? 0, target: c['atLeast'] };
  if (typeof c['streak'] === 'string' && typeof c['atLeast'] === 'number') return { current: user.streaks.get(c['streak']) ?? 0, target: c['atLeast'] };
  if (typeof c['currency'] === 'string' && typeof c['lifetimeAtLeast'] === 'number') return { current: user.lifetime[c['currency']] ?? 0, target: c['lifetimeAtLeast'] };
  if (typeof c['level'] === 'number') return { current: user.level, target: c['level'] };
  return null;
}

interface EventView {
  id: string;
  status: string;
  event: { type: string; userId: string; occurredAt: string; payload: unknown };
  outcomes: unknown;
}

/** A user's profile, badges, and ledger as an explanation: each entry's rule and version, its event one click away. */
export function UsersPage({ session, userId }: { session: Session; userId: string }) {
  const [draft, setDraft] = useState(userId);
  const matches = usePoll<{ users: { userId: string; balances: Record<string, number> }[] }>(session, draft.trim().length > 0 ? `/v1/analytics/users?limit=10&prefix=${encodeURIComponent(draft.trim())}` : null);
  const base = userId ? `/v1/users/${encodeURIComponent(userId)}` : null;
  const profile = usePoll<Profile>(session, base && `${base}/profile`);
  const ledger = usePoll<Ledger>(session, base && `${base}/ledger?limit=50`);
  const badges = usePoll<Achievements>(session, base && `${base}/achievements`);
  const progress = usePoll<Progress>(session, base && `${base}/progress`);
  const catalogue = usePoll<Catalogue>(session, base && '/v1/achievements');
  const metrics = usePoll<Metrics>(session, base && `${base}/metrics`);
  const [why, setWhy] = useState<{ entry: Ledger['entries'][number]; event?: EventView; error?: ApiError } | null>(null);
  const open = async (entry: Ledger['entries'][number]) => {
    setWhy({ entry });
    if (entry.adjustment) return;
    try {
      setWhy({ entry, event: await call<EventView>(session, `/v1/events/${entry.sourceEventId}`) });
    } catch (err) {
      setWhy({ entry, error: asApiError(err) });
    }
  };
  return (
    <section aria-labelledby="users-title">
      <h1 id="users-title">Users</h1>
      <form
        class="row"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          location.hash = `#/users/${encodeURIComponent(draft.trim())}`;
          setWhy(null);
        }}
      >
        <label for="user-id">User id</label>
        <input id="user-id" list="user-matches" autocomplete="off" value={draft} onInput={(e) => setDraft((e.target as HTMLInputElement).value)} required />
        <datalist id="user-matches">
          {(matches.data?.users ?? []).map((u) => (
            <option value={u.userId}>{Object.entries(u.balances).map(([c, v]) => `${c} ${v}`).join(', ')}</option>
          ))}
        </datalist>
        <button type="submit">Open</button>
      </form>
      <ProblemBox error={profile.error} />
      {profile.data && (
        <div class="cards" id="user-profile">
          {Object.entries(profile.data.balances).map(([currency, b]) => (
            <div class="card" data-currency={currency}>
              <span class="label">{currency}</span>
              <span class="value balance">{fmt(b.lifetime)}</span>
              <span class="sub">spendable {fmt(b.spendable)}</span>
            </div>
          ))}
          <div class="card">
            <span class="label">Level</span>
            <span class="value" id="user-level">{profile.data.level ? profile.data.level.level : '—'}</span>
            <span class="sub">{profile.data.level?.nextAt ? `next at ${fmt(profile.data.level.nextAt)}` : ''}</span>
          </div>
          <div class="card">
            <span class="label">Badges</span>
            <span class="value" id="user-badges">{fmt(badges.data?.achievements.length ?? 0)}</span>
            <span class="sub">{(badges.data?.achievements ?? []).slice(0, 4).map((a) => a.name ?? a.id).join(', ')}</span>
          </div>
        </div>
      )}
      {catalogue.data && profile.data && (
        <table id="user-badges-table">
          <caption>Badges and progress toward them</caption>
          <thead>
            <tr>
              <th scope="col">Badge</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {catalogue.data.achievements
              .filter((a) => !a.secret || (badges.data?.achievements ?? []).some((u) => u.id === a.id))
              .map((a) => {
                const unlocked = (badges.data?.achievements ?? []).find((u) => u.id === a.id);
                const p = unlocked
                  ? null
                  : badgeProgress(a.criterion, {
                      metrics: new Map((metrics.data?.metrics ?? []).map((m) => [m.id, m.value])),
                      streaks: new Map((progress.data?.streaks ?? []).map((st) => [st.id, Math.max(st.current, st.longest)])),
                      lifetime: Object.fromEntries(Object.entries(profile.data!.balances).map(([c, b]) => [c, b.lifetime])),
                      level: profile.data!.level?.level ?? 1,
                    });
                return (
                  <tr data-badge={a.id}>
                    <td>{a.name ?? a.id}</td>
                    <td class="badge-state">
                      {unlocked ? (
                        `unlocked ${new Date(unlocked.unlockedAt).toLocaleString()}`
                      ) : p ? (
                        <>
                          <progress max={p.target} value={Math.min(p.current, p.target)} aria-label={`${a.name ?? a.id}: ${p.current} of ${p.target}`} /> {fmt(p.current)} / {fmt(p.target)}
                        </>
                      ) : (
                        'locked'
                      )}
                    </td>
                  </tr>
                );
              })}
          </tbody>
        </table>
      )}
      {progress.data && (progress.data.streaks.length > 0 || progress.data.missions.assigned.length > 0 || progress.data.quests.length > 0) && (
        <table id="user-progress">
          <caption>Streaks, today's missions and quests</caption>
          <thead>
            <tr>
              <th scope="col">What</th>
              <th scope="col">Progress</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {progress.data.streaks.map((s) => (
              <tr data-streak={s.id}>
                <td>streak: {s.name}</td>
                <td>
                  {s.current} now, longest {s.longest}, {s.freezes} freezes
                </td>
                <td>{s.breaksAt ? `breaks ${new Date(s.breaksAt).toLocaleString()}` : ''}</td>
              </tr>
            ))}
            {[...progress.data.missions.assigned.map((m) => ({ ...m, kind: `mission (${progress.data!.missions.date})`, expired: false })), ...progress.data.quests.map((q) => ({ ...q, kind: 'quest' }))].map((q) => (
              <tr>
                <td>
                  {q.kind}: {q.name}
                </td>
                <td>{q.steps.map((st) => `${st.id} ${st.progress}/${st.target}`).join(', ')}</td>
                <td>{q.completed ? 'completed' : q.expired ? 'expired' : 'open'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {ledger.data && (
        <div class="split">
          <table id="ledger-table">
            <caption>Ledger, newest first: why these points</caption>
            <thead>
              <tr>
                <th scope="col">When (event time)</th>
                <th scope="col">Kind</th>
                <th scope="col" class="num">
                  Amount
                </th>
                <th scope="col">Rule @ version</th>
                <th scope="col">Cause</th>
              </tr>
            </thead>
            <tbody>
              {ledger.data.entries.map((e) => (
                <tr data-entry={e.id} class={why?.entry.id === e.id ? 'selected' : undefined} aria-current={why?.entry.id === e.id ? 'true' : undefined}>
                  <td>{new Date(e.occurredAt).toLocaleString()}</td>
                  <td>{e.kind}</td>
                  <td class="num">
                    {e.amount > 0 ? '+' : ''}
                    {fmt(e.amount)} {e.currency}
                  </td>
                  <td>{e.ruleId ? `${e.ruleId} @ v${e.ruleVersion}` : '—'}</td>
                  <td>
                    <button type="button" class="link why" onClick={() => void open(e)}>
                      {e.adjustment ? 'adjustment' : 'event'}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {why && (
            <aside id="why" aria-live="polite" aria-label="The cause of the selected entry">
              <h2>Why {why.entry.amount > 0 ? '+' : ''}{fmt(why.entry.amount)} {why.entry.currency}</h2>
              <p>
                Rule <code>{why.entry.ruleId ?? '—'}</code> version {why.entry.ruleVersion ?? '—'}, kind {why.entry.kind}.
              </p>
              {why.entry.adjustment && (
                <p id="why-adjustment">
                  Adjusted by {why.entry.adjustment.actor}: {why.entry.adjustment.reason}
                  {why.entry.adjustment.note ? ` (${why.entry.adjustment.note})` : ''}
                </p>
              )}
              <ProblemBox error={why.error ?? null} />
              {why.event && (
                <>
                  <p>
                    Event <code id="why-event-id">{why.event.id}</code>: <strong id="why-event-type">{why.event.event.type}</strong> by {why.event.event.userId} at {new Date(why.event.event.occurredAt).toLocaleString()} ·{' '}
                    {why.event.status}
                  </p>
                  <pre id="why-payload">{JSON.stringify(why.event.event.payload, null, 2)}</pre>
                </>
              )}
            </aside>
          )}
        </div>
      )}
    </section>
  );
}
