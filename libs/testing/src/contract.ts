import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/**
 * Every answer the tests get through `api()` is checked against docs/openapi.json: the operation
 * (method and path template), a documented status, and the body against that status's schema. A
 * route that answers something its contract does not say fails the test that saw it, so the
 * document cannot drift from what the platform really does.
 */
interface Operation {
  responses: Record<string, { $ref?: string; content?: Record<string, { schema?: unknown }> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> };
}

const DOCUMENT_FILE = resolve(__dirname, '../../../docs/openapi.json');
const ID = 'https://questline.dev/openapi.json';

let loaded: { doc: Document; ajv: Ajv2020; routes: { method: string; template: string; pattern: RegExp; statics: number }[] } | undefined;
const compiled = new Map<string, ValidateFunction>();

function load() {
  if (loaded) return loaded;
  const doc = JSON.parse(readFileSync(DOCUMENT_FILE, 'utf8')) as Document;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ ...doc, $id: ID });
  const routes = Object.entries(doc.paths).flatMap(([template, item]) =>
    Object.keys(item).map((method) => ({
      method: method.toUpperCase(),
      template,
      pattern: new RegExp(`^${template.split('/').map((seg) => (seg.startsWith('{') ? '[^/]+' : seg.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))).join('/')}$`),
      statics: template.split('/').filter((s) => s && !s.startsWith('{')).length,
    })),
  );
  loaded = { doc, ajv, routes };
  return loaded;
}

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

/** Throws when the answer is not what docs/openapi.json says this route answers. Unknown paths are not checked. */
export function checkAgainstContract(method: string, url: string, status: number, contentType: string | null, body: unknown): void {
  const { doc, ajv, routes } = load();
  const path = new URL(url).pathname;
  const route = routes.filter((r) => r.method === method && r.pattern.test(path)).sort((a, b) => b.statics - a.statics)[0];
  if (!route) return; // not a documented route (404 route_not_found, /docs): nothing to compare
  if (status === 304) return; // a conditional GET: no body
  const op = doc.paths[route.template]![route.method.toLowerCase()]!;
  const key = op.responses[String(status)] ? String(status) : op.responses['default'] ? 'default' : undefined;
  const where = `${method} ${route.template} → ${status}`;
  if (!key) throw new Error(`${where}: status not in docs/openapi.json (documented: ${Object.keys(op.responses).join(', ')}); body ${JSON.stringify(body).slice(0, 300)}`);
  const response = op.responses[key]!;
  const target = response.$ref ? doc.components.responses?.[response.$ref.split('/').pop()!] : response;
  const media = (contentType ?? '').split(';')[0]!.trim();
  if (!target?.content || body === undefined || body === '') return;
  if (!target.content[media]) throw new Error(`${where}: content type ${media || '(none)'} not documented (documented: ${Object.keys(target.content).join(', ')})`);
  if (!target.content[media]!.schema) return;
  const ref = response.$ref
    ? `${ID}#/${pointer('components', 'responses', response.$ref.split('/').pop()!, 'content', media, 'schema')}`
    : `${ID}#/${pointer('paths', route.template, route.method.toLowerCase(), 'responses', key, 'content', media, 'schema')}`;
  let validate = compiled.get(ref);
  if (!validate) {
    validate = ajv.compile({ $ref: ref });
    compiled.set(ref, validate);
  }
  if (!validate(body)) {
    throw new Error(`${where}: body does not match docs/openapi.json: ${ajv.errorsText(validate.errors, { separator: '; ' })}; body ${JSON.stringify(body).slice(0, 500)}`);
  }
}
