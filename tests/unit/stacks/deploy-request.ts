/** A deploy request for DeployRun's unit tests: stack `app:shop` planned by `preflight`, compose run as `program`. */
import type { DeployRequest } from '../../../main/core/stacks/deploy';
import type { Preflight } from '../../../main/core/stacks/preflight';

export function deployRequest(preflight: Preflight, program: string, rest: Pick<DeployRequest, 'puller'> & Partial<DeployRequest>): DeployRequest {
  return {
    id: 'deploy-1',
    stackId: 'app:shop',
    redeploy: false,
    preflight: async () => preflight,
    compose: async () => ({ program, prefix: [], kind: 'standalone' as const, version: '2.26.1', description: program }),
    composeEnv: () => ({ PATH: process.env.PATH }),
    followWhileComposing: () => async () => [],
    secrets: () => [],
    onUpdate: () => undefined,
    throttleMs: 0,
    ...rest,
  };
}
