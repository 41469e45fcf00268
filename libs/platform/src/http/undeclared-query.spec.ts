import { Controller, Get, Param, Post, Query, Req, type CallHandler, type ExecutionContext } from '@nestjs/common';
import { of } from 'rxjs';
import { UndeclaredQueryInterceptor } from './undeclared-query';

@Controller('v1/things')
class Things {
  @Get(':id')
  one(@Param('id') id: string) {
    return id;
  }
  @Get()
  many(@Query() q: Record<string, string>) {
    return q;
  }
  @Post()
  raw(@Req() req: unknown) {
    return req;
  }
}

const context = (handler: keyof Things, url: string, query: Record<string, string>): ExecutionContext =>
  ({
    getType: () => 'http',
    getClass: () => Things,
    getHandler: () => Things.prototype[handler],
    switchToHttp: () => ({ getRequest: () => ({ url, query }) }),
  }) as unknown as ExecutionContext;

describe('UndeclaredQueryInterceptor', () => {
  const interceptor = new UndeclaredQueryInterceptor();
  const next: CallHandler = { handle: () => of('handled') };
  const run = (handler: keyof Things, url: string, query: Record<string, string>) => () => interceptor.intercept(context(handler, url, query), next);

  it('refuses a query parameter on a /v1 route that takes none: a 422 naming each', () => {
    expect(run('one', '/v1/things/1?date=2026-01-01&window=w', { date: '2026-01-01', window: 'w' })).toThrow(
      expect.objectContaining({ code: 'invalid_request', errors: [expect.objectContaining({ pointer: '/date' }), expect.objectContaining({ pointer: '/window' })] }),
    );
    // A token where no stream reads it is refused too (stream routes declare `access_token`).
    expect(run('one', '/v1/things/1?access_token=x', { access_token: 'x' })).toThrow(expect.objectContaining({ code: 'invalid_request' }));
  });

  it('lets through routes that declare a query (their DTO decides), take the request, have no query, or are outside /v1', () => {
    expect(run('many', '/v1/things?limit=5', { limit: '5' })()).toBeDefined();
    expect(run('raw', '/v1/things?x=1', { x: '1' })()).toBeDefined();
    expect(run('one', '/v1/things/1', {})()).toBeDefined();
    expect(run('one', '/health/ready?x=1', { x: '1' })()).toBeDefined();
  });
});
