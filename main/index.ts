/** The Electron main process entry (built to dist/main/index.js). */
import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { withToolFolders } from './core/process/tool-path';
import { launch } from './launch';

// Before anything starts a program: on macOS an app opened from Finder or the Dock has launchd's short PATH,
// without the folders docker, Compose and the credential helpers live in (main/core/process/tool-path.ts).
const toolPath = withToolFolders({ platform: process.platform, currentPath: process.env.PATH, homedir: homedir(), isDirectory });
if (toolPath !== undefined) process.env.PATH = toolPath;

launch();

function isDirectory(folder: string): boolean {
  try {
    return statSync(folder).isDirectory();
  } catch {
    return false;
  }
}
