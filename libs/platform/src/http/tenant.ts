import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ValidationFailedError } from '@questline/contracts';

export const TENANT_HEADER = 'x-questline-tenant';
const TENANT_ID = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/**
 * The calling tenant. Until per-tenant API keys land (ingest issue), the tenant is named by the
 * `X-Questline-Tenant` header; every repository call is scoped by it.
 */
export const TenantId = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest>();
  const raw = request.headers[TENANT_HEADER];
  const tenant = Array.isArray(raw) ? raw[0] : raw;
  if (!tenant || !TENANT_ID.test(tenant)) {
    throw new ValidationFailedError(
      `Header ${TENANT_HEADER} is required: a tenant id matching ${TENANT_ID.source}.`,
      [{ pointer: `/headers/${TENANT_HEADER}`, detail: 'missing or malformed tenant id' }],
      'tenant_required',
    );
  }
  return tenant;
});
