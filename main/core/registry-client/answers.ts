/**
 * A registry's refusal in the pull error table's words (pulls.md), read from the status, the distribution
 * `errors` body and Docker Hub's rate-limit headers. Bodies are never quoted whole: an HTML page or a hostile
 * answer stays out of the message; only a known error code and a short, cleaned message are used.
 */
import { StevedoreError } from '../errors';
import { parseJson, type HttpAnswer } from './http';

export interface RateLimitHeaders {
  limit?: number;
  remaining?: number;
  /** The window in seconds (`;w=`). */
  windowSeconds?: number;
}

/** `ratelimit-limit: 100;w=21600` / `ratelimit-remaining: 76;w=21600`. */
export function parseRateLimitHeaders(headers: Record<string, string>): RateLimitHeaders {
  const read = (text: string | undefined) => {
    const match = /^\s*(\d{1,9})\s*(?:;\s*w\s*=\s*(\d{1,9}))?/.exec(text ?? '');
    return match === null ? undefined : { value: Number(match[1]), window: match[2] === undefined ? undefined : Number(match[2]) };
  };
  const limit = read(headers['ratelimit-limit']);
  const remaining = read(headers['ratelimit-remaining']);
  const result: RateLimitHeaders = {};
  if (limit !== undefined) result.limit = limit.value;
  if (remaining !== undefined) result.remaining = remaining.value;
  const window = remaining?.window ?? limit?.window;
  if (window !== undefined) result.windowSeconds = window;
  return result;
}

function firstError(answer: HttpAnswer): { code?: string; message?: string } {
  const parsed = parseJson(answer.body) as { errors?: Array<{ code?: unknown; message?: unknown }> } | undefined;
  const first = Array.isArray(parsed?.errors) ? parsed.errors[0] : undefined;
  const clean = (value: unknown) => (typeof value === 'string' ? value.replace(/\p{Cc}/gu, ' ').slice(0, 200) : undefined);
  const result: { code?: string; message?: string } = {};
  const code = clean(first?.code);
  const message = clean(first?.message);
  if (code !== undefined) result.code = code;
  if (message !== undefined) result.message = message;
  return result;
}

/** Throws the error for a non-2xx answer; `what` names what was asked, e.g. "the tags of team/app". */
export function throwForAnswer(answer: HttpAnswer, what: string, account: string | undefined): never {
  const host = answer.url.host;
  const who = account === undefined ? 'anonymously' : `as ${account}`;
  const error = firstError(answer);
  switch (answer.status) {
    case 401:
      if (answer.headers['www-authenticate']?.includes('insufficient_scope') === true || error.code === 'DENIED') {
        throw new StevedoreError('DENIED', `${host} does not let you read ${what} ${who}: the account has no pull access to it. Use an account that has, or check the name.`);
      }
      throw new StevedoreError(
        'UNAUTHORIZED',
        account === undefined
          ? `${host} needs credentials to read ${what}: it refused an anonymous request. Add credentials for ${host} in Registries.`
          : `${host} refused the credentials for ${what} (${who}). Check the user name and password or token in Registries.`,
      );
    case 403:
      if (error.code === 'DENIED') {
        throw new StevedoreError('DENIED', `${host} does not let you read ${what} ${who}: requested access to the resource is denied.`);
      }
      throw new StevedoreError(
        'FORBIDDEN',
        `${host} answered 403 Forbidden for ${what}${(answer.headers['content-type'] ?? '').includes('html') ? ', with a web page rather than a registry answer: a proxy or firewall is probably blocking it' : ''}. Check the proxy settings or ask the network's administrator.`,
      );
    case 404:
      throw new StevedoreError('NOT_FOUND', `${host} could not find ${what}${error.code === undefined ? '' : ` (${error.code})`}. Check the name and tag.`);
    case 429: {
      const limits = parseRateLimitHeaders(answer.headers);
      const window = limits.windowSeconds === undefined ? '' : ` The limit is ${limits.limit ?? '?'} pulls per ${Math.round(limits.windowSeconds / 3600)} h.`;
      throw new StevedoreError('RATE_LIMITED', `${host} says too many requests (${error.code ?? '429'}) ${who}.${window} Wait, or sign in with an account that has a higher limit.`);
    }
    default:
      throw new StevedoreError('REGISTRY_BAD_ANSWER', `${host} answered HTTP ${answer.status} for ${what}${error.code === undefined ? '' : ` (${error.code})`}. Try again later.`);
  }
}
