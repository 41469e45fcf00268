import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

/** The OpenAPI 3 description of every route the app serves (committed as docs/openapi.json). */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Questline API')
    .setDescription(
      'Self-hostable gamification platform. Every route needs an API key (`Authorization: Bearer <key>`) except health, metrics and these docs. ' +
        'Scopes: `events:write`, `read`, `admin`. Errors are RFC 9457 problem+json with a stable `code` and JSON pointers.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'A tenant API key (ql_<id>_<secret>) or the operator root key' })
    .addSecurityRequirements('bearer')
    .build();
  const doc = SwaggerModule.createDocument(app, config, { operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}` });
  // Health and metrics answer without a key: say so (an empty security list overrides the global one).
  for (const [path, item] of Object.entries(doc.paths)) {
    if (!/^\/(health|metrics)(\/|$)/.test(path)) continue;
    for (const op of Object.values(item)) if (op && typeof op === 'object' && 'responses' in op) (op as { security?: unknown[] }).security = [];
  }
  return doc;
}

/** Serves the document at /docs (Swagger UI) and /docs/json. */
export function serveOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'docs/json', yamlDocumentUrl: 'docs/yaml' });
}
