// `npm run openapi -- write|check`: docs/openapi.json is the OpenAPI document of the whole platform
// (standalone mode: every service's routes). `check` fails when the committed file is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildOpenApiDocument } from '@questline/platform';
import { createService, SERVICES } from '@questline/runtime';

const FILE = resolve(__dirname, '../docs/openapi.json');

async function main(mode: string) {
  const env = { ...process.env, QUESTLINE_DATA_DIR: 'memory', KAFKA_BROKERS: '', DATABASE_URL: '', REDIS_URL: '', LOG_LEVEL: 'error' };
  const { app } = await createService({ service: 'openapi', mode: 'standalone', modules: Object.values(SERVICES).flatMap((s) => s.modules), env });
  const text = `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`;
  await app.close();
  if (mode === 'write') {
    writeFileSync(FILE, text);
    process.stdout.write(`wrote ${FILE}\n`);
  } else if (readFileSync(FILE, 'utf8') !== text) {
    process.stderr.write('docs/openapi.json is out of date: run `npm run openapi -- write` and commit it.\n');
    process.exit(1);
  } else {
    process.stdout.write('docs/openapi.json is current\n');
  }
}

main(process.argv[2] ?? 'check').then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
