import type { OpenAPIObject, OperationObject, PathItemObject } from '@nestjs/swagger';
import { errorExample } from '../errors/error-body';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const ERROR_BODY = { $ref: '#/components/schemas/ErrorBody' };

const AUTH_ERRORS = {
  '401': {
    description: 'No key, or an unknown one (only when the service has keys configured)',
    example: errorExample(401, 'Missing or unknown API key'),
  },
  '403': {
    description:
      'The key lacks the role this route needs (only when the service has keys configured)',
    example: errorExample(403, 'This API key does not have the required role'),
  },
};

/**
 * Every operation that needs a key can answer 401 and 403 with the shared error body. Derived here
 * from the security requirement, so a route cannot forget them; a route that documents its own
 * 401/403 (e.g. naming the role) keeps its wording.
 */
export function documentAuthErrors(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths) as PathItemObject[]) {
    for (const method of METHODS) {
      const op: OperationObject | undefined = item[method];
      if (!op || (op.security ?? document.security ?? []).length === 0) continue;
      for (const [status, { description, example }] of Object.entries(AUTH_ERRORS)) {
        op.responses[status] ??= {
          description,
          content: { 'application/json': { schema: ERROR_BODY, example } },
        };
      }
    }
  }
  return document;
}
