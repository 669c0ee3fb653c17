/**
 * The preview's files — the built renderer and the bridge script — kept in memory while they are unchanged on disk.
 * A page load asks for about twenty of them on the same thread as the core's calls: read from disk each time they
 * cost two `realpath`s, an open, a read and a close each (~30 ms of main's thread per page load,
 * measured in session 8) and, while the core was busy, came late. In the packaged app Electron serves them from
 * `app.asar` off main's JavaScript thread. Here a kept file costs one `stat` and is answered in the turn its request
 * arrived in (it took six turns of main's loop: two `realpath`s, open, stat, read, close). A file is read again when
 * its size, modification time or inode change (a new `npm run build`), so a preview left running serves what is on
 * disk.
 */
import { statSync, type Stats } from 'node:fs';
import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';

export interface StaticFile {
  body: Buffer;
  type: string;
}

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

interface KeptFile extends StaticFile {
  size: number;
  mtimeMs: number;
  ino: number;
}

export class StaticFiles {
  private readonly kept = new Map<string, KeptFile>();
  private readonly rendererRoot: string;

  constructor(
    private readonly options: {
      rendererDir: string;
      /** Served at `bridgePath`, from outside the renderer folder. */
      bridgeFile: string;
      bridgePath: string;
      /** Applied to HTML once per read (the bridge script tag). */
      html: (text: string) => string;
    },
  ) {
    this.rendererRoot = path.resolve(options.rendererDir);
  }

  /** The file for a request's path, or undefined when there is none that may be served (404). */
  async get(pathname: string): Promise<StaticFile | undefined> {
    const file = this.fileFor(pathname);
    if (file === undefined) return undefined;
    // Synchronous: a cached file is answered in the turn its request arrived in (microseconds for a file the system
    // has just served), instead of waiting for another turn of main's loop behind the core's work.
    let stats: Stats | undefined;
    try {
      stats = statSync(file, { throwIfNoEntry: false });
    } catch {
      stats = undefined;
    }
    if (stats === undefined) {
      this.kept.delete(file);
      return undefined;
    }
    const kept = this.kept.get(file);
    if (kept !== undefined && kept.size === stats.size && kept.mtimeMs === stats.mtimeMs && kept.ino === stats.ino) return kept;
    const read = await this.read(file, pathname === this.options.bridgePath, stats);
    if (read === undefined) this.kept.delete(file);
    else this.kept.set(file, read);
    return read;
  }

  private fileFor(pathname: string): string | undefined {
    if (pathname === this.options.bridgePath) return path.resolve(this.options.bridgeFile);
    const file = path.resolve(this.rendererRoot, `.${pathname === '/' ? '/index.html' : pathname}`);
    return file !== this.rendererRoot && file.startsWith(this.rendererRoot + path.sep) ? file : undefined;
  }

  private async read(file: string, isBridge: boolean, stats: Stats): Promise<KeptFile | undefined> {
    try {
      // A symlink inside the renderer folder must not lead outside it.
      const real = await realpath(file);
      const realRoot = await realpath(this.rendererRoot);
      if (!isBridge && !real.startsWith(realRoot + path.sep)) return undefined;
      const type = MIME_TYPES[path.extname(file)] ?? 'application/octet-stream';
      const bytes = await readFile(real);
      const body = type.startsWith('text/html') ? Buffer.from(this.options.html(bytes.toString('utf8'))) : bytes;
      return { body, type, size: stats.size, mtimeMs: stats.mtimeMs, ino: stats.ino };
    } catch {
      return undefined;
    }
  }
}
