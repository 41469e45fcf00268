import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The committed OpenAPI document says which routes need no key (health, metrics) and which do. */
describe('docs/openapi.json security marks', () => {
  const doc = JSON.parse(readFileSync(join(__dirname, '../docs/openapi.json'), 'utf8')) as { security?: unknown[]; paths: Record<string, Record<string, { security?: unknown[] }>> };

  it('health and metrics are public; everything else needs the bearer key', () => {
    expect(doc.security).toEqual([{ bearer: [] }]);
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const isPublic = /^\/(health|metrics)(\/|$)/.test(path);
        expect({ route: `${method.toUpperCase()} ${path}`, security: op.security }).toEqual({ route: `${method.toUpperCase()} ${path}`, security: isPublic ? [] : undefined });
      }
    }
  });
});
