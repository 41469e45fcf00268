import './telemetry';
import { runService, SERVICES } from '@questline/runtime';

/** Runs the notifications service alone against real Kafka, Postgres and Redis (all three URLs required). */
async function main() {
  const { modules, port } = SERVICES['notifications'];
  const { url } = await runService({ service: 'notifications', mode: 'service', defaultPort: port, modules });
  process.stdout.write(`questline notifications listening on ${url}\n`);
}

void main().catch((err: unknown) => {
  process.stderr.write(`questline notifications failed to start: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
