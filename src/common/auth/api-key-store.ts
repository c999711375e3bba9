import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { AppConfig, Role } from '../../config';

/** Who sent a request: the configured key it presented (by a short hash, never the key). */
export interface Principal {
  /** First 16 hex digits of the key's SHA-256: stable, safe to use as a rate-limit bucket. */
  id: string;
  roles: ReadonlySet<Role>;
}

interface KnownKey {
  digest: Buffer;
  principal: Principal;
}

/** The key a request presents: `X-API-Key: <key>`, else `Authorization: Bearer <key>`. */
export function presentedKey(headers: IncomingHttpHeaders): string | undefined {
  const header = headers['x-api-key'];
  const apiKey = (Array.isArray(header) ? header[0] : header)?.trim();
  if (apiKey) return apiKey;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
  return bearer?.[1];
}

/**
 * The configured API keys, held as SHA-256 digests only. A presented key is hashed and compared
 * with every digest in constant time (timingSafeEqual on equal-length digests, no early exit), so
 * neither the answer time nor the order of the keys tells an attacker anything about a key.
 */
@Injectable()
export class ApiKeyStore {
  private readonly keys: KnownKey[];
  /** One lookup per request, shared by the rate limiter and the auth guard. */
  private readonly seen = new WeakMap<object, Principal | null>();

  constructor(config: ConfigService<AppConfig, true>) {
    const byDigest = new Map<string, Set<Role>>();
    for (const { role, sha256 } of config.get('auth', { infer: true }).keys) {
      byDigest.set(sha256, (byDigest.get(sha256) ?? new Set<Role>()).add(role));
    }
    this.keys = [...byDigest].map(([hex, roles]) => ({
      digest: Buffer.from(hex, 'hex'),
      principal: { id: hex.slice(0, 16), roles },
    }));
  }

  /** The principal of a request's key; undefined when it sent none or an unknown one. */
  identify(req: { headers: IncomingHttpHeaders }): Principal | undefined {
    const cached = this.seen.get(req);
    if (cached !== undefined) return cached ?? undefined;
    const key = presentedKey(req.headers);
    const principal = key === undefined ? undefined : this.match(key);
    this.seen.set(req, principal ?? null);
    return principal;
  }

  match(key: string): Principal | undefined {
    const digest = createHash('sha256').update(key, 'utf8').digest();
    let found: Principal | undefined;
    for (const known of this.keys) {
      if (timingSafeEqual(digest, known.digest)) found = known.principal;
    }
    return found;
  }
}
