import { useState } from 'react';
import type { StackView } from '../../preload/api';
import { liveValueStore, useAction, useLiveValue } from '../bridge';
import { Button, EmptyState, ErrorCard, ScreenLayout, Spinner, StacksIcon } from '../components';
import { SelectField } from '../components/SelectField';
import type { ScreenProps } from '../navigation/screenProps';
import { navigate } from '../navigation/route';
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
      <div className="stacks-screen__layout">
        {/* Narrow windows get the list as a picker above the page (the CSS shows one or the other). */}
        <SelectField
          className="stacks-screen__picker"
          label="Stack"
          value={selectedId ?? ''}
          onValueChange={(id) => navigate('stacks', id)}
          options={[
            ...(selectedId === undefined ? [{ value: '', label: 'Choose a stack…' }] : []),
            ...list.map((stack) => ({ value: stack.id, label: stack.readOnly ? `${stack.name} (started outside Stevedore)` : stack.name })),
          ]}
          data-testid="stack-picker"
        />
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
