/**
 * `engineCallError` (main/core/failures.ts): what the Images screen and the update checks answer when a call to the
 * engine fails. Its own tests, so that the rule modules' mutation run (tests/unit/vitest.mutation.config.ts) reaches
 * it: an unreachable engine says where and what to do, anything else passes on what the engine said.
 */
import { describe, expect, it } from 'vitest';
import { engineCallError } from '../../../main/core/failures';
import { StevedoreError } from '../../../main/core/errors';

/** What docker-modem rejects with when the socket is not there. */
function socketError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('a failed engine call', () => {
  it('says the engine at its address is not reachable, with the socket error and what to do', () => {
    const cause = socketError('ECONNREFUSED', 'connect ECONNREFUSED /var/run/docker.sock');
    const error = engineCallError(cause, 'unix:///var/run/docker.sock');
    expect(error).toBeInstanceOf(StevedoreError);
    expect(error.code).toBe('ENGINE_UNREACHABLE');
    expect(error.message).toBe(
      'The container engine at unix:///var/run/docker.sock is not reachable (connect ECONNREFUSED /var/run/docker.sock). Start Docker, or choose the right engine in Settings.',
    );
    expect(error.cause).toBe(cause);
  });

  it('leaves the address out when there is none to name', () => {
    const error = engineCallError(socketError('ENOENT', 'connect ENOENT /run/podman/podman.sock'), undefined);
    expect(error.code).toBe('ENGINE_UNREACHABLE');
    expect(error.message).toBe(
      'The container engine is not reachable (connect ENOENT /run/podman/podman.sock). Start Docker, or choose the right engine in Settings.',
    );
  });

  it("passes on the engine's own words when it answered with an error", () => {
    const cause = Object.assign(new Error('(HTTP code 500) server error - layer store is locked'), {
      statusCode: 500,
      json: { message: 'layer store is locked' },
    });
    const error = engineCallError(cause, 'unix:///var/run/docker.sock');
    expect(error.code).toBe('ENGINE_ERROR');
    expect(error.message).toBe('The engine reported: layer store is locked');
    expect(error.cause).toBe(cause);
  });
});
