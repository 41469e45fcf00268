import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { DomainError, NotFoundError } from '@questline/contracts';
import { Public } from '@questline/platform';
import type { FastifyReply } from 'fastify';

/** Where `npm install` / `npm run console:build` writes the console (tools/console/build.mjs). */
export const CONSOLE_DIST = resolve(__dirname, '../dist');

/** The console's own files and their media types; nothing else under /console is served. */
const FILES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
  'app.js.map': 'application/json',
  'app.css.map': 'application/json',
  'widget.js': 'text/javascript; charset=utf-8',
  'widget.js.map': 'application/json',
};

/** The widgets are loaded by products' pages on other origins (module scripts are fetched with CORS). */
const CROSS_ORIGIN = new Set(['widget.js', 'widget.js.map']);

/**
 * Scripts from this origin only, no inline script, API calls to this origin only; inline styles
 * are allowed for the charts' positioning. The page holds nothing secret: it asks for a key, keeps
 * it in the tab's sessionStorage, and calls the public API with it — a key sees in the console
 * exactly what its scope lets it read through the API.
 */
const CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

class ConsoleNotBuiltError extends DomainError {
  readonly code = 'console_not_built';
  readonly kind = 'unavailable' as const;
}

/** The operator console (issue 24) under /console, and the embeddable widgets (/console/widget.js): static files built from libs/console/web. */
@ApiExcludeController()
@Controller('console')
export class ConsoleController {
  @Get()
  @Public()
  index(@Res() res: FastifyReply) {
    return this.send(res, 'index.html');
  }

  @Get(':file')
  @Public()
  file(@Param('file') file: string, @Res() res: FastifyReply) {
    return this.send(res, file);
  }

  private async send(res: FastifyReply, file: string) {
    const type = Object.hasOwn(FILES, file) ? FILES[file] : undefined;
    if (!type) throw new NotFoundError('not_found', `The console has no file "${file}".`);
    let body: Buffer;
    try {
      body = await readFile(join(CONSOLE_DIST, file));
    } catch {
      throw new ConsoleNotBuiltError('The console is not built on this installation: run `npm run console:build` (npm install does it).');
    }
    if (CROSS_ORIGIN.has(file)) res.header('access-control-allow-origin', '*').header('cross-origin-resource-policy', 'cross-origin');
    return res
      .header('content-type', type)
      .header('cache-control', 'no-cache')
      .header('content-security-policy', CSP)
      .header('referrer-policy', 'no-referrer')
      .header('x-content-type-options', 'nosniff')
      .send(body);
  }
}
