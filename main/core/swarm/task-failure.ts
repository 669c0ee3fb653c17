/**
 * A Swarm task's error in the error catalogue's words (../failures.ts). A node that cannot pull an image does not
 * say why in the task: the engine logs the registry's answer and the task only reads `No such image: REF`
 * (state `rejected`). So for that error Stevedore asks the manager for the image's distribution info with the
 * credential it resolves for the image (what the deploy handed over), and the registry's answer — unauthorized,
 * denied, not found, unreachable — picks the catalogue entry; the task's own words stay in the detail.
 */
import type Docker from 'dockerode';
import type { FailureView } from '../../../preload/api';
import { classifyEngineError, classifyMessage, describeFailure, messageOf, type FailureCode, type FailureContext } from '../failures';
import { fetchDistribution } from '../pull/platform';
import { describeCredentialUsed } from '../pull/credentials';
import { redactKnownSecrets } from '../docker-config/redact';
import { parseImageReference } from '../credentials/reference';
import type { CredentialResolution } from '../credentials/resolve';

const NO_SUCH_IMAGE = /^No such image: /i;

export interface TaskErrorRequest {
  docker: Docker;
  image: string;
  error: string;
  resolve: (image: string) => Promise<CredentialResolution>;
  engineEndpoint?: string;
  /** Deadline of the check with the registry. */
  timeoutMs?: number;
}

export async function explainTaskError(request: TaskErrorRequest): Promise<FailureView> {
  const reference = parseImageReference(request.image);
  const resolution = await request.resolve(reference.canonical);
  const context: FailureContext = {
    image: reference.familiarReference,
    registryHost: reference.host,
    credential: describeCredentialUsed(resolution.explanation),
    credentialSource: resolution.explanation,
  };
  if (request.engineEndpoint !== undefined) context.engineEndpoint = request.engineEndpoint;
  let code: FailureCode = classifyMessage(request.error);
  let detail = request.error;
  if (NO_SUCH_IMAGE.test(request.error)) {
    const answer = await registryAnswer(request.docker, reference.pullReference, resolution, request.timeoutMs ?? 15_000);
    if (answer !== undefined) {
      code = answer.code;
      detail = `${request.error} — the node could not pull it; the registry says: ${answer.text}`;
    } else {
      detail = `${request.error} — the node could not pull it, though the registry serves it now with these credentials; deploy again or force an update.`;
    }
  }
  const secrets = [resolution.auth?.password, resolution.auth?.identitytoken];
  return { ...describeFailure(code, context, redactKnownSecrets(detail, secrets)), credential: resolution.explanation.summary };
}

/** What the registry answers the manager for this image with this credential; undefined when it serves it. */
async function registryAnswer(docker: Docker, pullReference: string, resolution: CredentialResolution, timeoutMs: number): Promise<{ code: FailureCode; text: string } | undefined> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    await fetchDistribution(docker, pullReference, resolution.auth, signal);
    return undefined;
  } catch (error) {
    const text = messageOf(error).replace(/^\(HTTP code \d+\) [a-z ]+ - /i, '');
    return { code: classifyEngineError(error), text };
  }
}
