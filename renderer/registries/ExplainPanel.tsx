import { useId, useState } from 'react';
import type { CredentialExplanation } from '../../preload/api';
import { useEvent } from '../bridge';
import { Badge, Card, CheckIcon, ErrorCard, PropertyList, Spinner, TextField, type BadgeTone } from '../components';
import { Reference } from '../stacks/Reference';
import { credentialSourceHeadline, outcomeLabel, sentenceCase } from './registryText';
import { useDebouncedCall } from './useDebouncedCall';
import './PatternChip.css';
import './ExplainPanel.css';

const TYPING_PAUSE_MS = 250;

/** "Which credentials will this image use?": main's resolution for any image the user types, with its reasons. */
export function ExplainPanel({ initialImage = '' }: { initialImage?: string }) {
  const [image, setImage] = useState(initialImage);
  const explanation = useDebouncedCall('registries.explain', image.trim() ? { image } : undefined, TYPING_PAUSE_MS);
  // Adding, editing or removing a registry can change the answer for the image already typed.
  useEvent('registries.changed', () => explanation.reload());

  const referenceProblem = explanation.error?.code.startsWith('REFERENCE_') ? explanation.error.message : undefined;
  const otherProblem = explanation.error && !referenceProblem ? explanation.error : undefined;
  const pending = explanation.status === 'pending';

  return (
    <Card
      title="Which credentials will this image use?"
      description="Type an image to see what a pull would send, and why."
      className="explain"
      data-testid="explain-panel"
    >
      <div className="explain__body">
        <TextField
          label="Image"
          monospace
          value={image}
          placeholder="e.g. ghcr.io/team/app:1.0"
          autoComplete="off"
          error={referenceProblem}
          trailing={pending ? <Spinner size="sm" label="Checking" /> : undefined}
          onChange={(event) => setImage(event.target.value)}
          data-testid="explain-image"
        />
        {explanation.status === 'idle' ? (
          <p className="explain__hint muted">
            Stored registries are tried first (the most specific pattern wins), then a host's default registry, then your Docker config; otherwise the pull is
            anonymous.
          </p>
        ) : otherProblem ? (
          <ErrorCard title="Could not work out the credentials" code={otherProblem.code} cause={otherProblem.message} headingLevel={3} />
        ) : explanation.value && !referenceProblem ? (
          <Explanation explanation={explanation.value} stale={pending} />
        ) : null}
      </div>
    </Card>
  );
}

const sourceTone: Record<CredentialExplanation['source'], BadgeTone> = {
  registry: 'accent',
  'default-registry': 'accent',
  'docker-config': 'neutral',
  'credential-helper': 'neutral',
  'one-time': 'neutral',
  anonymous: 'warning',
};

function Explanation({ explanation, stale }: { explanation: CredentialExplanation; stale: boolean }) {
  return (
    <div className={stale ? 'explain__result explain__result--stale' : 'explain__result'}>
      {/* Headline and summary are announced as they change; the details are there to read at leisure. */}
      <div aria-live="polite" className="explain__answer">
        <h3 className="heading-row explain__source" data-testid="explain-source" data-source={explanation.source}>
          <span className={`explain__source-mark explain__source-mark--${sourceTone[explanation.source]}`} aria-hidden="true" />
          {credentialSourceHeadline(explanation)}
        </h3>
        <p className="explain__summary" data-testid="explain-summary">
          {explanation.summary}
        </p>
      </div>
      <PropertyList
        className="explain__facts"
        items={[
          // Names wrap between their parts (after `/`, `:`, `@`), never inside a word that fits on a line.
          { label: 'Image', value: <Reference value={explanation.reference} />, mono: true },
          explanation.registry && explanation.source !== 'registry' && { label: 'Registry', value: explanation.registry.name },
          explanation.pattern && {
            label: 'Pattern',
            mono: true,
            testId: 'explain-pattern',
            value: (
              <>
                <Reference value={explanation.pattern.written} /> <span className="muted">→</span> <Reference value={explanation.pattern.expanded} />
              </>
            ),
          },
          explanation.username !== undefined && { label: 'Username', value: explanation.username, testId: 'explain-username' },
          explanation.helper !== undefined && { label: 'Helper', value: explanation.helper, mono: true },
          explanation.configFile !== undefined && { label: 'Docker config', value: <Reference value={explanation.configFile} />, mono: true },
        ]}
      />
      <Considered explanation={explanation} />
    </div>
  );
}

const outcomeTone: Record<CredentialExplanation['considered'][number]['outcome'], BadgeTone> = {
  chosen: 'success',
  lost: 'warning',
  'no-match': 'neutral',
};

function Considered({ explanation }: { explanation: CredentialExplanation }) {
  const headingId = useId();
  return (
    <section className="explain__considered" aria-labelledby={headingId} data-testid="explain-considered">
      <h4 id={headingId} className="explain__considered-title">
        Considered
      </h4>
      {explanation.considered.length === 0 ? (
        <p className="muted explain__none">No stored registry is on {explanation.host}.</p>
      ) : (
        <ul className="column-list explain__candidates">
          {explanation.considered.map((candidate) => (
            <li
              key={candidate.registry.id}
              className={`candidate candidate--${candidate.outcome}`}
              data-testid="explain-candidate"
              data-registry-name={candidate.registry.name}
              data-outcome={candidate.outcome}
            >
              <div className="candidate__head">
                <span className="candidate__name">{candidate.registry.name}</span>
                <Badge tone={outcomeTone[candidate.outcome]}>{outcomeLabel[candidate.outcome]}</Badge>
              </div>
              <ul className="inline-list" aria-label={`Patterns of ${candidate.registry.name}`}>
                {candidate.patterns.map((pattern) => (
                  <li
                    key={pattern.written}
                    className={pattern.matched ? 'pattern-chip pattern-chip--matched' : 'pattern-chip'}
                    title={pattern.written === pattern.expanded ? undefined : `Written as ${pattern.written}`}
                  >
                    {pattern.matched && <CheckIcon size={12} />}
                    {pattern.expanded}
                    {pattern.matched && <span className="visually-hidden"> (matches)</span>}
                  </li>
                ))}
              </ul>
              <p className="candidate__reason">{sentenceCase(candidate.reason)}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
