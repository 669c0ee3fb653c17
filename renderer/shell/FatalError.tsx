import { BridgeMissingError } from '../bridge';
import { Button, ErrorCard, LogoMark } from '../components';
import './FatalError.css';

/** What the whole window shows when the app cannot render at all. */
export function FatalError({ error }: { error: unknown }) {
  const missingBridge = error instanceof BridgeMissingError;
  const message = error instanceof Error ? error.message : String(error);
  const detail = error instanceof Error && error.stack ? error.stack : message;
  return (
    <div className="fatal-error" data-testid="fatal-error">
      <div className="fatal-error__content">
        <div className="fatal-error__brand">
          <LogoMark size={32} />
          <span>Stevedore</span>
        </div>
        {missingBridge ? (
          <ErrorCard
            title="Stevedore’s main process is not connected"
            code="BRIDGE_MISSING"
            cause="This page was opened outside Stevedore, so there is nobody to ask about registries, images or the engine."
            fix={
              <>
                Open Stevedore itself, or run <code>npm run preview</code> and open the address it prints (it carries a one-time
                token).
              </>
            }
            detail={message}
            actions={
              <Button variant="primary" onClick={() => window.location.reload()}>
                Reload
              </Button>
            }
          />
        ) : (
          <ErrorCard
            title="Something went wrong in this window"
            cause={message}
            fix="Reload the window. Running pulls and stacks are kept by the main process, so nothing is lost."
            detail={detail}
            actions={
              <Button variant="primary" onClick={() => window.location.reload()}>
                Reload
              </Button>
            }
          />
        )}
      </div>
    </div>
  );
}
