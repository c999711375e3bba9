import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { AppConfig, AuthConfig, Role } from '../../config';
import { ForbiddenError, UnauthorizedError } from '../errors/domain-errors';
import { ApiKeyStore } from './api-key-store';
import { ClosedBy, PUBLIC_KEY, ROLES_KEY } from './roles.decorator';

/**
 * The global guard (DESIGN "Auth"): missing or unknown key → 401, a key without the route's role
 * → 403. A route that names no roles and is not public needs admin: a new route is closed until
 * someone decides who may call it.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly auth: AuthConfig;

  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeyStore,
    config: ConfigService<AppConfig, true>,
  ) {
    this.auth = config.get('auth', { infer: true });
  }

  canActivate(context: ExecutionContext): boolean {
    if (this.auth.open) return true;
    const targets = [context.getHandler(), context.getClass()];
    const closedBy = this.reflector.getAllAndOverride<ClosedBy | undefined>(PUBLIC_KEY, targets);
    if (closedBy && !closedBy(this.auth)) return true;

    const req = context.switchToHttp().getRequest<Request>();
    const principal = this.keys.identify(req);
    if (!principal) {
      throw new UnauthorizedError(
        req.headers['x-api-key'] || req.headers.authorization
          ? 'API key not recognised'
          : 'API key missing: send X-API-Key: <key> or Authorization: Bearer <key>',
      );
    }
    const needed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets) ?? [];
    if (principal.roles.has('admin') || needed.some((role) => principal.roles.has(role))) {
      return true;
    }
    throw new ForbiddenError(
      `This API key lacks the role needed here: ${[...needed, 'admin'].join(' or ')}`,
    );
  }
}
