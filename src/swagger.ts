import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { documentAuthErrors } from './common/openapi/auth-errors';

/** Security scheme names in the OpenAPI document (used with @ApiSecurity on routes). */
export const API_KEY_SCHEME = 'api-key';
export const BEARER_SCHEME = 'bearer';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('IIoT real-time analytics service')
    .setDescription(
      'PLC samples in (legacy PascalCase routes and /api/v1/ingest), streaming z-score analytics, ' +
        'InfluxDB out, and the MES API. Every error answers with the same body: ' +
        '`{statusCode, error, message, errors: [{field, message}]}`.',
    )
    .setVersion('1.0.0')
    .setLicense('MIT', 'https://opensource.org/licenses/MIT')
    // Relative, so Swagger UI and generated clients talk to whichever host served the document.
    .addServer('/', 'This instance (the host and port that serve this document)')
    .addTag('ingestion', 'Samples from PLCs (legacy routes answer exactly as the old server)')
    .addTag('mes', 'Production orders and line status for the MES')
    .addTag('analytics', 'Anomaly detectors')
    .addTag('health', 'Liveness, readiness, metrics')
    // The two ways a client may present its key (DESIGN "Auth"); routes name the ones they accept.
    .addApiKey({ type: 'apiKey', name: 'X-API-Key', in: 'header' }, API_KEY_SCHEME)
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'The API key as a bearer token' },
      BEARER_SCHEME,
    )
    // Either scheme will do wherever keys are configured; open routes say `security: []`.
    .addSecurityRequirements(API_KEY_SCHEME)
    .addSecurityRequirements(BEARER_SCHEME)
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controller, method) => method,
  });
  return documentAuthErrors(document);
}

/** Swagger UI at /docs, the spec at /docs-json. */
export function setupSwagger(app: INestApplication): void {
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    yamlDocumentUrl: 'docs-yaml',
  });
}
