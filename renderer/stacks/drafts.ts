/**
 * Unsaved edits of app stacks, per stack id, for this window's lifetime: moving to another stack or screen and
 * back keeps what was typed. Cleared when the stack is saved.
 */
import { useCallback, useSyncExternalStore } from 'react';

export interface StackText {
  yaml: string;
  env: string;
}

const drafts = new Map<string, StackText>();
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function emit(): void {
  for (const listener of listeners) listener();
}

export function setDraft(stackId: string, draft: StackText): void {
  drafts.set(stackId, draft);
  emit();
}

export function clearDraft(stackId: string): void {
  if (drafts.delete(stackId)) emit();
}

/** After a save: forgets the draft only if nothing was typed while the save was in flight. */
export function clearDraftIfSaved(stackId: string, sent: StackText): void {
  const draft = drafts.get(stackId);
  if (draft && draft.yaml === sent.yaml && draft.env === sent.env) clearDraft(stackId);
}

export interface DraftState {
  /** What the editor shows: the draft, else the saved text. */
  text: StackText;
  dirty: boolean;
  update: (change: Partial<StackText>) => void;
  discard: () => void;
}

/** The editor's text for a stack whose saved text is `saved`. */
export function useStackDraft(stackId: string, saved: StackText): DraftState {
  const draft = useSyncExternalStore(subscribe, () => drafts.get(stackId));
  const text = draft ?? saved;
  const dirty = draft !== undefined && (draft.yaml !== saved.yaml || draft.env !== saved.env);
  const update = useCallback(
    (change: Partial<StackText>) => {
      const currentText = drafts.get(stackId) ?? saved;
      setDraft(stackId, { ...currentText, ...change });
    },
    [stackId, saved],
  );
  const discard = useCallback(() => clearDraft(stackId), [stackId]);
  return { text, dirty, update, discard };
}

/** Whether a stack has unsaved edits, for places that only need to know (the Deploy button). */
export function useHasDraft(stackId: string, saved: StackText | undefined): boolean {
  const draft = useSyncExternalStore(subscribe, () => drafts.get(stackId));
  return draft !== undefined && saved !== undefined && (draft.yaml !== saved.yaml || draft.env !== saved.env);
}
