import { useLayoutEffect, useRef, useState } from 'react';
import type { StackView } from '../../preload/api';
import { liveValueStore, useAction, useLiveValue } from '../bridge';
import { Button, EmptyState, ErrorCard, ScreenLayout, Spinner, StacksIcon, classNames } from '../components';
import { SelectField } from '../components/SelectField';
import type { ScreenProps } from '../navigation/screenProps';
import { hrefFor, navigate } from '../navigation/route';
import { NewStackDialog } from '../stacks/NewStackDialog';
import { StackList } from '../stacks/StackList';
import { StackPanel } from '../stacks/StackPanel';
import './StacksScreen.css';

/**
 * Compose stacks: the list (written here, opened from disk, or found on the engine) and the chosen stack's page
 * (`#/stacks/<id>`, which notifications open): its compose file, preflight, deploy, services and logs.
 */
export function StacksScreen({ path }: ScreenProps) {
  const stacks = useLiveValue('stacks.list', 'stacks.changed');
  const [newOpen, setNewOpen] = useState(false);
  const open = useAction('stacks.open');
  const selectedId = path[0];
  const list = stacks.value;
  const pickerRef = useRef<HTMLSelectElement>(null);
  const layoutRef = useRef<HTMLDivElement>(null);
  const shownBefore = useRef(selectedId);
  // Narrow, choosing a stack from the list hides the list (StacksScreen.css) and the row that had the focus with it:
  // the focus goes to the picker, which names the chosen stack and from which Tab goes on into its page. Back on the
  // list (All stacks), the focus left with the picker and goes to the row of the stack that was shown.
  useLayoutEffect(() => {
    const before = shownBefore.current;
    shownBefore.current = selectedId;
    const focused = document.activeElement;
    if (selectedId !== undefined) {
      if (focused instanceof HTMLElement && focused.closest('.stack-list') !== null && focused.getClientRects().length === 0) pickerRef.current?.focus();
    } else if (before !== undefined && (focused === null || focused === document.body)) {
      layoutRef.current?.querySelector<HTMLElement>(`.stack-row__link[href="${CSS.escape(hrefFor('stacks', before))}"]`)?.focus();
    }
  }, [selectedId]);

  const openFile = async (forStack?: StackView): Promise<void> => {
    const result = await open.run(forStack ? { for: forStack.id } : {});
    if (result.ok && result.value.opened) navigate('stacks', result.value.opened.id);
  };

  const actions = (
    <>
      <Button busy={open.pending} onClick={() => void openFile()} data-testid="stack-open">
        Open compose file…
      </Button>
      <Button variant="primary" onClick={() => setNewOpen(true)} data-testid="stack-new">
        New stack
      </Button>
    </>
  );

  let content;
  if (stacks.status === 'error') {
    content = (
      <ErrorCard
        title="Could not load the stacks"
        code={stacks.error.code}
        cause={stacks.error.message}
        actions={<Button onClick={() => liveValueStore('stacks.list', 'stacks.changed').reload()}>Try again</Button>}
      />
    );
  } else if (!list) {
    content = <Spinner label="Loading stacks" />;
  } else if (list.length === 0 && selectedId === undefined) {
    content = (
      <EmptyState
        icon={<StacksIcon size={24} />}
        title="No stacks yet"
        data-testid="stacks-empty"
      >
        {/* The header's buttons are the only ones: repeated here, Tab reached each twice. */}
        <p>
          A stack is a compose project: services, the images they run, their ports and volumes. Write one with <strong>New stack</strong>, or
          open a <code>compose.yaml</code> you already have with <strong>Open compose file…</strong> above.
        </p>
        <p>Before Docker Compose starts anything, Stevedore pulls every image with its own credentials, so a failed pull never takes a running stack down.</p>
        <p>Projects started with <code>docker compose</code> elsewhere show up here on their own.</p>
      </EmptyState>
    );
  } else {
    content = (
      <div ref={layoutRef} className={classNames('stacks-screen__layout', selectedId !== undefined && 'stacks-screen__layout--chosen')}>
        {/* Narrow windows show the list until a stack is chosen, then its page under a picker (StacksScreen.css). */}
        {selectedId !== undefined && (
          <div className="stacks-screen__picker">
            <SelectField
              ref={pickerRef}
              label="Stack"
              value={selectedId}
              onValueChange={(id) => navigate('stacks', id)}
              options={[
                ...(list.some((stack) => stack.id === selectedId) ? [] : [{ value: selectedId, label: 'A stack no longer listed' }]),
                ...list.map((stack) => ({ value: stack.id, label: stack.readOnly ? `${stack.name} (started outside Stevedore)` : stack.name })),
              ]}
              data-testid="stack-picker"
            />
            <a href={hrefFor('stacks')} className="stacks-screen__all" data-testid="stack-picker-all">
              All stacks
            </a>
          </div>
        )}
        <StackList stacks={list} selectedId={selectedId} onAdopt={(stack) => void openFile(stack)} adopting={open.pending} />
        <div className="stacks-screen__detail">
          {selectedId !== undefined ? (
            <StackPanel key={selectedId} id={selectedId} listed={list.find((stack) => stack.id === selectedId)} />
          ) : (
            <div className="empty-state stacks-screen__choose">
              <StacksIcon size={24} />
              <p>Choose a stack to see its compose file, preflight, services and logs.</p>
            </div>
          )}
        </div>
      </div>
    );
  }

  return (
    <ScreenLayout id="stacks" title="Stacks" description="Compose projects on the connected engine, every image pulled with its own credentials first." actions={actions}>
      <div className="stacks-screen">
        {open.error && (
          <ErrorCard
            title="Could not open the compose file"
            code={open.error.code}
            cause={open.error.message}
            actions={
              <Button size="sm" onClick={open.reset}>
                Dismiss
              </Button>
            }
          />
        )}
        {content}
      </div>
      {newOpen && (
        <NewStackDialog
          onClose={() => setNewOpen(false)}
          onCreated={(detail) => {
            setNewOpen(false);
            navigate('stacks', detail.stack.id);
          }}
        />
      )}
    </ScreenLayout>
  );
}
