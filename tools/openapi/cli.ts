// `npm run openapi -- write|check`
//   write   regenerates libs/runtime/src/openapi/contract.generated.ts from the code (DTOs, controllers,
//           handler return types), docs/openapi.json from the running app's routes plus that contract,
//           the SDK's types from that document (libs/sdk/src/generated/openapi.ts, openapi-typescript),
//           and the gateway's route table from each service's routes (infra/gateway/routes.conf)
//   check   fails when any committed file is stale
// The lint (Redocly, zero errors) and the breaking-change check against docs/openapi.released.json
// are separate steps of `npm test` (tools/openapi/lint.sh).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { ROUTES_FILE, routesConf, serviceRoutes } from '../gateway/routes';
import { CONTRACT_FILE, generateContract } from './contract';

const ROOT = resolve(__dirname, '../..');
export const DOCUMENT_FILE = resolve(ROOT, 'docs/openapi.json');
export const SDK_TYPES_FILE = resolve(ROOT, 'libs/sdk/src/generated/openapi.ts');

/** The SDK's `paths` / `operations` / `components` types, generated from the document. */
export async function sdkTypesText(documentText: string): Promise<string> {
  const { default: openapiTS, astToString } = await import('openapi-typescript');
  const ast = await openapiTS(documentText, { silent: true, rootTypes: true, rootTypesNoSchemaPrefix: false });
  return `/* eslint-disable */\n// Generated from docs/openapi.json by \`npm run openapi -- write\` (openapi-typescript). Do not edit.\n\n${astToString(ast)}`;
}

/** The document the platform serves in standalone mode (every service's routes), as committed. */
export async function documentText(): Promise<string> {
  // Loaded after the contract file is (re)written: the runtime imports it.
  const { openApiDocument } = await import('@questline/platform');
  const { createService, SERVICES, contract } = await import('@questline/runtime');
  const env = { ...process.env, QUESTLINE_DATA_DIR: 'memory', KAFKA_BROKERS: '', DATABASE_URL: '', REDIS_URL: '', LOG_LEVEL: 'error' };
  const { app } = await createService({ service: 'openapi', mode: 'standalone', modules: Object.values(SERVICES).flatMap((s) => s.modules), env });
  try {
    return `${JSON.stringify(await openApiDocument(app, contract), null, 2)}\n`;
  } finally {
    await app.close();
  }
}

async function main(mode: string) {
  const contractText = generateContract();
  const stale: string[] = [];
  if (mode === 'write') writeFileSync(CONTRACT_FILE, contractText);
  else if (!existsSync(CONTRACT_FILE) || readFileSync(CONTRACT_FILE, 'utf8') !== contractText) stale.push(relative(ROOT, CONTRACT_FILE));
  const documentNow = await documentText();
  if (mode === 'write') writeFileSync(DOCUMENT_FILE, documentNow);
  else if (!existsSync(DOCUMENT_FILE) || readFileSync(DOCUMENT_FILE, 'utf8') !== documentNow) stale.push(relative(ROOT, DOCUMENT_FILE));
  const typesNow = await sdkTypesText(documentNow);
  if (mode === 'write') writeFileSync(SDK_TYPES_FILE, typesNow);
  else if (!existsSync(SDK_TYPES_FILE) || readFileSync(SDK_TYPES_FILE, 'utf8') !== typesNow) stale.push(relative(ROOT, SDK_TYPES_FILE));
  const routesNow = routesConf(await serviceRoutes());
  if (mode === 'write') writeFileSync(ROUTES_FILE, routesNow);
  else if (!existsSync(ROUTES_FILE) || readFileSync(ROUTES_FILE, 'utf8') !== routesNow) stale.push(relative(ROOT, ROUTES_FILE));
  if (mode === 'write') {
    process.stdout.write(`wrote ${[CONTRACT_FILE, DOCUMENT_FILE, SDK_TYPES_FILE, ROUTES_FILE].map((f) => relative(ROOT, f)).join(', ')}\n`);
  } else if (stale.length > 0) {
    process.stderr.write(`${stale.join(' and ')} out of date: run \`npm run openapi -- write\` and commit the result.\n`);
    process.exit(1);
  } else {
    process.stdout.write('docs/openapi.json, its generated contract, the SDK types and the gateway routes are current\n');
  }
}

if (require.main === module) {
  main(process.argv[2] ?? 'check').then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
      process.exit(1);
    },
  );
}
