import { useEffect, useState } from 'preact/hooks';
import { ApiError, asApiError, call, type Session } from '../api';

/**
 * A GET that reloads every `everyMs` (0: once) and when `path` changes; errors are shown, not
 * thrown. A new path clears the old answer; a tick is skipped while the previous read is in flight,
 * so answers never arrive out of order.
 */
export function usePoll<T>(session: Session, path: string | null, everyMs = 0): { data: T | null; error: ApiError | null; reload: () => void } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    setData(null);
    setError(null);
    if (!path) return;
    let live = true;
    let busy = false;
    const load = async () => {
      if (busy) return;
      busy = true;
      try {
        const d = await call<T>(session, path);
        if (live) {
          setData(d);
          setError(null);
        }
      } catch (e) {
        if (live) setError(asApiError(e));
      } finally {
        busy = false;
      }
    };
    void load();
    const timer = everyMs > 0 ? setInterval(() => void load(), everyMs) : undefined;
    return () => {
      live = false;
      if (timer) clearInterval(timer);
    };
  }, [session, path, everyMs, tick]);
  return { data, error, reload: () => setTick((t) => t + 1) };
}

export function ProblemBox({ error }: { error: ApiError | null }) {
  if (!error) return null;
  const p = error.problem;
  return (
    <div class="error" role="alert">
      <strong>{p.status === 403 ? 'Not allowed with this key' : `Error ${p.status}`}</strong>: {error.message}
      {p.code && <code class="code">{p.code}</code>}
      {p.errors && p.errors.length > 0 && (
        <ul>
          {p.errors.map((e) => (
            <li>
              {e.line !== undefined ? `line ${e.line}: ` : ''}
              <code>{e.pointer}</code> {e.detail}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export const fmt = (n: number | null | undefined) => (n === null || n === undefined ? '—' : Number.isInteger(n) ? n.toLocaleString('en') : n.toLocaleString('en', { maximumFractionDigits: 1 }));
