/**
 * The PATH a desktop app needs to find Docker's programs.
 *
 * On macOS an app started from Finder, the Dock or Spotlight gets launchd's PATH, `/usr/bin:/bin:/usr/sbin:/sbin`,
 * not the one a terminal has, so `docker`, `docker compose` and `docker-credential-desktop`/`-osxkeychain` would
 * not be found. At launch the shell appends the folders where Docker Desktop, Homebrew, Rancher Desktop and Podman
 * put them. The login shell's PATH is deliberately not read: that means starting the user's shell with all its
 * start-up files (slow, can prompt or hang, prints into our output) on every launch, for folders this list
 * already covers; a tool kept elsewhere can still be named in Settings.
 *
 * Linux and Windows desktop sessions already start apps with the user's PATH, so it is left alone there.
 */
import path from 'node:path';

export interface ToolPathOptions {
  platform: NodeJS.Platform;
  /** The PATH the process was started with. */
  currentPath: string | undefined;
  homedir: string;
  /** Whether a folder exists; only existing folders are added. */
  isDirectory: (folder: string) => boolean;
}

/** Where macOS installs of the docker CLI, Compose and the credential helpers put their programs, most usual first. */
export function macosToolFolders(homedir: string): string[] {
  return [
    '/opt/homebrew/bin', // Homebrew on Apple silicon
    '/usr/local/bin', // Homebrew on Intel; Docker Desktop's links to its CLI and helpers
    path.posix.join(homedir, '.docker', 'bin'), // Docker Desktop installed without admin rights ("user" CLI tools)
    '/Applications/Docker.app/Contents/Resources/bin', // Docker Desktop's own copies
    path.posix.join(homedir, '.rd', 'bin'), // Rancher Desktop
    '/opt/podman/bin', // Podman's installer
  ];
}

/**
 * The PATH to run with: the current entries in their order, then each tool folder that exists and is not
 * already there. Unchanged outside macOS.
 */
export function withToolFolders(options: ToolPathOptions): string | undefined {
  if (options.platform !== 'darwin') return options.currentPath;
  const entries = (options.currentPath ?? '').split(':').filter((entry) => entry !== '');
  const seen = new Set(entries.map(withoutTrailingSlash));
  for (const folder of macosToolFolders(options.homedir)) {
    if (seen.has(folder) || !options.isDirectory(folder)) continue;
    entries.push(folder);
    seen.add(folder);
  }
  return entries.join(':');
}

function withoutTrailingSlash(entry: string): string {
  return entry.length > 1 ? entry.replace(/\/+$/, '') : entry;
}
