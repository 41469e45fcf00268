import { useState } from 'preact/hooks';
import { ApiError, asApiError, call, type Session } from '../api';
import { fmt, ProblemBox, usePoll } from './common';

interface DeadLetter {
  id: string;
  originTopic: string;
  groupId: string;
  key: string;
  value: string | null;
  headers: Record<string, string>;
  errorClass: string;
  errorMessage: string;
  attempts: number;
  deadAt: string;
  status: string;
  replayCount: number;
  lastReplayedAt: string | null;
  discardReason: string | null;
  resolvedBy: string | null;
}
const CLASSES = ['', 'VALIDATION', 'BUSINESS_RULE', 'DATABASE', 'NETWORK', 'AUTHORIZATION', 'INTERNAL', 'UNKNOWN'];

/** Dead letters: filter, inspect, patch and replay (dry run first), discard with a reason — each audited by the API. */
export function DeadLettersPage({ session }: { session: Session }) {
  const [status, setStatus] = useState('pending');
  const [topic, setTopic] = useState('');
  const [klass, setKlass] = useState('');
  const [since, setSince] = useState('');
  const query = new URLSearchParams({ status, limit: '100', ...(topic ? { topic } : {}), ...(klass ? { errorClass: klass } : {}), ...(since ? { from: new Date(since).toISOString() } : {}) });
  const list = usePoll<{ items: DeadLetter[] }>(session, `/v1/admin/dlq?${query}`, 5_000);
  const [open, setOpen] = useState<DeadLetter | null>(null);
  const [patch, setPatch] = useState('');
  const [reason, setReason] = useState('');
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const trail = usePoll<{ items: { actor: string; action: string; at: string; detail: Record<string, unknown> }[] }>(session, open ? `/v1/admin/audit?target=${open.id}` : null, 3_000);
  const act = async (what: () => Promise<string>) => {
    setError(null);
    setResult(null);
    try {
      setResult(await what());
      list.reload();
      if (open) setOpen(await call<DeadLetter>(session, `/v1/admin/dlq/${open.id}`));
    } catch (e) {
      setError(asApiError(e));
    }
  };
  const parsedPatch = (): unknown[] | undefined => {
    if (!patch.trim()) return undefined;
    try {
      return JSON.parse(patch) as unknown[];
    } catch {
      throw new ApiError({ status: 0, detail: 'The patch is not JSON: an array of RFC 6902 operations, e.g. [{"op":"add","path":"/payload/x","value":1}].' });
    }
  };
  const replay = (dryRun: boolean) =>
    act(async () => {
      const r = await call<{ matched: number; replayed: number }>(session, '/v1/admin/dlq/replay', { method: 'POST', body: { ids: [open!.id], dryRun, ...(parsedPatch() ? { patch: parsedPatch() } : {}) } });
      return dryRun ? `Dry run: ${r.matched} would be replayed.` : `Replayed ${r.replayed}.`;
    });
  const discard = () => act(async () => (!window.confirm('Discard this dead letter? It is kept, marked discarded, and never replayed.') ? 'Not discarded.' : `Discarded ${(await call<{ discarded: number }>(session, '/v1/admin/dlq/discard', { method: 'POST', body: { ids: [open!.id], reason } })).discarded}.`));
  return (
    <section aria-labelledby="dlq-title">
      <h1 id="dlq-title">Dead letters</h1>
      <div class="row">
        <label for="dlq-status">Status</label>
        <select id="dlq-status" value={status} onChange={(e) => setStatus((e.target as HTMLSelectElement).value)}>
          {['pending', 'replayed', 'discarded'].map((s) => (
            <option value={s}>{s}</option>
          ))}
        </select>
        <label for="dlq-topic">Topic</label>
        <input id="dlq-topic" value={topic} onChange={(e) => setTopic((e.target as HTMLInputElement).value)} />
        <label for="dlq-class">Class</label>
        <select id="dlq-class" value={klass} onChange={(e) => setKlass((e.target as HTMLSelectElement).value)}>
          {CLASSES.map((c) => (
            <option value={c}>{c || 'any'}</option>
          ))}
        </select>
        <label for="dlq-since">Since</label>
        <input id="dlq-since" type="datetime-local" value={since} onChange={(e) => setSince((e.target as HTMLInputElement).value)} />
      </div>
      <ProblemBox error={list.error} />
      <div class="split">
        <table id="dlq-table">
          <caption>{fmt(list.data?.items.length ?? 0)} dead letters, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Topic</th>
              <th scope="col">Class</th>
              <th scope="col">Error</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {(list.data?.items ?? []).map((d) => (
              <tr data-id={d.id} class={open?.id === d.id ? 'selected' : undefined}>
                <td>{new Date(d.deadAt).toLocaleString()}</td>
                <td>{d.originTopic}</td>
                <td>{d.errorClass}</td>
                <td class="clip">{d.errorMessage}</td>
                <td>
                  <button
                    type="button"
                    class="link inspect"
                    onClick={() => {
                      setOpen(d);
                      setResult(null);
                      setError(null);
                    }}
                  >
                    inspect
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {open && (
          <aside id="dlq-detail" aria-label="The selected dead letter">
            <h2>{open.errorClass}</h2>
            <p>{open.errorMessage}</p>
            <p class="meta">
              {open.originTopic} · group {open.groupId} · key {open.key} · {open.attempts} attempts · <span id="dlq-state">{open.status}</span>
              {open.replayCount > 0 ? ` · replayed ${open.replayCount}× (last ${new Date(open.lastReplayedAt!).toLocaleString()})` : ''}
              {open.discardReason ? ` · discarded: ${open.discardReason}` : ''}
              {open.resolvedBy ? ` · by ${open.resolvedBy}` : ''}
            </p>
            <pre id="dlq-value">{open.value ?? '(no value kept)'}</pre>
            <label for="dlq-patch">Patch before replay (JSON Patch, optional)</label>
            <textarea id="dlq-patch" rows={3} value={patch} onInput={(e) => setPatch((e.target as HTMLTextAreaElement).value)} />
            <div class="row">
              <button type="button" id="dlq-dry" onClick={() => void replay(true)}>
                Dry run
              </button>
              <button type="button" id="dlq-replay" onClick={() => void replay(false)}>
                Replay
              </button>
            </div>
            <label for="dlq-reason">Reason to discard</label>
            <input id="dlq-reason" value={reason} onInput={(e) => setReason((e.target as HTMLInputElement).value)} />
            <div class="row">
              <button type="button" id="dlq-discard" class="danger" onClick={() => void discard()}>
                Discard
              </button>
            </div>
            {trail.data && trail.data.items.length > 0 && (
              <>
                <h2>Audit trail</h2>
                <ol id="dlq-trail">
                  {trail.data.items.map((t) => (
                    <li>
                      {new Date(t.at).toLocaleString()} · {t.action} by {t.actor}
                      {t.detail['reason'] ? ` · ${String(t.detail['reason'])}` : ''}
                    </li>
                  ))}
                </ol>
              </>
            )}
            {result && (
              <p id="dlq-result" role="status">
                {result}
              </p>
            )}
            <ProblemBox error={error} />
          </aside>
        )}
      </div>
    </section>
  );
}
