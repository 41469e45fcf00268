/** Minimal JSON HTTP client for tests (Node's fetch). */
export function api(baseUrl: string, tenant: string) {
  const headers = { 'content-type': 'application/json', 'x-questline-tenant': tenant };
  const call = async (method: string, path: string, body?: unknown, extra: Record<string, string> = {}) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { ...headers, ...extra },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    let json: any = undefined;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = text;
    }
    return { status: res.status, headers: res.headers, body: json };
  };
  return {
    get: (path: string) => call('GET', path),
    post: (path: string, body?: unknown, extra?: Record<string, string>) => call('POST', path, body, extra),
  };
}
