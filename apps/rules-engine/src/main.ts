import './telemetry';
import { runService, SERVICES } from '@questline/runtime';

/** Runs the rules-engine service alone against real Kafka, Postgres and Redis (all three URLs required). */
async function main() {
  const { modules, port } = SERVICES['rules-engine'];
  const { url } = await runService({ service: 'rules-engine', mode: 'service', defaultPort: port, modules });
  process.stdout.write(`questline rules-engine listening on ${url}\n`);
}

void main().catch((err: unknown) => {
  process.stderr.write(`questline rules-engine failed to start: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
