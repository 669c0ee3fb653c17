import { ProcessRunError, type ProcessRequest, type ProcessResult, type ProcessRunner } from '../../../main/core/docker-config';

export interface StoredHelperCredential {
  Username: string;
  Secret: string;
}

/**
 * An in-process stand-in for `docker-credential-<name>` programs that answers exactly as the real protocol does
 * (the real programs are exercised in tests/integration/credential-helper.test.ts). Records every call.
 */
export function helperDouble(stores: Record<string, Record<string, StoredHelperCredential>>): {
  runHelper: ProcessRunner;
  calls: ProcessRequest[];
} {
  const calls: ProcessRequest[] = [];
  const runHelper: ProcessRunner = async (request) => {
    calls.push(request);
    const name = request.command.replace(/^docker-credential-/, '');
    const store = stores[name];
    if (store === undefined) throw new ProcessRunError('PROCESS_NOT_FOUND', `${request.command} was not found on PATH`);
    const reply = (exitCode: number, stdout: string): ProcessResult => ({ exitCode, signal: null, stdout, stderr: '' });
    if (request.args[0] === 'list') {
      return reply(0, JSON.stringify(Object.fromEntries(Object.entries(store).map(([server, credential]) => [server, credential.Username]))));
    }
    const serverUrl = request.stdin.trim();
    const credential = store[serverUrl];
    if (credential === undefined) return reply(1, 'credentials not found in native keychain\n');
    return reply(0, JSON.stringify({ ServerURL: serverUrl, ...credential }));
  };
  return { runHelper, calls };
}
