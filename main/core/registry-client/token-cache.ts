/**
 * Bearer tokens by (registry, account, scope) until they expire. The token spec's default lifetime is 60 s when
 * `expires_in` is missing; a token that claims never to expire (or decades) is kept at most `maxLifetimeMs`, so a
 * revoked account does not keep working from the cache. Tokens are secrets: the cache never exposes its keys'
 * tokens except to the caller that asks for exactly that key, and never logs.
 */

/** The token spec: "If not specified, the token should be considered to expire after 60 seconds". */
export const DEFAULT_TOKEN_LIFETIME_MS = 60_000;
/** Longer lifetimes are cut to this. */
export const MAX_TOKEN_LIFETIME_MS = 30 * 60_000;
/** Refresh a little before the registry would refuse the token. */
const EXPIRY_MARGIN_MS = 5_000;
const MAX_ENTRIES = 256;

interface Entry {
  token: string;
  expiresAt: number;
  /** The token server that granted this token for several scopes at once (undefined: for this scope alone). */
  sharedBy?: string;
}

export interface TokenCacheOptions {
  now?: () => number;
  maxLifetimeMs?: number;
}

export class TokenCache {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;
  private readonly maxLifetimeMs: number;

  constructor(options: TokenCacheOptions = {}) {
    this.now = options.now ?? Date.now;
    this.maxLifetimeMs = options.maxLifetimeMs ?? MAX_TOKEN_LIFETIME_MS;
  }

  static key(realm: string, service: string, account: string, scope: string): string {
    return JSON.stringify([realm, service, account, scope]);
  }

  get(key: string): string | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (this.now() >= entry.expiresAt) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.token;
  }

  /**
   * `expiresInSeconds` as the token server sent it (absent, 0, negative, huge, or not a number); `sharedBy` names
   * the token server when one token was granted for several scopes.
   */
  set(key: string, token: string, expiresInSeconds: unknown, sharedBy?: string): void {
    const lifetimeMs = tokenLifetimeMs(expiresInSeconds, this.maxLifetimeMs);
    if (this.entries.size >= MAX_ENTRIES) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { token, expiresAt: this.now() + lifetimeMs, ...(sharedBy === undefined ? {} : { sharedBy }) });
  }

  /** The token server of a live token granted for several scopes; undefined for a single-scope token or none. */
  sharedBy(key: string): string | undefined {
    return this.get(key) === undefined ? undefined : this.entries.get(key)?.sharedBy;
  }

  /** After a registry refused a cached token (revoked early): ask again next time. */
  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** How long a token is used, in ms: the spec's default when unstated, capped, minus a small safety margin. */
export function tokenLifetimeMs(expiresInSeconds: unknown, maxLifetimeMs: number = MAX_TOKEN_LIFETIME_MS): number {
  const stated =
    typeof expiresInSeconds === 'number' && Number.isFinite(expiresInSeconds) && expiresInSeconds > 0
      ? expiresInSeconds * 1000
      : DEFAULT_TOKEN_LIFETIME_MS;
  const capped = Math.min(stated, maxLifetimeMs);
  return Math.max(0, capped - Math.min(EXPIRY_MARGIN_MS, capped / 2));
}
