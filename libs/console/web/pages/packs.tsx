import { diffLines } from 'diff';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, asApiError, call, type Problem, type Session } from '../api';
import { fmt, ProblemBox, usePoll } from './common';

interface Version {
  version: number;
  status: string;
  uploadedBy: string;
  uploadedAt: string;
  activatedAt: string | null;
  rules: number;
}
interface Rescore {
  eventsExamined: number;
  eventsChanged: number;
  diff: { userId: string; currency: string; before: number; after: number; delta: number }[];
  totals: Record<string, { gained: number; lost: number; usersAffected: number }>;
}

const source = async (s: Session, v: number) => (await call<{ source: string }>(s, `/v1/admin/packs/${v}`)).source;

type DiffLine = { kind: 'add' | 'del' | 'same' | 'gap'; text: string };

/** The changed lines of a line diff, each marked, with 3 lines of context and the rest folded. */
export function diffView(parts: { added?: boolean; removed?: boolean; value: string }[], context = 3): DiffLine[] {
  const lines: DiffLine[] = parts.flatMap((p) => {
    const kind = p.added ? 'add' : p.removed ? 'del' : 'same';
    const text = p.value.endsWith('\n') ? p.value.slice(0, -1) : p.value;
    return text.split('\n').map((t) => ({ kind, text: t }) as DiffLine);
  });
  const near = lines.map((_, i) => lines.slice(Math.max(0, i - context), i + context + 1).some((l) => l.kind !== 'same'));
  const out: DiffLine[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (near[i]) out.push(lines[i]!);
    else if (i === 0 || near[i - 1]) {
      let n = 0;
      while (i + n < lines.length && !near[i + n]) n++;
      out.push({ kind: 'gap', text: `${n} unchanged lines` });
    }
  }
  return out;
}

/** Asks before an action that cannot be undone from here. */
const confirmed = (what: string) => window.confirm(what);

/** Pack versions: a diff between two, a draft validated with its errors at their lines, store + activate, roll back, a re-scoring dry run. */
export function PacksPage({ session }: { session: Session }) {
  const versions = usePoll<{ items: Version[] }>(session, '/v1/admin/packs');
  const items = versions.data?.items ?? [];
  const active = items.find((v) => v.status === 'active');
  const [a, setA] = useState(0);
  const [b, setB] = useState(0);
  const [diff, setDiff] = useState<{ added?: boolean; removed?: boolean; value: string }[] | null>(null);
  const [draft, setDraft] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [range, setRange] = useState({ from: new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 16), to: new Date(Date.now() + 60_000).toISOString().slice(0, 16) });
  const [rescore, setRescore] = useState<Rescore | null>(null);

  useEffect(() => {
    if (!active || draft) return;
    void source(session, active.version).then(setDraft);
    setA(items.length > 1 ? items[1]!.version : active.version);
    setB(active.version);
  }, [active?.version]);

  const guard = async (what: () => Promise<void>) => {
    setError(null);
    setNote(null);
    try {
      await what();
    } catch (e) {
      setError(asApiError(e));
    }
  };
  const compare = () => guard(async () => setDiff(diffLines(await source(session, a), await source(session, b))));
  const validate = () =>
    guard(async () => {
      try {
        const r = await call<{ version: number; rules: number; currencies: string[] }>(session, '/v1/admin/packs/validate', { method: 'POST', body: { source: draft } });
        setProblem(null);
        setNote(`Valid: version ${r.version}, ${r.rules} rules, currencies ${r.currencies.join(', ')}.`);
      } catch (e) {
        if (e instanceof ApiError && e.problem.status === 422) setProblem(e.problem);
        else throw e;
      }
    });
  const activate = () =>
    guard(async () => {
      if (!confirmed('Store this draft as a new version and make it the active one? Events from now on are scored by it.')) return;
      const stored = await call<Version>(session, '/v1/admin/packs', { method: 'POST', body: { source: draft } });
      await call(session, `/v1/admin/packs/${stored.version}/activate`, { method: 'POST' });
      setNote(`Version ${stored.version} stored and active.`);
      versions.reload();
    });
  const rollback = () =>
    guard(async () => {
      if (!confirmed('Activate the version that was active before this one?')) return;
      const v = await call<Version>(session, '/v1/admin/packs/rollback', { method: 'POST' });
      setNote(`Rolled back: version ${v.version} is active.`);
      setDraft('');
      versions.reload();
    });
  const dryRun = () =>
    guard(async () => setRescore(await call<Rescore>(session, '/v1/admin/rescore', { method: 'POST', body: { from: new Date(range.from).toISOString(), to: new Date(range.to).toISOString(), dryRun: true } })));

  const errorLines = new Set((problem?.errors ?? []).flatMap((e) => (e.line !== undefined ? [e.line] : [])));
  return (
    <section aria-labelledby="packs-title">
      <h1 id="packs-title">Packs</h1>
      <ProblemBox error={versions.error ?? error} />
      {note && (
        <p role="status" id="packs-note">
          {note}
        </p>
      )}
      <table id="packs-versions">
        <caption>Versions</caption>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">State</th>
            <th scope="col" class="num">Rules</th>
            <th scope="col">Uploaded</th>
            <th scope="col">Activated</th>
          </tr>
        </thead>
        <tbody>
          {items.map((v) => (
            <tr data-version={v.version}>
              <td>{v.version}</td>
              <td>{v.status}</td>
              <td class="num">{fmt(v.rules)}</td>
              <td>
                {new Date(v.uploadedAt).toLocaleString()} by {v.uploadedBy}
              </td>
              <td>{v.activatedAt ? new Date(v.activatedAt).toLocaleString() : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="row">
        <button type="button" id="packs-rollback" onClick={() => void rollback()} disabled={items.length < 2}>
          Roll back to the previous version
        </button>
      </div>

      <h2>Compare two versions</h2>
      <div class="row">
        <label for="diff-a">From</label>
        <select id="diff-a" value={a} onChange={(e) => setA(Number((e.target as HTMLSelectElement).value))}>
          {items.map((v) => (
            <option value={v.version}>{v.version}</option>
          ))}
        </select>
        <label for="diff-b">To</label>
        <select id="diff-b" value={b} onChange={(e) => setB(Number((e.target as HTMLSelectElement).value))}>
          {items.map((v) => (
            <option value={v.version}>{v.version}</option>
          ))}
        </select>
        <button type="button" id="diff-run" onClick={() => void compare()}>
          Diff
        </button>
      </div>
      {diff && (
        <pre id="diff" class="diff">
          {diffView(diff).map((l) => (l.kind === 'gap' ? <span class="gap">{`  … ${l.text}\n`}</span> : <span class={l.kind}>{`${l.kind === 'add' ? '+ ' : l.kind === 'del' ? '- ' : '  '}${l.text}\n`}</span>))}
        </pre>
      )}

      <h2>Draft</h2>
      <label for="draft">Pack source (YAML or JSON), starting from the active version</label>
      <textarea id="draft" rows={14} spellcheck={false} value={draft} onInput={(e) => setDraft((e.target as HTMLTextAreaElement).value)} />
      <div class="row">
        <button type="button" id="draft-validate" onClick={() => void validate()}>
          Validate
        </button>
        <button type="button" id="draft-activate" onClick={() => void activate()}>
          Store and activate
        </button>
      </div>
      {problem && (
        <div class="error" role="alert" id="draft-errors">
          <strong>{problem.detail}</strong>
          <ul>
            {(problem.errors ?? []).map((e) => (
              <li data-line={e.line ?? ''}>
                {e.line !== undefined ? `line ${e.line}: ` : ''}
                <code>{e.pointer}</code> {e.detail}
              </li>
            ))}
          </ul>
          <ol class="lines" aria-label="The draft, erroneous lines marked">
            {draft.split('\n').map((text, i) =>
              errorLines.has(i + 1) || [...errorLines].some((l) => Math.abs(l - (i + 1)) <= 2) ? (
                <li value={i + 1} id={`draft-line-${i + 1}`} class={errorLines.has(i + 1) ? 'bad' : undefined}>
                  <code>{text || ' '}</code>
                </li>
              ) : null,
            )}
          </ol>
        </div>
      )}

      <h2>Re-scoring dry run</h2>
      <div class="row">
        <label for="rescore-from">Events from</label>
        <input id="rescore-from" type="datetime-local" value={range.from} onInput={(e) => setRange({ ...range, from: (e.target as HTMLInputElement).value })} />
        <label for="rescore-to">to</label>
        <input id="rescore-to" type="datetime-local" value={range.to} onInput={(e) => setRange({ ...range, to: (e.target as HTMLInputElement).value })} />
        <button type="button" id="rescore-run" onClick={() => void dryRun()}>
          Dry run
        </button>
      </div>
      {rescore && (
        <table id="rescore-diff">
          <caption>
            {fmt(rescore.eventsExamined)} events examined, {fmt(rescore.eventsChanged)} would change:{' '}
            {Object.entries(rescore.totals)
              .map(([c, t]) => `${c} +${fmt(t.gained)} / −${fmt(t.lost)} for ${fmt(t.usersAffected)} users`)
              .join('; ') || 'nothing'}
          </caption>
          <thead>
            <tr>
              <th scope="col">User</th>
              <th scope="col">Currency</th>
              <th scope="col" class="num">Now</th>
              <th scope="col" class="num">Active pack</th>
              <th scope="col" class="num">Change</th>
            </tr>
          </thead>
          <tbody>
            {rescore.diff.map((r) => (
              <tr>
                <td>{r.userId}</td>
                <td>{r.currency}</td>
                <td class="num">{fmt(r.before)}</td>
                <td class="num">{fmt(r.after)}</td>
                <td class="num">
                  {r.delta > 0 ? '+' : ''}
                  {fmt(r.delta)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
