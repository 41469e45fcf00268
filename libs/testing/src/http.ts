import { checkAgainstContract } from './contract';
/** The root key every test process is started with (QUESTLINE_ROOT_KEY). */
export const TEST_ROOT_KEY = 'ql_root_test_0123456789abcdef0123456789abcdef';

/**
 * Minimal JSON HTTP client for tests (Node's fetch). By default it calls as the operator (root
 * key) acting on `tenant`; pass `{ key }` to call with a tenant's own API key instead.
 */
export function api(baseUrl: string, tenant: string, options: { key?: string } = {}) {
  const headers: Record<string, string> = options.key
    ? { authorization: `Bearer ${options.key}` }
    : { authorization: `Bearer ${TEST_ROOT_KEY}`, 'x-questline-tenant': tenant };
  const call = async (method: string, path: string, body?: unknown, extra: Record<string, string> = {}) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...extra },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    let json: any = undefined;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = text;
    }
    checkAgainstContract(method, res.url || `${baseUrl}${path}`, res.status, res.headers.get('content-type'), json);
    return { status: res.status, headers: res.headers, body: json };
  };
  return {
    get: (path: string, extra?: Record<string, string>) => call('GET', path, undefined, extra),
    post: (path: string, body?: unknown, extra?: Record<string, string>) => call('POST', path, body, extra),
    put: (path: string, body?: unknown, extra?: Record<string, string>) => call('PUT', path, body, extra),
    patch: (path: string, body?: unknown, extra?: Record<string, string>) => call('PATCH', path, body, extra),
    delete: (path: string, extra?: Record<string, string>) => call('DELETE', path, undefined, extra),
  };
}

/** Creates an API key for `tenant` through the admin API (as the operator) and returns the secret. */
export async function createApiKey(baseUrl: string, tenant: string, scopes: string[], rateLimit?: number): Promise<{ id: string; key: string }> {
  const res = await api(baseUrl, tenant).post('/v1/admin/api-keys', { name: `test ${scopes.join(',')}`, scopes, ...(rateLimit ? { rateLimit } : {}) });
  if (res.status !== 201) throw new Error(`could not create an API key: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, key: res.body.key };
}
