import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply } from 'fastify';
import { DEFAULT_JSON_LIMITS, findForbiddenKey, findUnsafeJson, nestsDeeperThan, ValidationFailedError } from '@questline/contracts';
import type { AppConfig } from '../config/config';
import { createLogger, PinoNestLogger } from '../logging/logger';
import { ProblemDetailsFilter } from './problem-details.filter';
import { createValidationPipe } from './validation';
import { UndeclaredQueryInterceptor } from './undeclared-query';

export const MAX_BODY_BYTES = 1024 * 1024;
/** Longest request URI (path and query) served (414 above it); Fastify's own path-parameter limit is set above it so the 414 is ours. */
export const MAX_URL_CHARS = 4096;
/**
 * Route config key (`@RouteConfig({ [JSON_ITEMS_CHECKED]: true })`) of routes whose handler checks
 * every item of the body itself (findUnsafeJson per event): the body parser lets a `__proto__` key
 * through to it instead of refusing the whole body.
 */
export const JSON_ITEMS_CHECKED = 'questlineJsonItemsChecked';

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
  // JSON bodies: the bytes must be UTF-8 (a body that is not would otherwise be decoded with U+FFFD
  // and refused for a length mismatch); the nesting depth is checked on the text before parsing (a
  // body 10,000 levels deep never reaches a recursive walker). A `__proto__` key, or `constructor`
  // holding `prototype`, is refused with its pointer (422 forbidden_key) — except on routes marked
  // JSON_ITEMS_CHECKED (the event endpoints), which refuse such an event on its own, so one bad
  // item never fails a batch. JSON.parse keeps such a key as a plain own property; only the
  // assignment-based copies of DTO routes could turn it into a prototype. CloudEvents structured
  // mode (application/cloudevents+json) and other +json media types are JSON too.
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  const parseLimited = (req: Parameters<typeof parseJson>[0], body: Buffer | string, done: NonNullable<Parameters<typeof parseJson>[2]>) => {
    let text: string;
    try {
      text = typeof body === 'string' ? body : utf8.decode(body);
    } catch {
      done(new ValidationFailedError('The body is not valid UTF-8.', [{ pointer: '', detail: 'JSON bodies must be encoded in UTF-8' }], 'invalid_encoding'), undefined);
      return;
    }
    if (nestsDeeperThan(text, DEFAULT_JSON_LIMITS.maxDepth)) {
      done(new ValidationFailedError(`The body nests deeper than ${DEFAULT_JSON_LIMITS.maxDepth} levels.`, [{ pointer: '', detail: `at most ${DEFAULT_JSON_LIMITS.maxDepth} levels of objects and arrays` }], 'nesting_too_deep'), undefined);
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      // Fastify's own parser words the syntax error (and the empty body) as it always has.
      void parseJson(req, text, done);
      return;
    }
    // Every body of the other routes is walked (they are small): a text search would miss `\u005f_proto__`.
    if ((req.routeOptions.config as { [JSON_ITEMS_CHECKED]?: boolean } | undefined)?.[JSON_ITEMS_CHECKED] !== true) {
      const pointer = findForbiddenKey(value);
      if (pointer !== null) {
        done(new ValidationFailedError('The body carries a key that is not accepted.', [{ pointer, detail: 'the keys __proto__ and constructor.prototype are not accepted' }], 'forbidden_key'), undefined);
        return;
      }
    }
    done(null, value);
  };
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: MAX_BODY_BYTES }, parseLimited);
  fastify.addContentTypeParser(/^application\/[a-z0-9.-]+\+json(\s*;.*)?$/i, { parseAs: 'buffer', bodyLimit: MAX_BODY_BYTES }, parseLimited);
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
      // The query's values too: a filter with a NUL can match nothing Postgres stores, and
      // reaching the database it is an error there (a 500 on every route that filters text).
      else if (url.length > path.length + 1 && unsafeQuery(url.slice(path.length + 1))) {
        problem = { status: 400, code: 'invalid_query', detail: 'The query string contains a NUL character or an unpaired UTF-16 surrogate.' };
      }
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
  app.useGlobalInterceptors(new UndeclaredQueryInterceptor());
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

/** Whether a query string's decoded names or values hold a NUL or an unpaired surrogate (a malformed escape is left to the parser). */
function unsafeQuery(query: string): boolean {
  for (const part of query.split('&')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(part.replace(/\+/g, ' '));
    } catch {
      continue;
    }
    if (findUnsafeJson(decoded)) return true;
  }
  return false;
}
