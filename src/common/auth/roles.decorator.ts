import { applyDecorators, SetMetadata } from '@nestjs/common';
import {
  ApiForbiddenResponse,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { AuthConfig, Role } from '../../config';
import { ErrorBody } from '../errors/error-body';
import { ApiPublic } from '../openapi/api-public.decorator';
import { SkipThrottle } from '@nestjs/throttler';

export const ROLES_KEY = 'iiot:roles';
export const PUBLIC_KEY = 'iiot:public';

/** Decides at request time whether a public route is closed by config (e.g. METRICS_REQUIRE_KEY). */
export type ClosedBy = (auth: AuthConfig) => boolean;

/** The roles that may call a route, without OpenAPI docs (for routes documented as public). */
export const NeedsRoles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/**
 * The roles that may call a controller or route; `admin` may call everything. Also documents the
 * 401/403 answers naming the roles (the document-wide security requirement says how to send the
 * key, see swagger.ts) and the 429: every route behind a key is also rate-limited.
 */
export function Roles(...roles: Role[]): ClassDecorator & MethodDecorator {
  const who = [...roles, 'admin'].join(' or ');
  return applyDecorators(
    NeedsRoles(...roles),
    ApiUnauthorizedResponse({ type: ErrorBody, description: 'API key missing or unknown' }),
    ApiForbiddenResponse({ type: ErrorBody, description: `The key lacks the role: ${who}` }),
    ApiTooManyRequestsResponse({
      type: ErrorBody,
      description:
        'More than RATE_LIMIT_PER_SECOND requests with this key; resend after Retry-After',
    }),
  );
}

/**
 * Open to everyone (health, metrics), and `security: []` in the OpenAPI document. `closedBy` lets
 * config close the route again; it then needs one of the roles set with NeedsRoles (or admin).
 */
export const Public = (closedBy: ClosedBy = () => false): ClassDecorator =>
  // Probes and scrapers are not PLCs: the rate limit is not for them.
  applyDecorators(SetMetadata(PUBLIC_KEY, closedBy), ApiPublic(), SkipThrottle());
