/**
 * A stored registry as the rest of the core (and the renderer) sees it: never the secret itself, only whether
 * one is stored. The secret is fetched through `GetRegistrySecret` at the moment a pull or check needs it.
 */

export interface RegistryVerification {
  /** ISO 8601 time of the check. */
  at: string;
  ok: boolean;
  /** Why a check failed, in words safe to show (never a secret). */
  message?: string;
}

export interface StoredRegistryRecord {
  id: string;
  /** Display name; unique and required. */
  name: string;
  /** Canonical `host[:port]` as returned by `normalizeRegistryAddress`. */
  address: string;
  username?: string;
  hasSecret: boolean;
  /** Image Patterns as the user wrote them; empty means the whole host. */
  patterns: string[];
  isDefault: boolean;
  /** ISO 8601; the last tie-break between equally specific patterns (earlier wins). */
  createdAt: string;
  updatedAt: string;
  lastVerified?: RegistryVerification;
}

/** Decrypts and returns one registry's secret; undefined when none is stored. Called only when it will be sent. */
export type GetRegistrySecret = (registryId: string) => Promise<string | undefined>;

/** Exactly what dockerode's `authconfig` / the Engine's `X-Registry-Auth` expects. Holds secrets: never log it. */
export interface DockerAuthConfig {
  username?: string;
  password?: string;
  identitytoken?: string;
  serveraddress: string;
}

/** Credentials typed in for one pull; never stored, never logged. */
export interface OneTimeCredentials {
  username: string;
  password: string;
}
