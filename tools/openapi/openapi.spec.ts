import { readdirSync, readFileSync } from 'node:fs';
import { getMetadataStorage } from 'class-validator';
import { join } from 'node:path';

type Param = { name: string; in: string; required?: boolean; schema?: Record<string, unknown> };
type Response = { $ref?: string; description?: string; content?: Record<string, { schema?: Record<string, unknown> }> };
type Operation = { operationId?: string; summary?: string; security?: unknown[]; parameters?: Param[]; requestBody?: unknown; responses: Record<string, Response> };
const doc = JSON.parse(readFileSync(join(__dirname, '../../docs/openapi.json'), 'utf8')) as {
  openapi: string;
  servers?: { url: string }[];
  security?: unknown[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, { bearerFormat?: string }>; responses: Record<string, Response> };
};
const operations = Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, path, method, op })));
const isPublic = (path: string) => /^\/(health|metrics)(\/|$)/.test(path);

/** What a client generator needs from docs/openapi.json (the Redocly lint and the live e2e checks do the rest). */
describe('docs/openapi.json', () => {
  it('is OpenAPI 3.1 with servers, and says which routes need no key (health, metrics) and which need the bearer key', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers?.length).toBeGreaterThan(0);
    expect(doc.security).toEqual([{ bearer: [] }, { apiKey: [] }]);
    expect(doc.components.securitySchemes['bearer']?.bearerFormat).not.toBe('JWT');
    for (const { route, path, op } of operations) {
      const scope = (op as { 'x-required-scope'?: string })['x-required-scope'];
      expect({ route, security: op.security, scoped: scope !== undefined }).toEqual({ route, security: isPublic(path) ? [] : [{ bearer: [] }, { apiKey: [] }], scoped: !isPublic(path) });
    }
    // The scope each route needs, as the guard enforces it.
    const scopeOf = (route: string) => (operations.find((o) => o.route === route)!.op as { 'x-required-scope'?: string })['x-required-scope'];
    expect([scopeOf('POST /v1/events'), scopeOf('POST /v1/users/{userId}/spend'), scopeOf('GET /v1/users/{userId}/profile'), scopeOf('POST /v1/admin/packs')]).toEqual(['events:write', 'events:write', 'read', 'admin']);
  });

  it('every operation has an id, a summary, its path parameters declared, and a schema on each JSON answer', () => {
    for (const { route, path, op } of operations) {
      expect({ route, id: typeof op.operationId, summary: typeof op.summary }).toEqual({ route, id: 'string', summary: 'string' });
      const declared = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name).sort();
      const inPath = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
      expect({ route, declared }).toEqual({ route, declared: inPath });
      for (const [status, r] of Object.entries(op.responses)) {
        const media = r.$ref ? doc.components.responses[r.$ref.split('/').pop()!]!.content : r.content;
        for (const [type, m] of Object.entries(media ?? {})) expect({ route, status, type, schema: !!m.schema }).toEqual({ route, status, type, schema: true });
      }
    }
  });

  it('every error answer is problem+json with the ProblemDetails schema; secured routes document 401, 403 and 429', () => {
    expect(doc.components.schemas['ProblemDetails']).toMatchObject({ required: expect.arrayContaining(['type', 'title', 'status', 'detail', 'instance', 'code']) });
    for (const { route, path, op } of operations) {
      for (const [status, r] of Object.entries(op.responses).filter(([s]) => Number(s) >= 400)) {
        const content = r.$ref ? doc.components.responses[r.$ref.split('/').pop()!]!.content : r.content;
        expect({ route, status, types: Object.keys(content ?? {}) }).toEqual({ route, status, types: ['application/problem+json'] });
      }
      if (!isPublic(path)) expect({ route, errors: ['401', '403', '429'].filter((s) => op.responses[s]) }).toEqual({ route, errors: ['401', '403', '429'] });
    }
  });

  it('documents the query parameters, headers and bodies clients need (no `query?: never`)', () => {
    const names = (route: string, where: string) => operations.find((o) => o.route === route)!.op.parameters!.filter((p) => p.in === where).map((p) => p.name);
    expect(names('GET /v1/leaderboards/{board}', 'query').sort()).toEqual(['cursor', 'limit', 'period', 'scope', 'window']);
    expect(names('GET /v1/users/{userId}/ledger', 'query')).toEqual(expect.arrayContaining(['limit', 'cursor', 'currency', 'kind', 'from', 'to']));
    expect(names('POST /v1/users/{userId}/spend', 'header')).toEqual(['Idempotency-Key', 'X-Questline-Tenant']);
    expect(names('POST /v1/users/{userId}/refunds', 'header')).toEqual(['Idempotency-Key', 'X-Questline-Tenant']);
    // A query parameter with a default is optional.
    expect(operations.find((o) => o.route === 'GET /v1/leaderboards/{board}')!.op.parameters!.find((p) => p.name === 'limit')).toMatchObject({ required: false, schema: { default: 100 } });
    const spend = operations.find((o) => o.route === 'POST /v1/users/{userId}/spend')!.op;
    expect(spend.requestBody).toMatchObject({ content: { 'application/json': { schema: { $ref: '#/components/schemas/SpendDto' } } } });
    expect(Object.keys(spend.responses)).toEqual(expect.arrayContaining(['200', '201', '409']));
    expect(doc.components.schemas['SpendDto']).toMatchObject({ required: ['currency', 'amount'], properties: { amount: { type: 'number', minimum: 1 } } });
  });

  it('every request body schema lists each property its DTO validates (the generator plugin silently drops one it cannot read, e.g. a negative bound)', async () => {
    const root = join(__dirname, '../..');
    const files = readdirSync(join(root, 'libs'), { recursive: true, encoding: 'utf8' })
      .filter((f) => /\/src\/.*\.(dto|controller)\.ts$/.test(f) && !f.includes('generated'))
      .map((f) => join(root, 'libs', f))
      .filter((f) => /class \w+Dto\b/.test(readFileSync(f, 'utf8')));
    for (const f of files) await import(f);
    const validated = new Map<string, Set<string>>();
    const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<{ name: string }, { propertyName: string }[]> };
    for (const [target, metas] of storage.validationMetadatas) {
      const set = validated.get(target.name) ?? new Set<string>();
      for (const m of metas) set.add(m.propertyName);
      validated.set(target.name, set);
    }
    const bodies = operations.flatMap(({ op }) => {
      const ref = (op.requestBody as { content?: Record<string, { schema?: { $ref?: string } }> } | undefined)?.content?.['application/json']?.schema?.$ref;
      return ref ? [ref.split('/').pop()!] : [];
    });
    expect(bodies.length).toBeGreaterThan(10);
    const checked: string[] = [];
    for (const name of new Set(bodies)) {
      const props = validated.get(name);
      if (!props) continue;
      const schema = doc.components.schemas[name] as { properties?: Record<string, unknown> };
      expect({ name, missing: [...props].filter((p) => !(p in (schema.properties ?? {}))) }).toEqual({ name, missing: [] });
      checked.push(name);
    }
    expect(checked).toEqual(expect.arrayContaining(['AdjustmentDto', 'StockDto', 'RescoreDto']));
  });
});
