import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply } from 'fastify';
import { DEFAULT_JSON_LIMITS, findUnsafeJson, jsonDepth, ValidationFailedError } from '@questline/contracts';
import type { AppConfig } from '../config/config';
import { createLogger, PinoNestLogger } from '../logging/logger';
import { ProblemDetailsFilter } from './problem-details.filter';
import { createValidationPipe } from './validation';

export const MAX_BODY_BYTES = 1024 * 1024;
/** Longest request URI (path and query) served (414 above it); Fastify's own path-parameter limit is set above it so the 414 is ours. */
export const MAX_URL_CHARS = 4096;

/** Fastify's own early errors (raised before hooks and routes) as problem+json. */
function frameworkProblem(error: FastifyError, req: { url: string }, reply: FastifyReply): void {
  const status = typeof error.statusCode === 'number' && error.statusCode < 500 ? error.statusCode : 400;
  void reply
    .status(status)
    .header('content-type', 'application/problem+json; charset=utf-8')
    .send({ type: 'https://questline.dev/problems/invalid-path', title: 'Bad Request', status, detail: 'The request URL cannot be decoded.', instance: req.url.split('?')[0]!.slice(0, 200), code: 'invalid_path' });
}

/** Creates a NestJS app on Fastify with problem+json errors, DTO validation and pino logs. */
export async function createHttpApp(module: unknown, config: AppConfig): Promise<NestFastifyApplication> {
  const logger = createLogger(config.service, config.LOG_LEVEL);
  const app = await NestFactory.create<NestFastifyApplication>(
    module as never,
    new FastifyAdapter({
      bodyLimit: MAX_BODY_BYTES,
      return503OnClosing: true,
      trustProxy: config.TRUST_PROXY,
      routerOptions: { maxParamLength: 4 * MAX_URL_CHARS },
      // Errors Fastify raises before any hook or route (a malformed URL escape like %ff): problem+json too.
      frameworkErrors: frameworkProblem as never,
    }),
    // bodyParser: false — the JSON parsers are registered below (depth-checked), not by Nest.
    { logger: new PinoNestLogger(logger), bufferLogs: false, bodyParser: false },
  );
  const fastify = app.getHttpAdapter().getInstance();
  // The API speaks JSON only: a text/plain body gets 415, not a string where an object belongs.
  fastify.removeContentTypeParser('text/plain');
  // JSON bodies: the nesting depth is checked on the text before parsing (a body 10,000 levels deep
  // never reaches a recursive walker); then Fastify's parser, which refuses __proto__ and
  // constructor.prototype keys. CloudEvents structured mode (application/cloudevents+json) and
  // other +json media types are JSON too.
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  const parseLimited: typeof parseJson = (req, body, done) => {
    const text = String(body);
    if (jsonDepth(text, DEFAULT_JSON_LIMITS.maxDepth) > DEFAULT_JSON_LIMITS.maxDepth) {
      done(new ValidationFailedError(`The body nests deeper than ${DEFAULT_JSON_LIMITS.maxDepth} levels.`, [{ pointer: '', detail: `at most ${DEFAULT_JSON_LIMITS.maxDepth} levels of objects and arrays` }], 'nesting_too_deep'), undefined);
      return;
    }
    void parseJson(req, text, done);
  };
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: MAX_BODY_BYTES }, parseLimited);
  fastify.addContentTypeParser(/^application\/[a-z0-9.-]+\+json(\s*;.*)?$/i, { parseAs: 'string', bodyLimit: MAX_BODY_BYTES }, parseLimited);
  // Paths: a NUL, an unpaired surrogate or a malformed escape in the path never reaches a route
  // (Postgres refuses NUL in text: a 500 otherwise); a path over MAX_URL_CHARS is 414. Both as problem+json.
  fastify.addHook('onRequest', async (req, reply) => {
    const url = req.url;
    const path = url.split('?')[0] ?? '';
    let problem: { status: number; code: string; detail: string } | null = null;
    if (url.length > MAX_URL_CHARS) problem = { status: 414, code: 'uri_too_long', detail: `The request URI is ${url.length} characters; at most ${MAX_URL_CHARS} are accepted.` };
    else {
      let decoded: string | null = null;
      try {
        decoded = decodeURIComponent(path);
      } catch {
        problem = { status: 400, code: 'invalid_path', detail: 'The path has a malformed percent-encoding.' };
      }
      if (decoded !== null && findUnsafeJson(decoded)) problem = { status: 400, code: 'invalid_path', detail: 'The path contains a NUL character or an unpaired UTF-16 surrogate.' };
    }
    if (problem) {
      await reply
        .status(problem.status)
        .header('content-type', 'application/problem+json; charset=utf-8')
        .send({ type: `https://questline.dev/problems/${problem.code.replace(/_/g, '-')}`, title: problem.status === 414 ? 'URI Too Long' : 'Bad Request', status: problem.status, detail: problem.detail, instance: path.slice(0, 200), code: problem.code });
    }
  });
  app.useGlobalFilters(new ProblemDetailsFilter(logger));
  app.useGlobalPipes(createValidationPipe());
  // Graceful shutdown on the signals orchestrators and terminals send. Not Nest's default list, which
  // also stops the process on SIGHUP and SIGUSR2 (log rotation, diagnostics and profilers use those).
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  return app;
}

/** Starts listening and returns the bound base URL. */
export async function listen(app: NestFastifyApplication, config: AppConfig, defaultPort: number): Promise<string> {
  await app.listen(config.PORT ?? defaultPort, config.HOST);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : (config.PORT ?? defaultPort);
  return `http://${config.HOST}:${port}`;
}
