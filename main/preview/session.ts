/**
 * The preview's sign-in: the one-time token in the printed address is exchanged, once, for a random session id
 * kept in an HttpOnly, SameSite=Strict cookie. The token is then spent, so the address left in the browser's
 * history (or a terminal's scrollback) lets nobody in, and the page's own scripts never see a credential.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

export type TokenExchange =
  | { outcome: 'signed-in'; setCookie: string }
  /** The token was right but has been exchanged before. */
  | { outcome: 'already-used' }
  | { outcome: 'wrong-token' };

export class PreviewSession {
  /** The one-time token for the printed address. */
  readonly token = randomBytes(32).toString('base64url');
  /**
   * Cookies are not scoped by port, so every preview (and anything else on 127.0.0.1) shares the cookie jar:
   * the port in the name keeps two previews from overwriting each other's session.
   */
  readonly cookieName: string;
  private tokenSpent = false;
  private sessionId: string | undefined;

  constructor(port: number) {
    this.cookieName = `stevedore_preview_${port}`;
  }

  exchange(offered: string): TokenExchange {
    if (!sameSecret(offered, this.token)) return { outcome: 'wrong-token' };
    if (this.tokenSpent) return { outcome: 'already-used' };
    this.tokenSpent = true;
    this.sessionId = randomBytes(32).toString('base64url');
    // No Max-Age: the cookie ends with the browser session, and the session id with this preview run.
    return { outcome: 'signed-in', setCookie: `${this.cookieName}=${this.sessionId}; HttpOnly; SameSite=Strict; Path=/` };
  }

  /** Whether a request's Cookie header carries this run's session. */
  admits(cookieHeader: string | undefined): boolean {
    if (this.sessionId === undefined) return false;
    const offered = cookieValue(cookieHeader, this.cookieName);
    return offered !== undefined && sameSecret(offered, this.sessionId);
  }
}

/** The value of one cookie in a `Cookie` request header (RFC 6265 §5.4: `name=value` pairs joined by "; "). */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const pair of (header ?? '').split(';')) {
    const equals = pair.indexOf('=');
    if (equals !== -1 && pair.slice(0, equals).trim() === name) return pair.slice(equals + 1).trim();
  }
  return undefined;
}

function sameSecret(offered: string, expected: string): boolean {
  const a = Buffer.from(offered);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
