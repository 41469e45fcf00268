import './telemetry';
import { runService, SERVICES } from '@questline/runtime';

/** Runs the achievements service alone against real Kafka, Postgres and Redis (all three URLs required). */
async function main() {
  const { modules, port } = SERVICES['achievements'];
  const { url } = await runService({ service: 'achievements', mode: 'service', defaultPort: port, modules });
  process.stdout.write(`questline achievements listening on ${url}\n`);
}

void main().catch((err: unknown) => {
  process.stderr.write(`questline achievements failed to start: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
