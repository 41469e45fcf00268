import { Module, type Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AuthModule } from '@questline/auth';
import { createHttpApp, enableRegExpLinearFallback, listen, loadConfig, loadConfigOrExit, LOGGER, serveOpenApi, type AppConfig } from '@questline/platform';
import { PACK_CATALOG } from '@questline/rules';
import { tenantCors } from './cors';
import { contract } from './openapi/contract.generated';
import { preflight, StartupError } from './preflight';
import { RuntimeModule } from './runtime.module';
import { attachSockets } from './sockets';

export interface RunServiceOptions {
  service: string;
  mode: AppConfig['mode'];
  defaultPort: number;
  modules: Type<unknown>[];
  /** Tests pass their own environment instead of process.env, and get errors instead of exits. */
  env?: NodeJS.ProcessEnv;
}

export interface RunningService {
  app: NestFastifyApplication;
  url: string;
  config: AppConfig;
  close(): Promise<void>;
}

/** Builds one HTTP app from the runtime wiring plus the given service modules (not started). */
export async function createService(options: Omit<RunServiceOptions, 'defaultPort'>): Promise<{ app: NestFastifyApplication; config: AppConfig }> {
  const config = options.env ? loadConfig(options.service, options.mode, options.env) : loadConfigOrExit(options.service, options.mode);
  // Before any tenant schema (and its patterns) is compiled.
  if (config.REGEXP_LINEAR_FALLBACK) enableRegExpLinearFallback();
  try {
    await preflight(config);
  } catch (err) {
    if (options.env || !(err instanceof StartupError)) throw err;
    // One line, nothing else: which dependency refused and what to check.
    process.stderr.write(`[${options.service}] cannot start: ${err.message}\n`);
    process.exit(69); // EX_UNAVAILABLE
  }
  class AppModule {}
  Module({ imports: [RuntimeModule.forRoot(config), AuthModule, ...options.modules] })(AppModule);
  const app = await createHttpApp(AppModule, config);
  tenantCors(app, app.get(PACK_CATALOG));
  attachSockets(app, config, app.get(LOGGER));
  return { app, config };
}

/** Builds one HTTP app from the runtime wiring plus the given service modules, and starts it. */
export async function runService(options: RunServiceOptions): Promise<RunningService> {
  const { app, config } = await createService(options);
  await serveOpenApi(app, contract);
  const url = await listen(app, config, options.defaultPort);
  return { app, url, config, close: () => app.close() };
}
