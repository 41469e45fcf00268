import './telemetry';
import { runService, SERVICES } from '@questline/runtime';

/** Runs the ingest service alone against real Kafka, Postgres and Redis (all three URLs required). */
async function main() {
  const { modules, port } = SERVICES['ingest'];
  const { url } = await runService({ service: 'ingest', mode: 'service', defaultPort: port, modules });
  process.stdout.write(`questline ingest listening on ${url}\n`);
}

void main().catch((err: unknown) => {
  process.stderr.write(`questline ingest failed to start: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
