import type { ReactNode } from 'react';
import { getBridge } from './bridge';
import { ErrorBoundary } from './components';
import { AppShell } from './shell/AppShell';
import { FatalError } from './shell/FatalError';
import { UpdatesProvider } from './updates/useUpdates';

export function App() {
  return (
    <ErrorBoundary fallback={(error) => <FatalError error={error} />}>
      <BridgeGate>
        <UpdatesProvider>
          <AppShell />
        </UpdatesProvider>
      </BridgeGate>
    </ErrorBoundary>
  );
}

/** Fails during render when there is no bridge, so the boundary above shows why instead of a blank window. */
function BridgeGate({ children }: { children: ReactNode }) {
  getBridge();
  return children;
}
