/**
 * Editing the list of stacks (stacks.md): writing app stacks, opening compose files from disk, choosing their env
 * file and project name, and removing them. The stack service (main/core/stacks/service.ts) hands these calls here;
 * each change publishes the list through it.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { StackDetail, StackView } from '../../../preload/api';
import { appId, fileRecordId, StackError, toKnown, type StackCatalogue } from './catalogue';
import { checkProjectName } from './project-name';
import { resolveComposeSource } from './sources';
import type { ProjectWatcher } from './status';
import type { StackStore } from './store';

export interface StackEditingOptions {
  store: StackStore;
  catalogue: StackCatalogue;
  watcher: ProjectWatcher;
  /** Throws STACK_BUSY while the stack is being deployed or acted on. */
  refuseWhileBusy: (stackId: string) => void;
  /** Sends the stack list again after a change. */
  publish: () => void;
  /** Main's open dialog for a compose file or a project folder; undefined when the user cancels. */
  chooseComposeSource?: (options: { defaultPath?: string }) => Promise<string | undefined>;
  /** Main's open dialog for an env file. */
  chooseEnvFile?: (options: { defaultPath?: string }) => Promise<string | undefined>;
}

export class StackEditing {
  constructor(private readonly options: StackEditingOptions) {}

  async create(input: { name: string; yaml: string; env?: string }): Promise<StackDetail> {
    const content = input.env === undefined || input.env === '' ? { yaml: input.yaml } : { yaml: input.yaml, env: input.env };
    await this.options.store.createAppStack(input.name, content);
    this.options.publish();
    return this.options.catalogue.detail(appId(input.name));
  }

  async save(input: { id: string; yaml: string; env?: string }): Promise<StackDetail> {
    const stack = await this.options.catalogue.requireStack(input.id);
    if (stack.kind !== 'app') throw new StackError('STACK_READ_ONLY', 'Only stacks written in Stevedore are edited here; edit an opened compose file in your editor.');
    await this.options.store.saveAppStack(stack.name, input.env === undefined ? { yaml: input.yaml } : { yaml: input.yaml, env: input.env });
    this.options.catalogue.forget(stack.id);
    this.options.publish();
    return this.options.catalogue.detail(stack.id);
  }

  /** App stacks: deletes their files (refused while the stack has containers). Opened files: forgets them. */
  async delete(id: string): Promise<boolean> {
    const stack = await this.options.catalogue.requireStack(id);
    this.options.refuseWhileBusy(stack.id);
    if (stack.kind === 'app') {
      const project = await this.options.catalogue.projectNameOf(stack);
      if (this.options.watcher.containers(project).length > 0) {
        throw new StackError('STACK_RUNNING', `"${stack.name}" still has containers on the engine. Take it down first, then delete it.`);
      }
      await this.options.store.deleteAppStack(stack.name);
    } else if (!(await this.options.store.removeFileStack(fileRecordId(stack)))) {
      throw new StackError('STACK_NOT_FOUND', 'That stack is no longer in the list.');
    }
    this.options.catalogue.forget(stack.id);
    this.options.publish();
    return true;
  }

  /** Asks main's dialog for a compose file or folder; `forId` (a stack found on the engine) suggests its folder. */
  async open(forId?: string): Promise<StackView | undefined> {
    const choose = this.options.chooseComposeSource;
    if (!choose) throw new StackError('DIALOG_UNAVAILABLE', 'Opening files is not available here.');
    let defaultPath: string | undefined;
    if (forId !== undefined) {
      const containers = this.options.watcher.containers(this.options.catalogue.externalProject(forId));
      defaultPath = containers.find((container) => container.workingDir)?.workingDir ?? containers.find((c) => c.configFiles)?.configFiles?.split(',')[0];
    }
    const chosen = await choose(defaultPath === undefined ? {} : { defaultPath });
    if (chosen === undefined) return undefined;
    const file = await resolveComposeSource(chosen);
    const record = await this.options.store.addFileStack(file);
    this.options.publish();
    return this.options.catalogue.viewOf(toKnown(record));
  }

  async chooseEnvFile(id: string, clear = false): Promise<StackView> {
    const stack = await this.options.catalogue.requireStack(id);
    if (stack.kind !== 'file') throw new StackError('STACK_READ_ONLY', 'A stack written in Stevedore uses the .env you edit with it.');
    let envFile: string | undefined;
    if (!clear) {
      if (!this.options.chooseEnvFile) throw new StackError('DIALOG_UNAVAILABLE', 'Choosing files is not available here.');
      envFile = await this.options.chooseEnvFile({ defaultPath: path.dirname(stack.file) });
      if (envFile === undefined) return this.options.catalogue.viewOf(stack);
      if (!(await stat(envFile).catch(() => undefined))?.isFile()) throw new StackError('STACK_NOT_FOUND', `${envFile} is not a file.`);
    }
    const record = await this.options.store.updateFileStack(fileRecordId(stack), { envFile });
    this.options.catalogue.forget(stack.id);
    this.options.publish();
    return this.options.catalogue.viewOf(toKnown(record));
  }

  /** Overrides compose's choice of project name; undefined goes back to it. */
  async setProjectName(id: string, projectName: string | undefined): Promise<StackView> {
    const stack = await this.options.catalogue.requireStack(id);
    this.options.refuseWhileBusy(stack.id);
    const name = projectName?.trim() ? checkProjectName(projectName.trim(), 'The project name') : undefined;
    if (stack.kind === 'app') await this.options.store.setAppOptions(stack.name, { projectName: name });
    else await this.options.store.updateFileStack(fileRecordId(stack), { projectName: name });
    this.options.catalogue.forget(stack.id);
    this.options.publish();
    const updated = await this.options.catalogue.requireStack(id);
    return this.options.catalogue.viewOf(updated);
  }
}
