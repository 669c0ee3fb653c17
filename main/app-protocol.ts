/**
 * The `app://stevedore/` protocol that serves the built renderer (dist/renderer) to the window.
 *
 * A custom, standard, secure scheme instead of `file://`: the page gets a real origin (so the IPC sender
 * check and navigation guards have something exact to compare), and only files inside the renderer folder
 * can ever be read. Every response, errors included, carries the app's Content-Security-Policy.
 */
import { realpath, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CustomScheme } from 'electron';
import { contentSecurityPolicy } from './core/csp';

export const APP_SCHEME = 'app';
const APP_HOST = 'stevedore';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Must be registered before `app` is ready. Nothing beyond what a normal https page has (no CSP bypass). */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The file a URL path names inside `root`, or undefined when it would leave `root` (`..`, encoded
 * separators, absolute paths, NUL bytes) or cannot be decoded. Pure: does not touch the disk.
 */
export function rendererFileFor(root: string, urlPathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const base = path.resolve(root);
  const file = path.resolve(base, relative);
  return isInside(base, file) ? file : undefined;
}

function isInside(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

export type AppProtocolHandler = (request: Request) => Promise<Response>;

/** The `protocol.handle('app', …)` handler, serving files from `rendererRoot`. */
export function createAppProtocolHandler(rendererRoot: string): AppProtocolHandler {
  const csp = contentSecurityPolicy();
  const baseHeaders = {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
  };
  const refuse = (status: number): Response =>
    new Response(null, { status, headers: { ...baseHeaders, 'Content-Type': 'text/plain; charset=utf-8' } });

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405);
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return refuse(404);
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host.toLowerCase() !== APP_HOST) return refuse(404);

    const file = rendererFileFor(rendererRoot, url.pathname);
    if (!file) return refuse(404);
    let body: Buffer;
    try {
      // A symlink inside the folder may still point outside it: check where the file really is.
      const [realRoot, realFile] = await Promise.all([realpath(rendererRoot), realpath(file)]);
      if (!isInside(realRoot, realFile)) return refuse(404);
      body = await readFile(realFile);
    } catch {
      return refuse(404);
    }
    const contentType = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: { ...baseHeaders, 'Content-Type': contentType },
    });
  };
}
