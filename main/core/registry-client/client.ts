/**
 * A client of the distribution API (the registry's `/v2/`) for what the engine cannot answer: tags, a tag's
 * manifest and config before pulling, Docker Hub's pulls left. It signs in with the credential the resolver chose
 * for the image (main/core/credentials/resolve.ts), following the registry's challenge: Basic, or Docker's token
 * protocol (Bearer; scope `repository:NAME:pull`), with tokens cached per scope until they expire.
 *
 * No separate `GET /v2/` ping: a host's first request goes out unsigned and its 401 challenge (kept for the host)
 * decides how to sign in, as the engine's own client does after its ping. A caller that will ask several
 * repositories with one credential names them (`alsoRepositories`), so one token request carries all their scopes
 * (Docker's token spec allows several `scope` parameters); a token server that refuses that, or grants only the
 * first scope, is asked one scope per request from then on.
 */
import { EnvHttpProxyAgent, type Dispatcher } from 'undici';
import type { DockerAuthConfig } from '../credentials/registry-types';
import { StevedoreError } from '../errors';
import { parseChallenges, pullScope, type Challenge } from './challenge';
import { describeUrl, parseJson, send, type HttpAnswer } from './http';
import { TokenCache } from './token-cache';
import { defaultCertsDir, isInsecureRegistry, readHostTls, secureContextFor, type EngineRegistryConfig } from './trust';

/** Where `docker.io` images really are; the token realm comes from its challenge, never from here. */
const DOCKER_HUB_API = 'https://registry-1.docker.io';

export interface RegistryClientOptions {
  /** The Docker certs directory (`certs.d`); defaults to the platform's. */
  certsDir?: string;
  /** The engine's `/info` `RegistryConfig`, for its insecure registries; undefined when the engine is away. */
  engineRegistryConfig?: () => Promise<EngineRegistryConfig | undefined>;
  /** For HTTPS_PROXY / HTTP_PROXY / NO_PROXY (and their lower-case forms). */
  env?: NodeJS.ProcessEnv;
  /** Host → API base URL, replacing the built-in `docker.io` mapping and the scheme choice (tests). */
  endpoints?: Record<string, string>;
  now?: () => number;
  timeoutMs?: number;
  /** Cap on a token's lifetime in the cache. */
  maxTokenLifetimeMs?: number;
}

export interface RegistryRequest {
  host: string;
  /** Repository path (`library/nginx`): decides the token scope. */
  repository: string;
  /** Path below the API base, e.g. `/v2/library/nginx/tags/list?n=100`, or an absolute URL on the same origin. */
  path: string;
  method?: 'GET' | 'HEAD';
  accept?: string[];
  /** The resolver's credential (absent: anonymous). Holds a secret: never logged. */
  auth?: DockerAuthConfig;
  maxBodyBytes?: number;
  signal?: AbortSignal;
  /**
   * Other repositories this caller is about to ask on the same host with the same credential: a token fetched for
   * this request also covers them (one token request, several scopes). Only a hint: each request still signs in.
   */
  alsoRepositories?: readonly string[];
}

interface HostSession {
  base: URL;
  challenge?: Challenge;
  at: number;
}

/** How long a host's scheme and challenge are remembered. */
const SESSION_TTL_MS = 5 * 60_000;
/**
 * Bounds on one token request's scopes: the granted token carries them all (a JWT's `access` claim) and is sent
 * in every request's `Authorization` header, which proxies commonly cap at 8 KB.
 */
const MAX_SCOPES_PER_TOKEN = 50;
const MAX_SCOPE_CHARACTERS = 3_000;

export class RegistryClient {
  private readonly tokens: TokenCache;
  private readonly sessions = new Map<string, Promise<HostSession>>();
  /** Token fetches under way, by cache key: concurrent requests for one scope share one fetch. */
  private readonly tokenFetches = new Map<string, Promise<string>>();
  /** Token servers (realm and service) that refused several scopes in one request, or granted only some. */
  private readonly singleScopeRealms = new Set<string>();
  private readonly dispatchers = new Map<string, Promise<Dispatcher>>();
  private readonly now: () => number;

  constructor(private readonly options: RegistryClientOptions = {}) {
    this.now = options.now ?? Date.now;
    this.tokens = new TokenCache({ now: this.now, ...(options.maxTokenLifetimeMs === undefined ? {} : { maxLifetimeMs: options.maxTokenLifetimeMs }) });
  }

  /**
   * An authenticated request: the challenge decides Basic or Bearer; a refused cached token is fetched again once,
   * and a token shared by several scopes that the registry finds short is replaced by one for this scope alone.
   */
  async request(call: RegistryRequest): Promise<HttpAnswer> {
    const { session, unsigned } = await this.session(call);
    // The host's first request went out unsigned: its answer stands unless the challenge asks for credentials.
    if (unsigned !== undefined && (unsigned.status !== 401 || (await this.authorization(call, session, 'cached')) === undefined)) return unsigned;
    const url = sameOriginUrl(call, session.base);
    let answer = await this.attempt(call, session, url, 'cached');
    if (answer.status === 401) {
      const fresh = this.challengeOf(answer) ?? session.challenge;
      const shared = this.sharedTokenOf(call, session);
      if (fresh !== undefined && (fresh.params.error !== 'insufficient_scope' || shared !== undefined)) {
        session.challenge = fresh;
        answer = await this.attempt(call, session, url, 'single');
        // The single-scope token worked where the shared one did not: this token server grants only some scopes.
        if (shared !== undefined && answer.status !== 401) this.singleScopeRealms.add(shared);
      }
    }
    return answer;
  }

  close(): Promise<void> {
    const all = [...this.dispatchers.values()];
    this.dispatchers.clear();
    return Promise.all(all.map(async (dispatcher) => (await dispatcher).close())).then(() => undefined);
  }

  private async attempt(call: RegistryRequest, session: HostSession, url: URL, token: TokenChoice): Promise<HttpAnswer> {
    const headers: Record<string, string> = {};
    if (call.accept !== undefined) headers.accept = call.accept.join(', ');
    const authorization = await this.authorization(call, session, token);
    if (authorization !== undefined) headers.authorization = authorization;
    return send(url, {
      method: call.method ?? 'GET',
      headers,
      dispatcherFor: (target) => this.dispatcherFor(target, call.host),
      ...this.sendLimits(call),
    });
  }

  private sendLimits(call: Pick<RegistryRequest, 'maxBodyBytes' | 'signal'>) {
    return {
      ...(call.maxBodyBytes === undefined ? {} : { maxBodyBytes: call.maxBodyBytes }),
      ...(call.signal === undefined ? {} : { signal: call.signal }),
      ...(this.options.timeoutMs === undefined ? {} : { timeoutMs: this.options.timeoutMs }),
    };
  }

  private async authorization(call: RegistryRequest, session: HostSession, choice: TokenChoice): Promise<string | undefined> {
    const challenge = session.challenge;
    if (challenge === undefined) return undefined;
    if (challenge.scheme === 'basic') return call.auth?.password === undefined ? undefined : basicHeader(call.auth);
    if (challenge.scheme !== 'bearer') {
      throw new StevedoreError('REGISTRY_BAD_ANSWER', `${call.host} asks for '${challenge.scheme}' authentication, which neither the engine nor Stevedore speaks (Basic or Bearer).`);
    }
    const realm = challenge.params.realm;
    if (realm === undefined || realm === '') throw new StevedoreError('REGISTRY_BAD_ANSWER', `${call.host} asks for a token but names no token server (no realm in its challenge).`);
    const service = challenge.params.service ?? '';
    const keyOf = (repository: string) => TokenCache.key(realm, service, accountOf(call.auth), pullScope(repository));
    const key = keyOf(call.repository);
    if (choice === 'single') this.tokens.delete(key);
    // Joins a fetch that covers this scope; if that one ends without a token for it (refused, or fell back to
    // another scope alone), this request asks on its own.
    const joined = this.tokens.get(key) === undefined ? this.tokenFetches.get(key) : undefined;
    if (joined !== undefined) await joined.catch(() => undefined);
    const token = this.tokens.get(key) ?? (await this.startTokenFetch(call, realm, service, choice === 'single' ? [] : call.alsoRepositories ?? [], keyOf));
    return `Bearer ${token}`;
  }

  /** One token request for the call's scope and, unless this token server wants one scope at a time, the queued ones. */
  private startTokenFetch(call: RegistryRequest, realm: string, service: string, queued: readonly string[], keyOf: (repository: string) => string): Promise<string> {
    const server = JSON.stringify([realm, service]);
    const unasked = (repository: string) => this.tokens.get(keyOf(repository)) === undefined && !this.tokenFetches.has(keyOf(repository));
    const batch = this.singleScopeRealms.has(server) ? [call.repository] : scopeBatch(call.repository, queued, unasked);
    const fetched = this.fetchToken(call, realm, service, batch)
      .then((answer) => ({ ...answer, repositories: batch }))
      .catch(async (error: unknown) => {
        if (batch.length === 1) throw error;
        // Refused with several scopes: ask for this one alone; if that works, this server is asked that way from now on.
        const single = await this.fetchToken(call, realm, service, [call.repository]);
        this.singleScopeRealms.add(server);
        return { ...single, repositories: [call.repository] };
      })
      .then(({ token, expiresIn, repositories }) => {
        for (const repository of repositories) this.tokens.set(keyOf(repository), token, expiresIn, repositories.length > 1 ? server : undefined);
        return token;
      });
    const keys = batch.map(keyOf);
    for (const key of keys) this.tokenFetches.set(key, fetched);
    const clear = () => {
      for (const key of keys) if (this.tokenFetches.get(key) === fetched) this.tokenFetches.delete(key);
    };
    fetched.then(clear, clear);
    return fetched;
  }

  /** The token server of the token this call would use, when that token was granted for several scopes. */
  private sharedTokenOf(call: RegistryRequest, session: HostSession): string | undefined {
    const challenge = session.challenge;
    if (challenge?.scheme !== 'bearer' || challenge.params.realm === undefined) return undefined;
    return this.tokens.sharedBy(TokenCache.key(challenge.params.realm, challenge.params.service ?? '', accountOf(call.auth), pullScope(call.repository)));
  }

  /** Docker's token protocol: `GET realm?service=…&scope=…[&scope=…]` with Basic credentials, or anonymous. */
  private async fetchToken(call: RegistryRequest, realm: string, service: string, repositories: readonly string[]): Promise<{ token: string; expiresIn: unknown }> {
    let url: URL;
    try {
      url = new URL(realm);
    } catch {
      throw new StevedoreError('REGISTRY_BAD_ANSWER', `${call.host} names a token server that is not a URL.`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new StevedoreError('REGISTRY_BAD_ANSWER', `${call.host} names a token server that is not an http(s) URL.`);
    if (service !== '') url.searchParams.set('service', service);
    for (const repository of repositories) url.searchParams.append('scope', pullScope(repository));
    const headers: Record<string, string> = {};
    if (call.auth?.password !== undefined) headers.authorization = basicHeader(call.auth);
    let answer: HttpAnswer;
    try {
      answer = await send(url, { headers, dispatcherFor: (target) => this.dispatcherFor(target, call.host), ...this.sendLimits({ maxBodyBytes: 64 * 1024, ...(call.signal ? { signal: call.signal } : {}) }) });
    } catch (error) {
      if (error instanceof StevedoreError && error.code === 'REGISTRY_UNREACHABLE') {
        throw new StevedoreError('REGISTRY_UNREACHABLE', `The token server of ${call.host} (${describeUrl(url)}) could not be reached. ${error.message}`, { cause: error });
      }
      throw error;
    }
    if (answer.status === 401 || answer.status === 403) {
      throw new StevedoreError(
        'UNAUTHORIZED',
        call.auth?.username === undefined
          ? `The token server of ${call.host} refused an anonymous request (HTTP ${answer.status}): add credentials for ${call.host} in Registries.`
          : `The token server of ${call.host} refused the credentials of ${call.auth.username} (HTTP ${answer.status}). Check the user name and password or token in Registries.`,
      );
    }
    const parsed = answer.status === 200 ? parseJson(answer.body) : undefined;
    const token = (parsed as { token?: unknown; access_token?: unknown } | undefined)?.token ?? (parsed as { access_token?: unknown } | undefined)?.access_token;
    if (typeof token !== 'string' || token === '' || /[\s\p{Cc}]/u.test(token)) {
      throw new StevedoreError(
        'REGISTRY_BAD_ANSWER',
        `The token server of ${call.host} (${describeUrl(url)}) answered HTTP ${answer.status} without a token (${answer.headers['content-type'] ?? 'no content type'}). A proxy or sign-in page may be in the way; try again later or tell the registry's operator.`,
      );
    }
    return { token, expiresIn: (parsed as { expires_in?: unknown }).expires_in };
  }

  private challengeOf(answer: HttpAnswer): Challenge | undefined {
    const header = answer.headers['www-authenticate'];
    if (header === undefined) return undefined;
    let challenges: Challenge[];
    try {
      challenges = parseChallenges(header);
    } catch (error) {
      throw new StevedoreError('REGISTRY_BAD_ANSWER', `${answer.url.host} sent an authentication challenge that cannot be read: ${(error as Error).message}.`);
    }
    return challenges.find((challenge) => challenge.scheme === 'bearer') ?? challenges.find((challenge) => challenge.scheme === 'basic') ?? challenges[0];
  }

  /**
   * The host's scheme and challenge. The first request to a host goes out unsigned and stands in for the ping
   * (HTTPS, or HTTP where the engine allows it; its 401 challenge is kept); requests meanwhile wait for it.
   */
  private async session(call: RegistryRequest): Promise<{ session: HostSession; unsigned?: HttpAnswer }> {
    const existing = this.sessions.get(call.host);
    if (existing !== undefined) {
      const session = await existing;
      if (this.now() - session.at < SESSION_TTL_MS) return { session };
      if (this.sessions.get(call.host) === existing) this.sessions.delete(call.host);
      return this.session(call);
    }
    const opened = this.open(call);
    const session = opened.then((first) => first.session);
    this.sessions.set(call.host, session);
    session.catch(() => {
      if (this.sessions.get(call.host) === session) this.sessions.delete(call.host);
    });
    return opened;
  }

  private async open(call: RegistryRequest): Promise<{ session: HostSession; unsigned: HttpAnswer }> {
    const host = call.host;
    const mapped = this.options.endpoints?.[host] ?? (host === 'docker.io' ? DOCKER_HUB_API : undefined);
    const insecure = mapped === undefined && isInsecureRegistry(host, await this.options.engineRegistryConfig?.());
    const bases = mapped !== undefined ? [new URL(mapped)] : insecure ? [new URL(`https://${host}`), new URL(`http://${host}`)] : [new URL(`https://${host}`)];
    let lastError: unknown;
    for (const base of bases) {
      try {
        const headers: Record<string, string> = call.accept === undefined ? {} : { accept: call.accept.join(', ') };
        const unsigned = await send(sameOriginUrl(call, base), { method: call.method ?? 'GET', headers, dispatcherFor: (target) => this.dispatcherFor(target, host), ...this.sendLimits(call) });
        const session: HostSession = { base, at: this.now() };
        const challenge = unsigned.status === 401 ? this.challengeOf(unsigned) : undefined;
        if (challenge !== undefined) session.challenge = challenge;
        return { session, unsigned };
      } catch (error) {
        lastError = error;
        // The engine falls back from HTTPS to HTTP for insecure registries on any connection failure.
        if (!(error instanceof StevedoreError) || (error.code !== 'TLS' && error.code !== 'REGISTRY_UNREACHABLE')) throw error;
      }
    }
    throw lastError;
  }

  private dispatcherFor(url: URL, registryHost: string): Promise<Dispatcher> {
    const verify = url.protocol !== 'https:' || url.host !== registryHost ? true : undefined;
    const key = `${url.protocol}//${url.host}`;
    let dispatcher = this.dispatchers.get(key);
    if (dispatcher === undefined) {
      dispatcher = this.createDispatcher(url, registryHost, verify);
      this.dispatchers.set(key, dispatcher);
      dispatcher.catch(() => this.dispatchers.delete(key));
    }
    return dispatcher;
  }

  private async createDispatcher(url: URL, registryHost: string, verify: true | undefined): Promise<Dispatcher> {
    const tls = await readHostTls(this.options.certsDir ?? defaultCertsDir(), url.host);
    // The engine skips verification for insecure registries it reaches over HTTPS.
    const insecure = verify === undefined && isInsecureRegistry(registryHost, await this.options.engineRegistryConfig?.());
    // The host's trust is built once here: given as options, the roots plus certs.d were parsed again for every
    // connection (most of an update check's time across 50 images, bench/sections/updates.ts).
    const trust = Object.keys(tls).length === 0 ? {} : { secureContext: secureContextFor(tls) };
    const connect = { ...trust, ...(insecure ? { rejectUnauthorized: false } : {}) };
    const env = this.options.env ?? process.env;
    return new EnvHttpProxyAgent({
      // Explicit values (empty: none), so the injected environment is the only one read.
      httpProxy: env.http_proxy ?? env.HTTP_PROXY ?? '',
      httpsProxy: env.https_proxy ?? env.HTTPS_PROXY ?? '',
      noProxy: env.no_proxy ?? env.NO_PROXY ?? '',
      connect,
      requestTls: connect,
    });
  }
}

function basicHeader(auth: DockerAuthConfig): string {
  return `Basic ${Buffer.from(`${auth.username ?? ''}:${auth.password ?? ''}`, 'utf8').toString('base64')}`;
}

/** Tokens are cached per account: two registries with different users on one host never share a token. */
function accountOf(auth: DockerAuthConfig | undefined): string {
  return auth?.username ?? (auth?.identitytoken === undefined ? '' : 'identity-token');
}

type TokenChoice = 'cached' | 'single';

/** The call's URL on the registry's origin; an absolute path elsewhere is refused (credentials stay with the registry). */
function sameOriginUrl(call: RegistryRequest, base: URL): URL {
  const url = new URL(call.path, base);
  if (url.origin !== base.origin) {
    throw new StevedoreError('REGISTRY_BAD_ANSWER', `${call.host} pointed to ${url.origin}, another server; Stevedore only sends its requests (and credentials) to the registry itself.`);
  }
  return url;
}

/** The call's repository first, then queued ones not yet covered, within the bounds of one token request. */
function scopeBatch(repository: string, queued: readonly string[], wanted: (repository: string) => boolean): string[] {
  const batch = [repository];
  let characters = pullScope(repository).length;
  for (const other of new Set(queued)) {
    if (batch.length >= MAX_SCOPES_PER_TOKEN) break;
    if (other === repository || !wanted(other)) continue;
    characters += pullScope(other).length;
    if (characters > MAX_SCOPE_CHARACTERS) break;
    batch.push(other);
  }
  return batch;
}
