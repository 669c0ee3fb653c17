import { useId } from 'react';
import type { StackView } from '../../preload/api';
import { AlertIcon, Badge, Button, Spinner, classNames } from '../components';
import { hrefFor } from '../navigation/route';
import { stackSourceText, stackStateText } from './stackText';
import './StackList.css';

export interface StackListProps {
  stacks: readonly StackView[];
  selectedId: string | undefined;
  /** Opens the compose file of a stack started outside Stevedore (main's dialog suggests its folder). */
  onAdopt: (stack: StackView) => void;
  adopting: boolean;
}

/** Every stack: written here, opened from disk, or found running on the engine. Each row links to its page. */
export function StackList({ stacks, selectedId, onAdopt, adopting }: StackListProps) {
  const headingId = useId();
  return (
    <nav className="stack-list" aria-labelledby={headingId}>
      <h2 id={headingId} className="stack-list__heading">
        Stacks <span className="stack-list__count muted tabular">{stacks.length}</span>
      </h2>
      <ul className="stack-list__items" data-testid="stack-list">
        {stacks.map((stack) => (
          <StackRow key={stack.id} stack={stack} selected={stack.id === selectedId} onAdopt={onAdopt} adopting={adopting} />
        ))}
      </ul>
    </nav>
  );
}

interface StackRowProps {
  stack: StackView;
  selected: boolean;
  onAdopt: (stack: StackView) => void;
  adopting: boolean;
}

function StackRow({ stack, selected, onAdopt, adopting }: StackRowProps) {
  const state = stackStateText(stack);
  const source = stackSourceText(stack);
  return (
    <li
      className={classNames('stack-row', selected && 'stack-row--selected', stack.readOnly && 'stack-row--external')}
      data-testid="stack-row"
      data-stack-name={stack.name}
      data-stack-id={stack.id}
      data-state={stack.state}
    >
      <a className="stack-row__link" href={hrefFor('stacks', stack.id)} aria-current={selected ? 'page' : undefined}>
        <span className="stack-row__name">{stack.name}</span>
        {stack.kind === 'file' ? (
          // Cut at the start: a path's end (the project folder and file) tells stacks apart.
          <span className="stack-row__source stack-row__source--path mono" title={source}>
            <bdi dir="ltr">{source}</bdi>
          </span>
        ) : (
          <span className="stack-row__source">{source}</span>
        )}
      </a>
      <div className="stack-row__facts">
        {stack.deployId ? (
          <Badge tone="accent" icon={<Spinner size="sm" />} data-testid="stack-row-status">
            Deploying
          </Badge>
        ) : (
          <Badge tone={state.tone} data-testid="stack-row-status">
            {state.label}
          </Badge>
        )}
        {stack.problem && (
          <span className="stack-row__problem" title={stack.problem}>
            <AlertIcon size={14} />
            <span>{stack.problemKind === 'unreadable' ? 'Cannot read the file' : 'Not a valid compose file'}</span>
          </span>
        )}
        {stack.readOnly && (
          <Button size="sm" variant="ghost" className="stack-row__action" busy={adopting} onClick={() => onAdopt(stack)} aria-label={`Open the compose file of ${stack.name}`}>
            Open file…
          </Button>
        )}
      </div>
    </li>
  );
}
