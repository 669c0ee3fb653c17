import { useId, useState, type FormEvent } from 'react';
import type { StackView } from '../../preload/api';
import { useAction } from '../bridge';
import { Badge, Button, ConfirmDialog, Dialog, ErrorCard, PropertyList, Spinner, TextField } from '../components';
import { TrashIcon } from '../components/moreIcons';
import { navigate } from '../navigation/route';
import { clearDraft } from './drafts';
import { stackSourceText, stackStateText } from './stackText';
import { StackUpdates } from '../updates/StackUpdates';
import './StackHeader.css';

export interface StackHeaderProps {
  view: StackView;
  headingId: string;
  /** The project name or env file changed: what was read with the old ones (preflight, problems) is stale. */
  onSettingsChanged?: () => void;
}

type OpenDialog = 'delete' | 'project' | undefined;

/** Name, state, where the stack comes from, its project name and env file, and the actions on the stack itself. */
export function StackHeader({ view, headingId, onSettingsChanged }: StackHeaderProps) {
  const [dialog, setDialog] = useState<OpenDialog>(undefined);
  const chooseEnv = useAction('stacks.chooseEnvFile');
  const switchEngine = useAction('engine.choose');
  const state = stackStateText(view);
  const close = (): void => setDialog(undefined);
  const changeEnvFile = async (clear: boolean): Promise<void> => {
    const result = await chooseEnv.run(clear ? { id: view.id, clear } : { id: view.id });
    if (result.ok) onSettingsChanged?.();
  };

  return (
    <header className="stack-header">
      <div className="stack-header__top">
        <div className="stack-header__title">
          <h2 id={headingId} className="stack-header__name">
            {view.name}
          </h2>
          {view.deployId ? (
            <Badge tone="accent" icon={<Spinner size="sm" />}>
              Deploying
            </Badge>
          ) : (
            <Badge tone={state.tone} data-testid="stack-status">
              {state.label}
            </Badge>
          )}
          {view.readOnly && <Badge>Read-only</Badge>}
        </div>
        {!view.readOnly && (
          <Button size="sm" variant="ghost" icon={<TrashIcon size={14} />} onClick={() => setDialog('delete')} data-testid="stack-delete">
            {view.kind === 'app' ? 'Delete…' : 'Remove from list…'}
          </Button>
        )}
      </div>
      <PropertyList
        className="stack-header__facts"
        items={[
          { label: 'Source', value: stackSourceText(view), mono: view.kind === 'file', testId: 'stack-source' },
          {
            label: 'Project',
            value: (
              <span className="stack-header__inline">
                <span className="mono">{view.project}</span>
                {view.projectNameOverride && <span className="muted">(your choice)</span>}
                {!view.readOnly && (
                  <Button size="sm" variant="ghost" onClick={() => setDialog('project')} aria-label="Change the project name">
                    Change…
                  </Button>
                )}
              </span>
            ),
          },
          view.kind === 'file' && {
            label: 'Env file',
            value: (
              <span className="stack-header__inline">
                {view.envFile ? <span className="mono">{view.envFile}</span> : <span className="muted">The .env beside the compose file, if any</span>}
                <Button size="sm" variant="ghost" busy={chooseEnv.pending} onClick={() => void changeEnvFile(false)}>
                  Choose…
                </Button>
                {view.envFile && (
                  <Button size="sm" variant="ghost" disabled={chooseEnv.pending} onClick={() => void changeEnvFile(true)}>
                    Use the .env beside it
                  </Button>
                )}
              </span>
            ),
          },
          // Updates of a stack running here (issue 14): main says which services changed; Update stack recreates only those.
          view.state !== 'not-deployed' && view.onOtherEngine === undefined && { label: 'Updates', value: <StackUpdates view={view} /> },
          view.problem !== undefined && { label: 'Problem', value: <span className="stack-header__problem">{view.problem}</span> },
          view.onOtherEngine !== undefined &&
            view.deployedEngine !== undefined && {
              label: 'Engine',
              value: (
                <span className="stack-header__inline" data-testid="stack-other-engine">
                  <span className="stack-header__problem">{view.onOtherEngine}</span>
                  {/* Main confirms the switch in its own dialog, as in Settings; the renderer only names main's choice. */}
                  <Button size="sm" disabled={switchEngine.pending} onClick={() => void switchEngine.run({ id: view.deployedEngine?.choice ?? '' })}>
                    Switch to this engine
                  </Button>
                </span>
              ),
            },
        ]}
      />
      {switchEngine.error && <ErrorCard title="Could not switch the engine" code={switchEngine.error.code} cause={switchEngine.error.message} headingLevel={3} />}
      {chooseEnv.error && <ErrorCard title="Could not change the env file" code={chooseEnv.error.code} cause={chooseEnv.error.message} headingLevel={3} />}
      {dialog === 'delete' && <DeleteStackDialog view={view} onClose={close} />}
      {dialog === 'project' && (
        <ProjectNameDialog
          view={view}
          onClose={close}
          onChanged={() => {
            close();
            onSettingsChanged?.();
          }}
        />
      )}
    </header>
  );
}

function DeleteStackDialog({ view, onClose }: { view: StackView; onClose: () => void }) {
  const remove = useAction('stacks.delete');
  const isApp = view.kind === 'app';
  const confirm = async (): Promise<void> => {
    const result = await remove.run({ id: view.id });
    if (!result.ok) return;
    clearDraft(view.id);
    onClose();
    navigate('stacks');
  };
  return (
    <ConfirmDialog
      title={isApp ? `Delete “${view.name}”?` : `Remove “${view.name}” from the list?`}
      message={
        isApp
          ? 'Stevedore deletes its compose.yaml and .env. A stack that still has containers cannot be deleted: take it down first.'
          : 'Stevedore forgets this stack. The compose file stays where it is, and its containers keep running.'
      }
      confirmLabel={isApp ? 'Delete stack' : 'Remove'}
      tone="danger"
      pending={remove.pending}
      onConfirm={() => void confirm()}
      onCancel={onClose}
      data-testid="stack-delete-dialog"
      confirmTestId="stack-delete-confirm"
    >
      {remove.error && <ErrorCard title="Could not delete the stack" code={remove.error.code} cause={remove.error.message} headingLevel={3} />}
    </ConfirmDialog>
  );
}

function ProjectNameDialog({ view, onClose, onChanged }: { view: StackView; onClose: () => void; onChanged: () => void }) {
  const formId = useId();
  const [name, setName] = useState(view.projectNameOverride ?? '');
  const update = useAction('stacks.setProjectName');
  const apply = async (projectName: string | undefined): Promise<void> => {
    const result = await update.run(projectName === undefined ? { id: view.id } : { id: view.id, projectName });
    if (result.ok) onChanged();
  };
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void apply(name.trim() === '' ? undefined : name.trim());
  };
  return (
    <Dialog
      open
      size="md"
      onClose={onClose}
      dismissible={!update.pending}
      title="Project name"
      description="Compose names the containers, networks and volumes of the stack after it. Changing it makes a different project: deploy again to use it."
      footer={
        <>
          {view.projectNameOverride && (
            <Button variant="ghost" onClick={() => void apply(undefined)} disabled={update.pending}>
              Use compose’s own name
            </Button>
          )}
          <Button onClick={onClose} disabled={update.pending}>
            Cancel
          </Button>
          <Button variant="primary" type="submit" form={formId} busy={update.pending}>
            Save
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={submit}>
        <TextField
          label="Project name"
          help={`Empty: compose decides (now “${view.project}”). Lowercase letters, digits, “_” and “-”.`}
          value={name}
          placeholder={view.project}
          onChange={(event) => {
            setName(event.target.value);
            if (update.error) update.reset();
          }}
          error={update.error?.message}
          monospace
          autoComplete="off"
        />
      </form>
    </Dialog>
  );
}
