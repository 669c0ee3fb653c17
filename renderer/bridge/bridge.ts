import type { StevedoreBridge } from '../../preload/api';

/** The page was opened without Stevedore's preload script or preview bridge, so there is no main process to ask. */
export class BridgeMissingError extends Error {
  override readonly name = 'BridgeMissingError';

  constructor() {
    super(
      'window.stevedore is missing: this page is not connected to Stevedore’s main process. ' +
        'Open it from the Stevedore app, or run `npm run preview` and open the address it prints.',
    );
  }
}

export function getBridge(): StevedoreBridge {
  const bridge = window.stevedore;
  if (!bridge) throw new BridgeMissingError();
  return bridge;
}
