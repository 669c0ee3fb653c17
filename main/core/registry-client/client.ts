/**
 * A client of the distribution API (the registry's `/v2/`) for what the engine cannot answer: tags, a tag's
 * manifest and config before pulling, Docker Hub's pulls left. It signs in with the credential the resolver chose
 * for the image (main/core/credentials/resolve.ts), following the registry's challenge: Basic, or Docker's token
 * protocol (Bearer; scope `repository:NAME:pull`), with tokens cached per scope until they expire.
 */
import { EnvHttpProxyAgent, type Dispatcher } from 'undici';
import type { DockerAuthConfig } from '../credentials/registry-types';
import { StevedoreError } from '../errors';
import { parseChallenges, pullScope, type Challenge } from './challenge';
import { describeUrl, parseJson, send, type HttpAnswer } from './http';
import { TokenCache } from './token-cache';
import { defaultCertsDir, isInsecureRegistry, readHostTls, type EngineRegistryConfig } from './trust';

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
}

interface HostSession {
  base: URL;
  challenge?: Challenge;
  at: number;
}

/** How long a host's scheme and challenge are remembered. */
const SESSION_TTL_MS = 5 * 60_000;

export class RegistryClient {
  private readonly tokens: TokenCache;
  private readonly sessions = new Map<string, Promise<HostSession>>();
  private readonly dispatchers = new Map<string, Promise<Dispatcher>>();
  private readonly now: () => number;

  constructor(private readonly options: RegistryClientOptions = {}) {
    this.now = options.now ?? Date.now;
    this.tokens = new TokenCache({ now: this.now, ...(options.maxTokenLifetimeMs === undefined ? {} : { maxLifetimeMs: options.maxTokenLifetimeMs }) });
  }

  /** The API base URL of a registry host: `docker.io` → Docker Hub's API host; others as written. */
  async baseUrl(host: string): Promise<URL> {
    return (await this.session(host)).base;
  }

  /** An authenticated request: the challenge decides Basic or Bearer; a refused cached token is fetched again once. */
  async request(call: RegistryRequest): Promise<HttpAnswer> {
    const session = await this.session(call.host);
    const url = new URL(call.path, session.base);
    if (url.origin !== session.base.origin) {
      throw new StevedoreError('REGISTRY_BAD_ANSWER', `${call.host} pointed to ${url.origin}, another server; Stevedore only sends its requests (and credentials) to the registry itself.`);
    }
    let answer = await this.attempt(call, session, url, false);
    if (answer.status === 401) {
      const fresh = this.challengeOf(answer) ?? session.challenge;
      if (fresh !== undefined && fresh.params.error !== 'insufficient_scope') {
        session.challenge = fresh;
        answer = await this.attempt(call, session, url, true);
      }
    }
    return answer;
  }

  close(): Promise<void> {
    const all = [...this.dispatchers.values()];
    this.dispatchers.clear();
    return Promise.all(all.map(async (dispatcher) => (await dispatcher).close())).then(() => undefined);
  }

  private async attempt(call: RegistryRequest, session: HostSession, url: URL, refresh: boolean): Promise<HttpAnswer> {
    const headers: Record<string, string> = {};
    if (call.accept !== undefined) headers.accept = call.accept.join(', ');
    const authorization = await this.authorization(call, session, refresh);
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

  private async authorization(call: RegistryRequest, session: HostSession, refresh: boolean): Promise<string | undefined> {
    const challenge = session.challenge;
    if (challenge === undefined) return undefined;
    if (challenge.scheme === 'basic') return call.auth?.password === undefined ? undefined : basicHeader(call.auth);
    if (challenge.scheme !== 'bearer') {
      throw new StevedoreError('REGISTRY_BAD_ANSWER', `${call.host} asks for '${challenge.scheme}' authentication, which neither the engine nor Stevedore speaks (Basic or Bearer).`);
    }
    const realm = challenge.params.realm;
    if (realm === undefined || realm === '') throw new StevedoreError('REGISTRY_BAD_ANSWER', `${call.host} asks for a token but names no token server (no realm in its challenge).`);
    const service = challenge.params.service ?? '';
    const scope = pullScope(call.repository);
    const key = TokenCache.key(realm, service, accountOf(call.auth), scope);
    if (refresh) this.tokens.delete(key);
    const cached = this.tokens.get(key);
    if (cached !== undefined) return `Bearer ${cached}`;
    const { token, expiresIn } = await this.fetchToken(call, realm, service, scope);
    this.tokens.set(key, token, expiresIn);
    return `Bearer ${token}`;
  }

  /** Docker's token protocol: `GET realm?service=…&scope=…` with Basic credentials, or anonymous. */
  private async fetchToken(call: RegistryRequest, realm: string, service: string, scope: string): Promise<{ token: string; expiresIn: unknown }> {
    let url: URL;
    try {
      url = new URL(realm);
    } catch {
      throw new StevedoreError('REGISTRY_BAD_ANSWER', `${call.host} names a token server that is not a URL.`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new StevedoreError('REGISTRY_BAD_ANSWER', `${call.host} names a token server that is not an http(s) URL.`);
    if (service !== '') url.searchParams.set('service', service);
    url.searchParams.set('scope', scope);
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
        `The token server of ${call.host} refused ${call.auth?.username === undefined ? 'an anonymous request' : `the credentials of ${call.auth.username}`} (HTTP ${answer.status}). Check the user name and password or token in Registries.`,
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

  /** `GET /v2/` once per host: which scheme works (HTTPS, or HTTP where the engine allows it) and the challenge. */
  private session(host: string): Promise<HostSession> {
    const existing = this.sessions.get(host);
    if (existing !== undefined) {
      return existing.then((session) => {
        if (this.now() - session.at < SESSION_TTL_MS) return session;
        this.sessions.delete(host);
        return this.session(host);
      });
    }
    const created = this.probe(host);
    this.sessions.set(host, created);
    created.catch(() => this.sessions.delete(host));
    return created;
  }

  private async probe(host: string): Promise<HostSession> {
    const mapped = this.options.endpoints?.[host] ?? (host === 'docker.io' ? DOCKER_HUB_API : undefined);
    const insecure = mapped === undefined && isInsecureRegistry(host, await this.options.engineRegistryConfig?.());
    const bases = mapped !== undefined ? [new URL(mapped)] : insecure ? [new URL(`https://${host}`), new URL(`http://${host}`)] : [new URL(`https://${host}`)];
    let lastError: unknown;
    for (const base of bases) {
      try {
        const answer = await send(new URL('/v2/', base), { dispatcherFor: (target) => this.dispatcherFor(target, host), ...this.sendLimits({ maxBodyBytes: 64 * 1024 }) });
        const session: HostSession = { base, at: this.now() };
        const challenge = answer.status === 401 ? this.challengeOf(answer) : undefined;
        if (challenge !== undefined) session.challenge = challenge;
        return session;
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
    const connect = { ...tls, ...(insecure ? { rejectUnauthorized: false } : {}) };
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
