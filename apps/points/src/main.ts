import './telemetry';
import { runService, SERVICES } from '@questline/runtime';

/** Runs the points service alone against real Kafka, Postgres and Redis (all three URLs required). */
async function main() {
  const { modules, port } = SERVICES['points'];
  const { url } = await runService({ service: 'points', mode: 'service', defaultPort: port, modules });
  process.stdout.write(`questline points listening on ${url}\n`);
}

void main().catch((err: unknown) => {
  process.stderr.write(`questline points failed to start: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
