import { useEffect, useEffectEvent, useMemo, useRef, useState } from 'react';
import type { ComposeProblemView, StackDetail } from '../../preload/api';
import { useAction } from '../bridge';
import { Badge, Button, Card, CheckIcon, ErrorCard, Spinner } from '../components';
import { CodeEditor, type CodeEditorCompletions, type CodeEditorHandle } from '../components/CodeEditor';
import { useTagSuggestions } from '../pull/registryHints';
import { useDebouncedCall } from '../registries/useDebouncedCall';
import { clearDraftIfSaved, useStackDraft, type StackText } from './drafts';
import { ProblemList, problemMarks } from './ProblemList';
import { plural } from './stackText';
import './ComposeCard.css';

const VALIDATE_DELAY_MS = 400;

export interface ComposeEditorCardProps {
  detail: StackDetail;
  onSaved: (detail: StackDetail) => void;
}

/**
 * The compose file (and .env) of a stack written in Stevedore: checked by main as the user types, saved with
 * the button or Ctrl/Cmd+S. Edits survive moving away (see drafts.ts).
 */
export function ComposeEditorCard({ detail, onSaved }: ComposeEditorCardProps) {
  const stackId = detail.stack.id;
  const editorRef = useRef<CodeEditorHandle>(null);
  const saved = useMemo<StackText>(() => ({ yaml: detail.yaml ?? '', env: detail.env ?? '' }), [detail.yaml, detail.env]);
  const draft = useStackDraft(stackId, saved);
  const save = useAction('stacks.save');

  // Main checks the draft; the saved file's problems came with the detail.
  const validation = useDebouncedCall(
    'stacks.validate',
    draft.dirty ? { yaml: draft.text.yaml, name: detail.stack.name, ...(draft.text.env ? { env: draft.text.env } : {}) } : undefined,
    VALIDATE_DELAY_MS,
  );
  const validated = validation.value?.problems;
  const problems = useMemo<readonly ComposeProblemView[]>(() => (draft.dirty ? (validated ?? []) : detail.problems), [draft.dirty, validated, detail.problems]);
  const checking = draft.dirty && validation.status === 'pending';
  const marks = useMemo(() => problemMarks(problems), [problems]);

  // Tags for the `image:` value the caret is in, from the registry (main answers; the same hook as the Pull screen).
  const [caret, setCaret] = useState<number | undefined>(undefined);
  const image = caret === undefined ? undefined : imageValueBeforeCaret(draft.text.yaml, caret);
  const tagGroup = useTagSuggestions(image?.typed ?? '');
  const completions: CodeEditorCompletions | undefined =
    image === undefined || tagGroup === undefined || image.tagFrom === undefined
      ? undefined
      : { label: tagGroup.label, items: tagGroup.options.map((option) => option.value.slice(option.value.lastIndexOf(':') + 1)), from: image.tagFrom, to: caret ?? image.tagFrom };

  const saveNow = async (): Promise<void> => {
    if (!draft.dirty || save.pending) return;
    const sent = draft.text;
    const result = await save.run({ id: stackId, yaml: sent.yaml, env: sent.env });
    if (result.ok) {
      onSaved(result.value);
      clearDraftIfSaved(stackId, sent);
    }
  };

  const onShortcut = useEffectEvent((event: KeyboardEvent) => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey || event.key.toLowerCase() !== 's') return;
    // The browser's "Save page" is never what is meant here.
    event.preventDefault();
    if (document.querySelector('dialog[open]')) return;
    void saveNow();
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent): void => onShortcut(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  const errors = problems.filter((problem) => problem.severity === 'error').length;
  const warnings = problems.length - errors;

  return (
    <Card
      title="Compose file"
      headingLevel={3}
      description={<span className="mono">compose.yaml</span>}
      actions={
        <>
          {draft.dirty && (
            <Button size="sm" variant="ghost" onClick={draft.discard} disabled={save.pending}>
              Discard changes
            </Button>
          )}
          <Button
            size="sm"
            variant={draft.dirty ? 'primary' : 'secondary'}
            onClick={() => void saveNow()}
            busy={save.pending}
            disabled={!draft.dirty}
            aria-keyshortcuts="Control+S Meta+S"
            title="Save (Ctrl+S / ⌘S)"
            data-testid="stack-save"
          >
            Save
          </Button>
        </>
      }
    >
      <div className="compose-card">
        <CodeEditor
          label="Compose YAML"
          hideLabel
          value={draft.text.yaml}
          onValueChange={(yaml) => draft.update({ yaml })}
          marks={marks}
          rows={rowsFor(draft.text.yaml, 8, 24)}
          handle={editorRef}
          completions={completions}
          onCaretChange={setCaret}
          data-testid="stack-editor"
        />
        <ProblemSummary dirty={draft.dirty} checking={checking} errors={errors} warnings={warnings} failed={draft.dirty && validation.status === 'error'} />
        {problems.length > 0 && (
          <ProblemList
            problems={problems}
            label="Problems in the compose file"
            stale={checking}
            onReveal={(line, column) => editorRef.current?.revealPosition(line, column)}
            data-testid="stack-problems"
            itemTestId="stack-problem"
          />
        )}
        <CodeEditor
          label={
            <>
              Environment <span className="mono muted">.env</span>
            </>
          }
          help="Optional. Values for ${VARIABLES} in the compose file; your environment wins, as with compose."
          value={draft.text.env}
          onValueChange={(env) => draft.update({ env })}
          rows={4}
          placeholder="# NAME=value"
          data-testid="stack-env"
        />
        {save.error && <ErrorCard title="Could not save the stack" code={save.error.code} cause={save.error.message} headingLevel={3} />}
      </div>
    </Card>
  );
}

interface ProblemSummaryProps {
  dirty: boolean;
  checking: boolean;
  errors: number;
  warnings: number;
  failed: boolean;
}

/** One line under the editor saying whether the text is saved and what main found, announced politely. */
function ProblemSummary({ dirty, checking, errors, warnings, failed }: ProblemSummaryProps) {
  let text;
  if (failed) text = <span>Could not check the file.</span>;
  else if (checking)
    text = (
      <span className="row compose-card__checking">
        <Spinner size="sm" /> Checking…
      </span>
    );
  else if (errors + warnings === 0)
    text = (
      <span className="icon-text tone-success">
        <CheckIcon size={14} /> No problems found
      </span>
    );
  else text = <span>{[errors > 0 && plural(errors, 'error'), warnings > 0 && plural(warnings, 'warning')].filter(Boolean).join(', ')}</span>;
  return (
    <div className="compose-card__summary" aria-live="polite">
      {dirty ? <Badge tone="warning">Unsaved changes</Badge> : <Badge>Saved</Badge>}
      {text}
    </div>
  );
}

export interface ComposeFileCardProps {
  detail: StackDetail;
  onReload: () => void;
  reloading: boolean;
}

/** An opened compose file: shown as it is on disk (edited in the user's own editor), with its problems. */
export function ComposeFileCard({ detail, onReload, reloading }: ComposeFileCardProps) {
  const editorRef = useRef<CodeEditorHandle>(null);
  const marks = useMemo(() => problemMarks(detail.problems), [detail.problems]);
  return (
    <Card
      title="Compose file"
      headingLevel={3}
      description="Edit it in your own editor: Stevedore reads it again for every preflight and deploy."
      actions={
        <Button size="sm" onClick={onReload} busy={reloading}>
          Read again
        </Button>
      }
    >
      <div className="compose-card">
        {detail.yaml === undefined ? (
          <p className="muted compose-card__missing">The file could not be read.</p>
        ) : (
          <CodeEditor
            label="Compose file (read-only)"
            hideLabel
            value={detail.yaml}
            readOnly
            marks={marks}
            rows={rowsFor(detail.yaml, 6, 24)}
            handle={editorRef}
            data-testid="stack-file-view"
          />
        )}
        {detail.problems.length > 0 && (
          <ProblemList
            problems={detail.problems}
            label="Problems in the compose file"
            onReveal={detail.yaml === undefined ? undefined : (line, column) => editorRef.current?.revealPosition(line, column)}
            data-testid="stack-problems"
            itemTestId="stack-problem"
          />
        )}
      </div>
    </Card>
  );
}

/** Tall enough for the text (plus a line to type on), within limits; the editor can still be resized. */
function rowsFor(text: string, min: number, max: number): number {
  return Math.min(max, Math.max(min, text.split('\n').length + 1));
}

/**
 * The `image:` value on the caret's line, up to the caret (`name:partial-tag`), and where the tag part starts.
 * Only locating the text: which tags exist is main's answer.
 */
function imageValueBeforeCaret(yaml: string, caret: number): { typed: string; tagFrom: number | undefined } | undefined {
  const lineStart = yaml.lastIndexOf('\n', caret - 1) + 1;
  const before = yaml.slice(lineStart, caret);
  const match = /^\s*(?:-\s+)?image:\s*["']?/.exec(before);
  if (match === null) return undefined;
  const typed = before.slice(match[0].length);
  if (/[\s"'#]/.test(typed)) return undefined;
  const colon = typed.lastIndexOf(':');
  return { typed, tagFrom: colon === -1 || colon < typed.lastIndexOf('/') ? undefined : lineStart + match[0].length + colon + 1 };
}
