import Docker from 'dockerode';
import type { Bench } from '../../tests/env/bench';

export { plainRegistryDiffIds, removeImagesHoldingLayers } from '../../tests/integration/reliability/support/engine-layers';

export function benchDocker(bench: Bench): Docker {
  return new Docker({ socketPath: bench.dockerHost.replace(/^unix:\/\//, '') });
}
