import { useEffect, useState } from 'react';
import { Button } from './Button';
import { CheckIcon } from './icons';
import { CopyIcon } from './moreIcons';
import './CopyButton.css';

export interface CopyButtonProps {
  /** What is copied. */
  text: string;
  /** What it is, for the button's accessible name: "Copy digest". */
  what: string;
  'data-testid'?: string;
}

type CopyOutcome = 'idle' | 'copied' | 'failed';

/** An icon button that copies `text` and says so for a moment (visibly and to screen readers). */
export function CopyButton({ text, what, 'data-testid': testId }: CopyButtonProps) {
  const [outcome, setOutcome] = useState<CopyOutcome>('idle');

  useEffect(() => {
    if (outcome === 'idle') return;
    const timer = window.setTimeout(() => setOutcome('idle'), 1600);
    return () => window.clearTimeout(timer);
  }, [outcome]);

  const copy = (): void => {
    navigator.clipboard.writeText(text).then(
      () => setOutcome('copied'),
      () => setOutcome('failed'),
    );
  };

  return (
    <>
      <Button
        variant="ghost"
        size="sm"
        className="copy-button"
        aria-label={`Copy ${what}`}
        title={outcome === 'copied' ? 'Copied' : outcome === 'failed' ? 'Could not copy; select the text instead' : `Copy ${what}`}
        icon={outcome === 'copied' ? <CheckIcon size={14} /> : <CopyIcon size={14} />}
        onClick={copy}
        data-testid={testId}
      />
      <span className="visually-hidden" role="status">
        {outcome === 'copied' ? `Copied ${what}` : outcome === 'failed' ? `Could not copy ${what}` : ''}
      </span>
    </>
  );
}
