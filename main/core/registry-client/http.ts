/**
 * One bounded HTTP exchange with a registry (or its token server, or the blob storage it redirects to): a deadline
 * for the whole exchange, a size limit on every body, a redirect limit, and `Authorization` kept only while the
 * redirect stays on the same origin (blob storage on another host gets a pre-signed URL, never the credentials).
 * Errors name the host and path only — never headers, never the query (pre-signed URLs carry signatures there).
 */
import { request, type Dispatcher } from 'undici';
import { StevedoreError } from '../errors';

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_MAX_REDIRECTS = 5;
/** JSON answers (manifests, tag pages, tokens, configs) are small; a registry sending more is broken or hostile. */
const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** The URL that answered, after redirects. */
  url: URL;
}

export interface SendOptions {
  method?: 'GET' | 'HEAD';
  headers?: Record<string, string>;
  maxBodyBytes?: number;
  maxRedirects?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** The dispatcher (TLS trust, proxy) for an origin; called again for every redirect target. */
  dispatcherFor: (url: URL) => Promise<Dispatcher>;
}

/** Where an error may point: origin and path, without the query. */
export function describeUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/** Drops a body unread; the abort this causes is expected, not an error. */
function discard(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => undefined);
  body.destroy();
}

async function readBounded(body: Dispatcher.ResponseData['body'], limit: number, url: URL): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > limit) {
      discard(body);
      throw new StevedoreError(
        'REGISTRY_ANSWER_TOO_LARGE',
        `The registry's answer from ${describeUrl(url)} is larger than ${formatBytes(limit)}, more than any registry sends for this request, so it was not read. The registry (or a proxy before it) is misbehaving; try again later or tell its operator.`,
      );
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} KB`;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Connection-level failures in words; TLS problems keep their own code, as the pull error table has them. */
function describeNetworkError(error: unknown, url: URL, timeoutMs: number): StevedoreError {
  if (error instanceof StevedoreError) return error;
  const cause = error as { code?: string; name?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = cause.code ?? cause.cause?.code ?? '';
  const where = describeUrl(url);
  if (cause.name === 'TimeoutError' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new StevedoreError('REGISTRY_UNREACHABLE', `${where} did not answer within ${Math.round(timeoutMs / 1000)} s. Check the network (or the proxy) and try again.`);
  }
  if (cause.name === 'AbortError') return new StevedoreError('CANCELLED', `The request to ${where} was cancelled.`);
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|EPROTO|ERR_SSL/i.test(code)) {
    return new StevedoreError(
      'TLS',
      `The TLS connection to ${url.host} failed (${code}). If the registry uses its own CA, put it in the Docker certs directory as <certs.d>/${url.host}/ca.crt, as the engine needs too.`,
      { cause: error },
    );
  }
  const reason = code === 'ECONNREFUSED' ? 'the connection was refused' : code === 'ENOTFOUND' ? 'the name does not resolve' : code || 'the connection failed';
  return new StevedoreError('REGISTRY_UNREACHABLE', `${url.host} could not be reached: ${reason}. Check the address, the network and any proxy settings.`, { cause: error });
}

export async function send(start: URL, options: SendOptions): Promise<HttpAnswer> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = options.signal === undefined ? deadline : AbortSignal.any([deadline, options.signal]);
  let url = start;
  let headers = { ...(options.headers ?? {}) };
  for (let hop = 0; ; hop += 1) {
    let answer: Dispatcher.ResponseData;
    try {
      answer = await request(url, {
        method: options.method ?? 'GET',
        headers,
        signal,
        dispatcher: await options.dispatcherFor(url),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
    } catch (error) {
      throw describeNetworkError(deadline.aborted ? Object.assign(new Error('timeout'), { name: 'TimeoutError' }) : error, url, timeoutMs);
    }
    const responseHeaders = flattenHeaders(answer.headers);
    if (REDIRECTS.has(answer.statusCode) && responseHeaders.location !== undefined) {
      discard(answer.body);
      if (hop >= maxRedirects) {
        throw new StevedoreError(
          'REGISTRY_BAD_ANSWER',
          `${describeUrl(start)} redirected more than ${maxRedirects} times (last to ${describeUrl(url)}); the registry or its storage is misconfigured (a redirect loop). Try again later or tell its operator.`,
        );
      }
      const next = new URL(responseHeaders.location, url);
      if (next.protocol !== 'https:' && next.protocol !== 'http:') {
        throw new StevedoreError('REGISTRY_BAD_ANSWER', `${describeUrl(url)} redirected to a ${next.protocol} address, which a registry never does.`);
      }
      if (next.origin !== url.origin) {
        // Credentials are for the registry only: blob storage gets the pre-signed URL and nothing else.
        headers = Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'authorization'));
      }
      url = next;
      continue;
    }
    let body: Buffer;
    try {
      body = options.method === 'HEAD' ? Buffer.alloc(0) : await readBounded(answer.body, maxBodyBytes, url);
      if (options.method === 'HEAD') discard(answer.body);
    } catch (error) {
      throw describeNetworkError(deadline.aborted ? Object.assign(new Error('timeout'), { name: 'TimeoutError' }) : error, url, timeoutMs);
    }
    return { status: answer.statusCode, headers: responseHeaders, body, url };
  }
}

/** A JSON body, or undefined when it is not JSON. */
export function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
