import { useState } from 'preact/hooks';
import { ApiError, asApiError, call, type Session } from '../api';
import { ProblemBox, usePoll } from './common';

interface Key {
  id: string;
  name: string;
  scopes: string[];
  rateLimit: number;
  createdAt: string;
  revokedAt: string | null;
}
interface Endpoint {
  id: string;
  url: string;
  kinds: string[];
  enabled: boolean;
  disabledReason: string | null;
  failingSince: string | null;
}
interface Delivery {
  id: string;
  messageId: string;
  kind: string;
  status: string;
  attempts: number;
  createdAt: string;
  deliveredAt: string | null;
}
const SCOPES = ['events:write', 'read', 'admin'];

/** API keys (create with the secret shown once, revoke) and webhook endpoints (register, delete, delivery log). */
export function AccessPage({ session }: { session: Session }) {
  const keys = usePoll<{ items: Key[] }>(session, '/v1/admin/api-keys');
  const hooks = usePoll<{ items: Endpoint[] }>(session, '/v1/admin/webhooks');
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['read']);
  const [secret, setSecret] = useState<string | null>(null);
  const [url, setUrl] = useState('');
  const [kinds, setKinds] = useState('*');
  const [log, setLog] = useState<{ endpoint: string; items: Delivery[] } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const guard = async (what: () => Promise<void>) => {
    setError(null);
    try {
      await what();
    } catch (e) {
      setError(asApiError(e));
    }
  };
  const createKey = (e: Event) => {
    e.preventDefault();
    void guard(async () => {
      const k = await call<{ key: string }>(session, '/v1/admin/api-keys', { method: 'POST', body: { name, scopes } });
      setSecret(k.key);
      setName('');
      keys.reload();
    });
  };
  const revoke = (id: string) =>
    guard(async () => {
      if (!window.confirm('Revoke this key? Every client using it is refused at once.')) return;
      await call(session, `/v1/admin/api-keys/${id}`, { method: 'DELETE' });
      keys.reload();
    });
  const createHook = (e: Event) => {
    e.preventDefault();
    void guard(async () => {
      const h = await call<{ secret: string }>(session, '/v1/admin/webhooks', { method: 'POST', body: { url, kinds: kinds.split(',').map((k) => k.trim()).filter(Boolean) } });
      setSecret(h.secret);
      setUrl('');
      hooks.reload();
    });
  };
  const deleteHook = (id: string) =>
    guard(async () => {
      if (!window.confirm('Delete this endpoint with its pending deliveries and its log?')) return;
      await call(session, `/v1/admin/webhooks/${id}`, { method: 'DELETE' });
      hooks.reload();
    });
  const deliveries = (id: string) => guard(async () => setLog({ endpoint: id, items: (await call<{ items: Delivery[] }>(session, `/v1/admin/webhooks/${id}/deliveries`)).items }));
  return (
    <section aria-labelledby="access-title">
      <h1 id="access-title">API keys and webhooks</h1>
      <ProblemBox error={keys.error ?? error} />
      {secret && (
        <p class="secret" role="status">
          Shown once, copy it now: <code id="new-secret">{secret}</code>
        </p>
      )}
      <form class="row" onSubmit={createKey} aria-label="New API key">
        <label for="key-name">New key</label>
        <input id="key-name" value={name} required maxLength={100} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
        <fieldset class="row">
          <legend>Scopes</legend>
          {SCOPES.map((s) => (
            <label>
              <input type="checkbox" name="scope" value={s} checked={scopes.includes(s)} onChange={(e) => setScopes((e.target as HTMLInputElement).checked ? [...scopes, s] : scopes.filter((x) => x !== s))} /> {s}
            </label>
          ))}
        </fieldset>
        <button type="submit" id="key-create">
          Create key
        </button>
      </form>
      <table id="keys-table">
        <caption>Keys</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Scopes</th>
            <th scope="col">Created</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {(keys.data?.items ?? []).map((k) => (
            <tr data-key={k.id}>
              <td>{k.name}</td>
              <td>{k.scopes.join(', ')}</td>
              <td>{new Date(k.createdAt).toLocaleString()}</td>
              <td>
                {k.revokedAt ? (
                  `revoked ${new Date(k.revokedAt).toLocaleString()}`
                ) : (
                  <button type="button" class="link revoke" onClick={() => void revoke(k.id)}>
                    revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form class="row" onSubmit={createHook} aria-label="New webhook endpoint">
        <label for="hook-url">New endpoint URL</label>
        <input id="hook-url" type="url" value={url} required onInput={(e) => setUrl((e.target as HTMLInputElement).value)} />
        <label for="hook-kinds">Kinds</label>
        <input id="hook-kinds" value={kinds} onInput={(e) => setKinds((e.target as HTMLInputElement).value)} />
        <button type="submit">Register</button>
      </form>
      <ProblemBox error={hooks.error} />
      <table id="hooks-table">
        <caption>Webhook endpoints</caption>
        <thead>
          <tr>
            <th scope="col">URL</th>
            <th scope="col">Kinds</th>
            <th scope="col">State</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {(hooks.data?.items ?? []).map((h) => (
            <tr data-hook={h.id}>
              <td>{h.url}</td>
              <td>{h.kinds.join(', ')}</td>
              <td>{h.enabled ? (h.failingSince ? `failing since ${new Date(h.failingSince).toLocaleString()}` : 'enabled') : `disabled: ${h.disabledReason ?? ''}`}</td>
              <td>
                <button type="button" class="link" onClick={() => void deliveries(h.id)}>
                  deliveries
                </button>{' '}
                <button type="button" class="link" onClick={() => void deleteHook(h.id)}>
                  delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {log && (
        <table id="deliveries-table">
          <caption>Deliveries of {log.endpoint}, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Kind</th>
              <th scope="col">webhook-id</th>
              <th scope="col">State</th>
              <th scope="col" class="num">Attempts</th>
            </tr>
          </thead>
          <tbody>
            {log.items.map((d) => (
              <tr>
                <td>{new Date(d.createdAt).toLocaleString()}</td>
                <td>{d.kind}</td>
                <td>
                  <code>{d.messageId}</code>
                </td>
                <td>{d.status}</td>
                <td class="num">{d.attempts}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
