import { useEffect, useId, useRef, useState } from 'react';
import { useEngineStatus } from '../bridge';
import { Button, ChevronDownIcon, RefreshIcon, StatusDot, classNames } from '../components';
import { EngineDetails } from './EngineDetails';
import type { ConnectedEngine } from './engineText';
import { useSecondsUntil } from './useSecondsUntil';
import './EngineStatusIndicator.css';

type IndicatorState = 'connected' | 'connecting' | 'disconnected';

/**
 * The engine connection, always in view at the bottom of the sidebar. Connected, it is one line with the
 * details a click away; otherwise it says why, what to do, which endpoint was tried, and offers Retry now.
 */
export function EngineStatusIndicator() {
  const engine = useEngineStatus();
  const { status } = engine;

  if (status?.state === 'connected') return <ConnectedIndicator status={status} />;

  // No answer yet counts as connecting; a failed `engine.status` call means we cannot know, so: disconnected.
  const state: IndicatorState = status ? status.state : engine.error ? 'disconnected' : 'connecting';
  const reason = status ? status.reason : engine.error?.message;
  const fix = status ? status.fix : engine.error ? 'Restart Stevedore; if this keeps happening, its log says why.' : undefined;
  const title = state === 'disconnected' ? 'Disconnected' : status ? 'Connecting…' : 'Checking engine…';

  return (
    <div
      className={classNames('engine-status', 'engine-status--panel', `engine-status--${state}`)}
      data-testid="engine-status"
      data-state={state}
    >
      <div className="engine-status__headline">
        <StatusDot tone={state === 'disconnected' ? 'danger' : 'warning'} pulse={state === 'connecting'} />
        <span className="engine-status__title">{title}</span>
      </div>
      {reason && (
        <p className="engine-status__reason" data-testid="engine-reason">
          {reason}
        </p>
      )}
      {fix && (
        <p className="engine-status__fix" data-testid="engine-fix">
          {fix}
        </p>
      )}
      {status?.endpoint && (
        <p className="engine-status__endpoint">
          <span className="engine-status__endpoint-label">{state === 'disconnected' ? 'Tried ' : 'Endpoint '}</span>
          <code data-testid="engine-endpoint">{status.endpoint.url}</code>
        </p>
      )}
      <NextAttempt at={status?.nextAttemptAt} />
      {(status || engine.error) && (
        <Button
          size="sm"
          icon={<RefreshIcon size={14} />}
          busy={engine.reconnecting}
          onClick={engine.reconnect}
          className="engine-status__retry"
          data-testid="engine-retry"
        >
          Retry now
        </Button>
      )}
      {engine.reconnectError && <p className="engine-status__retry-error">Could not retry: {engine.reconnectError.message}</p>}
      <span className="visually-hidden" role="status">
        {state === 'disconnected' ? `Engine disconnected. ${reason ?? ''}` : 'Connecting to the engine.'}
      </span>
    </div>
  );
}

function NextAttempt({ at }: { at: string | undefined }) {
  const seconds = useSecondsUntil(at);
  if (seconds === undefined) return null;
  return (
    <p className="engine-status__next tabular">{seconds > 0 ? `Trying again in ${seconds}\u00a0s` : 'Trying again…'}</p>
  );
}

function ConnectedIndicator({ status }: { status: ConnectedEngine }) {
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const detailsId = useId();

  useEffect(() => {
    if (!open) return;
    const closeOnOutsidePointer = (event: PointerEvent): void => {
      if (event.target instanceof Node && !rootRef.current?.contains(event.target)) setOpen(false);
    };
    document.addEventListener('pointerdown', closeOnOutsidePointer);
    return () => document.removeEventListener('pointerdown', closeOnOutsidePointer);
  }, [open]);

  return (
    <div
      ref={rootRef}
      className="engine-status engine-status--connected"
      data-testid="engine-status"
      data-state="connected"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.stopPropagation();
          setOpen(false);
        }
      }}
      // Focus moving on (Tab) closes the details: left open, they covered the screen's controls that then had focus.
      // No new focus (a click on the details' text, the window left) keeps them; clicks outside close them above.
      onBlur={(event) => {
        if (event.relatedTarget instanceof Node && !event.currentTarget.contains(event.relatedTarget)) setOpen(false);
      }}
    >
      <button
        type="button"
        className="engine-status__summary"
        aria-expanded={open}
        aria-controls={detailsId}
        title={`${status.product} at ${status.endpoint.url}`}
        onClick={() => setOpen((isOpen) => !isOpen)}
      >
        <StatusDot tone="success" />
        {/* Reads (and copies, and tests) as one line, "Engine 20.10.24 · linux/amd64"; drawn as two to fit. */}
        <span className="engine-status__version tabular" data-testid="engine-version">
          <span className="engine-status__engine">Engine {status.version}</span>
          <span className="engine-status__separator"> · </span>
          <span className="engine-status__platform">
            {status.os}/{status.arch}
          </span>
        </span>
        <ChevronDownIcon size={14} className="engine-status__chevron" />
      </button>
      <div id={detailsId} className="engine-status__popover" hidden={!open} role="group" aria-label="Engine details">
        <EngineDetails status={status} testIdPrefix="engine-details" />
      </div>
      <span className="visually-hidden" role="status">
        Engine connected.
      </span>
    </div>
  );
}
