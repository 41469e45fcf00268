import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { setStreamCorsHeaders, type Principal } from '@questline/platform';
import type { PackCatalog } from '@questline/rules';

const ALLOW_HEADERS = 'authorization, content-type, idempotency-key, last-event-id, x-api-key, x-questline-tenant';
const EXPOSE_HEADERS = 'etag, location, retry-after';

/**
 * CORS per tenant (the pack's `clients.corsOrigins`): a browser app of one tenant may call the API
 * with a user token, and no other origin gets an answer it can read.
 *  - A preflight is answered 204; with CORS headers only for an origin some tenant lists (the
 *    preflight carries no credentials, so its tenant is not known yet).
 *  - A response carries `Access-Control-Allow-Origin` only for an origin the CALLER's tenant lists
 *    (known once the key or token is verified); an unauthenticated error (a 401) for an origin any
 *    tenant lists, so the app can read why.
 * No credentials mode (cookies) is involved: tokens travel in the Authorization header.
 */
export function tenantCors(app: NestFastifyApplication, packs: PackCatalog): void {
  const fastify = app.getHttpAdapter().getInstance();
  const listed = (tenantId: string, origin: string) => packs.get(tenantId)?.clients?.corsOrigins?.includes(origin) ?? false;
  const anyLists = (origin: string) => packs.tenants().some((t) => listed(t, origin));
  fastify.addHook('onRequest', async (req, reply) => {
    const origin = req.headers.origin;
    if (req.method !== 'OPTIONS' || !origin || !req.headers['access-control-request-method']) return;
    reply.header('vary', 'Origin');
    if (anyLists(origin)) {
      reply
        .header('access-control-allow-origin', origin)
        .header('access-control-allow-methods', 'GET, POST, PUT, DELETE')
        .header('access-control-allow-headers', ALLOW_HEADERS)
        .header('access-control-max-age', '600');
    }
    await reply.status(204).send();
  });
  fastify.addHook('onSend', async (req, reply, payload) => {
    const origin = req.headers.origin;
    if (!origin) return payload;
    reply.header('vary', 'Origin');
    const principal = (req as { principal?: Principal }).principal;
    const allowed = principal && principal.tenantId !== '*' ? listed(principal.tenantId, origin) : reply.statusCode === 401 && anyLists(origin);
    if (allowed) reply.header('access-control-allow-origin', origin).header('access-control-expose-headers', EXPOSE_HEADERS);
    return payload;
  });
  // A stream writes its own head (no onSend): the same rule, for an authenticated caller.
  setStreamCorsHeaders((req): Record<string, string> => {
    const origin = req.headers.origin;
    const principal = (req as { principal?: Principal }).principal;
    if (!origin || !principal || principal.tenantId === '*' || !listed(principal.tenantId, origin)) return origin ? { vary: 'Origin' } : {};
    return { vary: 'Origin', 'access-control-allow-origin': origin, 'access-control-expose-headers': EXPOSE_HEADERS };
  });
}
