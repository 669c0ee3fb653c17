/**
 * Engine addresses as the docker CLI accepts them (unix, npipe, tcp, ssh, http, https). Its own module so that
 * both the endpoint discovery (endpoint.ts) and the docker contexts it reads (contexts.ts) check addresses the
 * same way without importing each other.
 */
import { StevedoreError } from '../errors';

export class EngineEndpointError extends StevedoreError {
  constructor(message: string) {
    super('ENGINE_ENDPOINT_INVALID', message);
  }
}

const ADDRESS_FORMS = 'unix:///path/docker.sock, npipe:////./pipe/docker_engine, tcp://host:port or ssh://user@host';

/**
 * Checks an engine address the way the docker CLI would use it, and says exactly what is wrong and how to write
 * it. Used for the setting, `DOCKER_HOST`, contexts and "Other address…" alike, so all accept the same forms.
 */
export function parseEngineAddress(text: string): string {
  const url = text.trim();
  const refuse = (problem: string): never => {
    throw new EngineEndpointError(`"${url.slice(0, 300)}" is not an engine address Stevedore can use: ${problem}`);
  };
  if (url === '') refuse(`it is empty. Write one of ${ADDRESS_FORMS}.`);
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1];
  if (scheme === undefined) {
    if (url.startsWith('/')) return refuse(`it has no scheme. For a socket, write unix://${url}.`);
    if (/^[\w.-]+:\d+$/.test(url)) return refuse(`it has no scheme. For a TCP engine, write tcp://${url} (or ssh://user@host for SSH).`);
    return refuse(`it does not start with a scheme. Write one of ${ADDRESS_FORMS}.`);
  }
  if (/\s/.test(url)) refuse(`it contains a space. Write one of ${ADDRESS_FORMS}, without spaces.`);
  const lower = scheme.toLowerCase();
  if (!['unix', 'npipe', 'tcp', 'ssh', 'http', 'https'].includes(lower) || lower !== scheme) {
    refuse(`the scheme "${scheme}" is not one the engine speaks. Write one of ${ADDRESS_FORMS}.`);
  }
  if (lower === 'unix') {
    if (!url.startsWith('unix:///') || url.length <= 'unix:///'.length) refuse('a socket path must be absolute. Write unix:///path/to/docker.sock (three slashes).');
    return url;
  }
  if (lower === 'npipe') {
    if (!/^npipe:\/\/\/\/\.\/pipe\/[^/\\]+$/.test(url)) refuse('write a named pipe as npipe:////./pipe/<name>, e.g. npipe:////./pipe/docker_engine.');
    return url;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return refuse(`it is not a valid ${lower}:// address (check the host name and that the port is a number up to 65535). Write e.g. ${lower === 'ssh' ? 'ssh://user@host or ssh://user@host:2222' : 'tcp://host:2376'}.`);
  }
  if (parsed.hostname === '') refuse(`it names no host. Write e.g. ${lower === 'ssh' ? 'ssh://user@host' : `${lower}://host:2376`}.`);
  if (parsed.search !== '' || parsed.hash !== '') refuse(`an engine address has no "?" or "#" part. Write ${lower}://${parsed.host}.`);
  if (lower !== 'ssh' && (parsed.username !== '' || parsed.password !== '')) {
    refuse(`a ${lower}:// address cannot carry a user name or password. Write ${lower}://${parsed.host}, with TLS certificates for authentication.`);
  }
  if (lower === 'ssh' && parsed.password !== '') refuse('an ssh:// address must not contain a password: use an SSH key or agent, and write ssh://user@host.');
  if (parsed.pathname !== '' && parsed.pathname !== '/') refuse(`an engine address has no path. Write ${lower}://${parsed.host}.`);
  return url;
}
