import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('IIoT real-time analytics service')
    .setDescription(
      'PLC samples in (legacy PascalCase routes and /api/v1/ingest), streaming z-score analytics, ' +
        'InfluxDB out, and the MES API. Every error answers with the same body: ' +
        '`{statusCode, error, message, errors: [{field, message}]}`.',
    )
    .setVersion('1.0.0')
    .addTag('ingestion', 'Samples from PLCs (legacy routes answer exactly as the old server)')
    .addTag('mes', 'Production orders and line status for the MES')
    .addTag('analytics', 'Anomaly detectors')
    .addTag('health', 'Liveness, readiness, metrics')
    .build();
  return SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controller, method) => method,
  });
}

/** Swagger UI at /docs, the spec at /docs-json. */
export function setupSwagger(app: INestApplication): void {
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    yamlDocumentUrl: 'docs-yaml',
  });
}
