import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { TEST_ROOT_KEY } from './http';

const REPO_ROOT = resolve(__dirname, '../../..');

export interface SpawnedService {
  name: string;
  url: string;
  child: ChildProcess;
  output: () => string;
  /**
   * Sends SIGTERM and resolves true when the process shut down gracefully (exit 0, or the re-raised
   * SIGTERM after Nest's shutdown hooks ran) within 20 s; SIGKILLs it and resolves false otherwise.
   */
  stop(): Promise<boolean>;
}

/** Every process spawned here and still running: killed when this process exits, however it exits. */
const running = new Set<ChildProcess>();
let hooked = false;
function track(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (hooked) return;
  hooked = true;
  process.once('exit', () => {
    for (const c of running) c.kill('SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      for (const c of running) c.kill('SIGKILL');
      process.exit(130);
    });
  }
}

/** Starts several apps; if any fails to start, the others are stopped before the error is thrown (nothing left running). */
export async function spawnApps(apps: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<SpawnedService[]> {
  const results = await Promise.allSettled(apps.map((a) => spawnApp(a, env, timeoutMs)));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (!failed) return results.map((r) => (r as PromiseFulfilledResult<SpawnedService>).value);
  await Promise.all(results.filter((r): r is PromiseFulfilledResult<SpawnedService> => r.status === 'fulfilled').map((r) => r.value.stop()));
  throw failed.reason;
}

/**
 * Starts `apps/<app>/src/main.ts` as its own Node process and resolves with its URL once it prints
 * "listening on <url>" (or "running on <url>" for standalone).
 */
export function spawnApp(app: string, env: Record<string, string>, timeoutMs = 60_000, options: { cwd?: string; nodeArgs?: string[] } = {}): Promise<SpawnedService> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '-r', './tools/register.cjs', `apps/${app}/src/main.ts`], {
    // Another checkout (the previous release, for the rolling-upgrade test) runs from its own folder.
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', PORT: '0', QUESTLINE_ROOT_KEY: TEST_ROOT_KEY, RETRY_DELAYS_MS: '0,1000,2000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  track(child);
  let out = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.once('exit', (code, signal) => r({ code, signal })),
  );
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`${app} did not start in ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /(?:listening|running) on (http:\/\/[^\s)]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolvePromise({
          name: app,
          url: m[1]!,
          child,
          output: () => out,
          stop: async () => {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
            const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
            const { code, signal } = await exited;
            clearTimeout(timer);
            return code === 0 || signal === 'SIGTERM';
          },
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${app} exited with ${code} before listening:\n${out}`));
    });
    // A start that times out leaves nothing behind.
    void new Promise<void>((r) => setTimeout(r, timeoutMs).unref()).then(() => {
      if (!/(?:listening|running) on http/.test(out) && child.exitCode === null) child.kill('SIGKILL');
    });
  });
}

/** Standalone mode on its embedded defaults (in-process bus, PGlite in memory, in-memory ranks). */
export function spawnEmbedded(packsDir: string, env: Record<string, string> = {}): Promise<SpawnedService> {
  return spawnApp('standalone', { PACKS_DIR: packsDir, QUESTLINE_DATA_DIR: 'memory', KAFKA_BROKERS: '', DATABASE_URL: '', REDIS_URL: '', ...env }, 120_000);
}
