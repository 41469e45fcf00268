import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '../config/config';
import { createLogger, PinoNestLogger } from '../logging/logger';
import { ProblemDetailsFilter } from './problem-details.filter';
import { createValidationPipe } from './validation';

export const MAX_BODY_BYTES = 1024 * 1024;

/** Creates a NestJS app on Fastify with problem+json errors, DTO validation and pino logs. */
export async function createHttpApp(module: unknown, config: AppConfig): Promise<NestFastifyApplication> {
  const logger = createLogger(config.service, config.LOG_LEVEL);
  const app = await NestFactory.create<NestFastifyApplication>(
    module as never,
    new FastifyAdapter({ bodyLimit: MAX_BODY_BYTES, return503OnClosing: true }),
    { logger: new PinoNestLogger(logger), bufferLogs: false },
  );
  const fastify = app.getHttpAdapter().getInstance();
  // The API speaks JSON only: a text/plain body gets 415, not a string where an object belongs.
  fastify.removeContentTypeParser('text/plain');
  // CloudEvents structured mode (application/cloudevents+json) and other +json media types are JSON.
  fastify.addContentTypeParser(/^application\/[a-z0-9.-]+\+json(\s*;.*)?$/i, { parseAs: 'string', bodyLimit: MAX_BODY_BYTES }, fastify.getDefaultJsonParser('error', 'error'));
  app.useGlobalFilters(new ProblemDetailsFilter(logger));
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  return app;
}

/** Starts listening and returns the bound base URL. */
export async function listen(app: NestFastifyApplication, config: AppConfig, defaultPort: number): Promise<string> {
  await app.listen(config.PORT ?? defaultPort, config.HOST);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : (config.PORT ?? defaultPort);
  return `http://${config.HOST}:${port}`;
}
