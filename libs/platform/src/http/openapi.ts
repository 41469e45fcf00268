import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

type JsonSchema = Record<string, unknown>;

/**
 * What the code says about the API beyond Nest's route table, generated ahead of time
 * (`npm run openapi -- write`, tools/openapi/contract.ts): the @nestjs/swagger plugin's metadata
 * (DTO properties and rules, summaries from JSDoc) and the JSON Schema of what each handler returns.
 */
export interface ApiContract {
  pluginMetadata: () => Promise<Record<string, unknown>>;
  /** By operationId; null: no body. */
  responses: Record<string, JsonSchema | null>;
  /** Named result types and ProblemDetails, referenced as #/components/schemas/<name>. */
  components: Record<string, JsonSchema>;
}

/** Routes that answer without a key. */
export const PUBLIC_PATH = /^\/(health|metrics)(\/|$)/;

const PROBLEM = 'application/problem+json';

/** Which tenant a request acts on: the key's own, or (root key only) the one named here. */
const TENANT_PARAMETER = {
  name: 'X-Questline-Tenant',
  in: 'header' as const,
  required: false,
  description: "With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise).",
  schema: { type: 'string' as const, pattern: '^[a-z0-9][a-z0-9_.-]{0,63}$' },
};

/** The shared error responses, each a problem+json body with its stable `code`. */
const ERROR_RESPONSES: Record<string, { description: string; codes: string }> = {
  BadRequest: { description: 'The request cannot be read: invalid JSON, an empty body, a bad header or path', codes: '`invalid_json`, `empty_body`, `bad_request`' },
  Unauthorized: { description: 'No, unknown or revoked API key (`WWW-Authenticate: Bearer`); repeated failures from one address are throttled', codes: '`missing_api_key`, `invalid_authorization`, `invalid_api_key`, `tenant_required`, `unknown_tenant`' },
  Forbidden: { description: 'The key lacks the scope this route needs, or names another tenant', codes: '`insufficient_scope`, `tenant_mismatch`, `operator_only`, `scope_escalation`' },
  NotFound: { description: 'No such resource for this tenant, or (root key) no such tenant', codes: '`unknown_tenant`, `event_not_found`, `unknown_leaderboard`, `unknown_period`, …' },
  Conflict: { description: 'The request conflicts with the current state (e.g. an overdraft, a refund above what was spent)', codes: '`insufficient_balance`, `refund_exceeds_spend`, `excluded_by_admin`, `no_previous_pack`' },
  ContentTooLarge: { description: 'The body exceeds the size or nesting limits', codes: '`payload_too_large`' },
  UnprocessableContent: { description: 'The request is well formed but invalid: every failing field is listed in `errors` with a JSON pointer', codes: '`validation_failed`, `schema_validation_failed`, `idempotency_key_required`, …' },
  TooManyRequests: { description: "The key's rate limit is exceeded (`Retry-After` says when to try again)", codes: '`rate_limited`' },
  ServiceUnavailable: { description: 'A dependency (Postgres, Kafka, Redis) does not answer; nothing was written. Retry with the same idempotency key.', codes: '`unavailable`' },
};

/** The OpenAPI 3.1 description of every route the app serves (committed as docs/openapi.json). */
export function buildOpenApiDocument(app: INestApplication, contract: Pick<ApiContract, 'responses' | 'components'>, servers: { url: string; description: string }[] = DEFAULT_SERVERS): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Questline API')
    .setDescription(
      'Self-hostable gamification platform: product events in, points, levels, achievements, streaks, leaderboards and notifications out. ' +
        'Every route needs an API key (`Authorization: Bearer <key>`) except health and metrics. ' +
        'Scopes: `events:write`, `read`, `admin`; the operator root key may act for any tenant (`X-Questline-Tenant`). ' +
        'Errors are RFC 9457 problem+json with a stable `code` and, for invalid fields, JSON pointers in `errors`.',
    )
    .setVersion('1')
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    .setOpenAPIVersion('3.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'ql_<key id>_<secret>', description: 'A tenant API key (`ql_<id>_<secret>`) or the operator root key' }, 'bearer')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'The same key in an `X-API-Key` header, for clients that cannot set Authorization' }, 'apiKey')
    .addSecurityRequirements('bearer')
    .addSecurityRequirements('apiKey');
  for (const s of servers) builder.addServer(s.url, s.description);
  const doc = SwaggerModule.createDocument(app, builder.build(), { operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}` });
  return completeDocument(doc, contract);
}

const DEFAULT_SERVERS = [{ url: 'http://localhost:3000', description: 'Standalone (`npm start`), or the gateway in multi-service mode' }];

type Operation = {
  operationId?: string;
  summary?: string;
  description?: string;
  security?: unknown[];
  parameters?: { in: string; name: string }[];
  requestBody?: unknown;
  responses: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> } | { $ref: string }>;
};

/** Adds what Nest's scanner cannot know: response bodies, errors, summaries, public routes. */
function completeDocument(doc: OpenAPIObject, contract: Pick<ApiContract, 'responses' | 'components'>): OpenAPIObject {
  const components = doc.components ?? {};
  components.schemas = { ...(components.schemas ?? {}), ...(contract.components as Record<string, never>) };
  components.responses = Object.fromEntries(
    Object.entries(ERROR_RESPONSES).map(([name, r]) => [name, { description: `${r.description}. Codes: ${r.codes}.`, content: { [PROBLEM]: { schema: { $ref: '#/components/schemas/ProblemDetails' } } } }]),
  );
  doc.components = components;
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, value] of Object.entries(item)) {
      if (!value || typeof value !== 'object' || !('responses' in value)) continue;
      const op = value as Operation;
      splitSummary(op);
      const isPublic = PUBLIC_PATH.test(path);
      if (isPublic) op.security = []; // an empty list overrides the global requirement
      else {
        const scope = (op as { 'x-required-scope'?: string })['x-required-scope'];
        // The scope is in x-required-scope and the description (scopes in the requirement would read as a contract change to diff tools).
        op.security = [{ bearer: [] }, { apiKey: [] }];
        const userToken = (op as { 'x-user-token'?: string })['x-user-token'];
        const forUsers = userToken === 'self' ? ' A user token may call it for its own user.' : userToken === 'public' ? ' A user token may call it.' : '';
        if (scope) op.description = `${op.description ? `${op.description}\n\n` : ''}Requires a key with the \`${scope}\` scope (or the root key).${forUsers}`;
        op.parameters = [...(op.parameters ?? []), TENANT_PARAMETER];
      }
      const success = Object.keys(op.responses).filter((s) => /^2\d\d$/.test(s));
      const schema = op.operationId ? contract.responses[op.operationId] : undefined;
      for (const status of success) {
        const response = op.responses[status] as { description?: string; content?: Record<string, { schema?: unknown }> };
        if (!response.description) response.description = method === 'post' && status === '201' ? 'Created' : 'OK';
        if (!schema) continue;
        // The handler's return type is exact; the plugin only knows `Object`. A route's own example stays.
        const media = (response.content ??= {})['application/json'] ?? {};
        const example = (media.schema as { example?: unknown } | undefined)?.example;
        response.content['application/json'] = { ...media, schema, ...(example !== undefined ? { example } : {}) };
      }
      // A query parameter with a default is optional, whatever the DTO's property says.
      for (const p of op.parameters ?? []) if (p.in === 'query' && (p as { schema?: { default?: unknown } }).schema?.default !== undefined) (p as { required?: boolean }).required = false;
      const has = (where: string) => (op.parameters ?? []).some((p) => p.in === where);
      const errors: Record<string, string> = {};
      if (op.requestBody || has('header')) errors['400'] = 'BadRequest';
      if (!isPublic) Object.assign(errors, { 401: 'Unauthorized', 403: 'Forbidden' });
      // The root key may name any tenant: an unknown one is 404 on every tenant route.
      if (has('path') || !isPublic) errors['404'] = 'NotFound';
      if (method === 'post' || method === 'put' || method === 'delete') errors['409'] = 'Conflict';
      if (op.requestBody) errors['413'] = 'ContentTooLarge';
      // A `/v1` route refuses a query parameter it does not take (UndeclaredQueryInterceptor): 422 on every one.
      if (op.requestBody || has('query') || has('path') || path.startsWith('/v1/')) errors['422'] = 'UnprocessableContent';
      if (!isPublic) errors['429'] = 'TooManyRequests';
      errors['503'] = 'ServiceUnavailable';
      for (const [status, name] of Object.entries(errors)) {
        const existing = op.responses[status] as { description?: string; content?: unknown } | undefined;
        // A route's own description of an error status is kept; its body is always problem+json.
        op.responses[status] = existing?.description
          ? { description: existing.description, content: { [PROBLEM]: { schema: { $ref: '#/components/schemas/ProblemDetails' } } } }
          : { $ref: `#/components/responses/${name}` };
      }
    }
  }
  openObjects(doc);
  return doc;
}

/**
 * `{ type: 'object' }` with no properties means "any object" in JSON Schema, but client generators
 * read it as an empty object (openapi-typescript: `Record<string, never>`). Say it explicitly.
 */
function openObjects(node: unknown): void {
  if (Array.isArray(node)) {
    for (const n of node) openObjects(n);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const o = node as Record<string, unknown>;
  if (o['type'] === 'object' && !('properties' in o) && !('additionalProperties' in o) && !('patternProperties' in o) && !('$ref' in o)) o['additionalProperties'] = true;
  for (const [k, v] of Object.entries(o)) if (k !== 'example' && k !== 'examples') openObjects(v);
}

/** The plugin puts the whole JSDoc comment in `summary`: keep its first sentence there, the rest in `description`. */
function splitSummary(op: Operation): void {
  const text = op.summary?.trim();
  if (!text) return;
  const first = /^(.+?[.!?])(\s|$)/s.exec(text)?.[1] ?? text;
  if (first.length < text.length && !op.description) op.description = text;
  op.summary = first.replace(/\.$/, '').replace(/\s+/g, ' ');
}

/**
 * Serves the document at /docs (Swagger UI), /docs/json and /docs/yaml. Its first server is the
 * address the request came to (a client generated from it, or "Try it out", calls this process
 * whatever its PORT), then the committed document's defaults.
 */
export async function serveOpenApi(app: INestApplication, contract: ApiContract): Promise<void> {
  await SwaggerModule.loadPluginMetadata(contract.pluginMetadata as () => Promise<Record<string, never>>);
  const doc = buildOpenApiDocument(app, contract);
  SwaggerModule.setup('docs', app, doc, {
    jsonDocumentUrl: 'docs/json',
    yamlDocumentUrl: 'docs/yaml',
    patchDocumentOnRequest: <Req>(req: Req, _res: unknown, document: OpenAPIObject) => {
      const { protocol, host } = req as { protocol?: string; host?: string };
      if (!host || !/^[A-Za-z0-9.:[\]-]{1,255}$/.test(host)) return document;
      const here = `${protocol === 'https' ? 'https' : 'http'}://${host}`;
      return { ...document, servers: [{ url: here, description: 'This process' }, ...(document.servers ?? []).filter((s) => s.url !== here)] };
    },
  });
}

/** Loads the plugin metadata once, then builds the document (tools and tests). */
export async function openApiDocument(app: INestApplication, contract: ApiContract, servers?: { url: string; description: string }[]): Promise<OpenAPIObject> {
  await SwaggerModule.loadPluginMetadata(contract.pluginMetadata as () => Promise<Record<string, never>>);
  return buildOpenApiDocument(app, contract, servers);
}
