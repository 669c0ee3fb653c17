import { useId, type KeyboardEvent } from 'react';
import type { PatternPreview as PatternPreviewAnswer } from '../../preload/api';
import { AlertIcon, CheckIcon, Spinner, TextField } from '../components';
import type { DebouncedCallState } from './useDebouncedCall';

export interface PatternPreviewProps {
  /** The chips as they are now; the preview may still be answering for an earlier list. */
  patterns: readonly string[];
  /** False until the address is one main accepts: patterns expand against it. */
  addressEntered: boolean;
  preview: DebouncedCallState<PatternPreviewAnswer>;
  sample: string;
  onSampleChange: (sample: string) => void;
  onSampleKeyDown: (event: KeyboardEvent<HTMLInputElement>) => void;
}

/** Under the pattern chips: what each pattern means on this registry, and whether an image the user tries matches. */
export function PatternPreview({ patterns, addressEntered, preview, sample, onSampleChange, onSampleKeyDown }: PatternPreviewProps) {
  const headingId = useId();
  const answer = preview.value;
  return (
    <section className="pattern-preview" aria-labelledby={headingId} data-testid="pattern-preview">
      <div className="pattern-preview__header">
        <h3 id={headingId} className="pattern-preview__title">
          What these patterns cover
        </h3>
        {preview.status === 'pending' && <Spinner size="sm" label="Updating the preview" />}
      </div>
      {!addressEntered ? (
        <p className="pattern-preview__note muted">Enter the registry's address to see what each pattern covers.</p>
      ) : patterns.length === 0 ? (
        <p className="pattern-preview__note muted">No patterns: every image on this host uses these credentials.</p>
      ) : (
        <ul className="pattern-preview__rows">
          {patterns.map((pattern) => {
            const row = answer?.patterns.find((candidate) => candidate.written === pattern);
            return (
              <li key={pattern} className="pattern-preview__row" data-testid="pattern-preview-row">
                <code>{pattern}</code>
                <span aria-hidden="true" className="pattern-preview__arrow">
                  →
                </span>
                {row?.expanded ? (
                  <code className="pattern-preview__expanded">{row.expanded}</code>
                ) : row?.error ? (
                  // The message itself is shown on the chip above; here it only needs to say the row is out.
                  <span className="pattern-preview__invalid">not valid (see above)</span>
                ) : (
                  <span className="muted">…</span>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {preview.status === 'error' && <p className="pattern-preview__note field__error">Could not preview the patterns: {preview.error.message}</p>}
      <TextField
        label="Try an image"
        monospace
        value={sample}
        placeholder="e.g. ghcr.io/team/app:1.0"
        autoComplete="off"
        help="Not saved: only to check the patterns."
        onChange={(event) => onSampleChange(event.target.value)}
        onKeyDown={onSampleKeyDown}
        data-testid="pattern-sample"
      />
      <SampleResult sampleEntered={sample.trim() !== ''} addressEntered={addressEntered} answer={answer} />
    </section>
  );
}

function SampleResult({ sampleEntered, addressEntered, answer }: { sampleEntered: boolean; addressEntered: boolean; answer: PatternPreviewAnswer | undefined }) {
  const sample = sampleEntered && addressEntered ? answer?.sample : undefined;
  return (
    // Always in the page, so the result is announced when it changes.
    <p className="pattern-preview__sample" aria-live="polite" data-testid="pattern-sample-result" data-matched={sample && !sample.error ? String(Boolean(sample.matchedBy)) : undefined}>
      {sample?.error ? (
        <span className="pattern-preview__invalid">
          <AlertIcon size={14} /> {sample.error}
        </span>
      ) : sample?.matchedBy ? (
        <span className="pattern-preview__matched">
          <CheckIcon size={14} /> <code>{sample.image}</code> matches via <code>{sample.matchedBy}</code>
        </span>
      ) : sample ? (
        <span className="pattern-preview__unmatched">
          <code>{sample.image}</code> is not matched: these credentials are not used for it.
        </span>
      ) : null}
    </p>
  );
}
