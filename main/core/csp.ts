/**
 * The Content-Security-Policy of every Stevedore page. Preview adds its own WebSocket origin to `connect-src`;
 * the desktop app has nothing to connect to but itself.
 */
export function contentSecurityPolicy(extraConnectSource?: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${extraConnectSource ? ` ${extraConnectSource}` : ''}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}
