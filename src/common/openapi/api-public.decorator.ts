/**
 * @nestjs/swagger's metadata key for @ApiSecurity (its constants are not exported). The OpenAPI e2e
 * test checks that /health routes come out with `security: []`, so a rename there fails the build.
 */
const API_SECURITY_METADATA = 'swagger/apiSecurity';

/**
 * Marks a controller's routes as needing no key in the OpenAPI document (`security: []`), overriding
 * the document-wide requirement: /health/* and /metrics stay open for probes and scrapers (DESIGN
 * "Auth"). Documentation only; the auth guard decides what it lets through.
 */
export function ApiPublic(): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(API_SECURITY_METADATA, [], target);
  };
}
