import type { AppInfo } from '../../preload/api';

/** What the shell reports about the app, for unit tests that build the whole core (createCore). */
export const testAppInfo: AppInfo = {
  name: 'Stevedore',
  version: '0.0.0',
  runtime: 'electron',
  platform: 'linux',
  arch: 'x64',
  versions: { node: process.versions.node },
  secretStorage: { kind: 'memory', description: 'in memory' },
};
