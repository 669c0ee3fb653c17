import { memo, useId, useState } from 'react';
import type { StackView } from '../../preload/api';
import { AlertIcon, Badge, Button, Spinner, classNames } from '../components';
import { FilterField, FilterNoMatch } from '../components/FilterField';
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

/** From this many stacks on, the list offers a filter and a compact layout (a handful fits without). */
const TOOLS_FROM = 6;

/** What a filter matches: the stack's name, compose project and file location, ignoring case. */
function matches(stack: StackView, filter: string): boolean {
  const wanted = filter.trim().toLowerCase();
  if (wanted === '') return true;
  return [stack.name, stack.project, stack.location ?? ''].some((text) => text.toLowerCase().includes(wanted));
}

/** Every stack: written here, opened from disk, or found running on the engine. Each row links to its page. */
export function StackList({ stacks, selectedId, onAdopt, adopting }: StackListProps) {
  const headingId = useId();
  const [filter, setFilter] = useState('');
  const [compact, setCompact] = useState(false);
  const tools = stacks.length >= TOOLS_FROM;
  const shown = tools ? stacks.filter((stack) => matches(stack, filter)) : stacks;
  return (
    <nav className="stack-list" aria-labelledby={headingId}>
      <h2 id={headingId} className="heading-row">
        Stacks{' '}
        <span className="count-badge stack-list__count muted tabular" data-testid="stack-list-count">
          {shown.length === stacks.length ? stacks.length : `${shown.length} of ${stacks.length}`}
        </span>
      </h2>
      {tools && (
        <div className="stack-list__tools">
          <FilterField
            label="Filter stacks"
            placeholder="Filter by name or file"
            value={filter}
            onValueChange={setFilter}
            className="stack-list__filter"
            data-testid="stack-list-filter"
          />
          <Button size="sm" variant="ghost" aria-pressed={compact} onClick={() => setCompact(!compact)} data-testid="stack-list-compact">
            Compact list
          </Button>
        </div>
      )}
      {shown.length === 0 && <FilterNoMatch what="stack" filter={filter} onClear={() => setFilter('')} className="stack-list__no-match muted" />}
      <ul className={classNames('column-list', compact && 'stack-list__items--compact')} data-testid="stack-list">
        {shown.map((stack) => (
          <StackRow key={stack.id} stack={stack} selected={stack.id === selectedId} compact={compact} onAdopt={onAdopt} adopting={adopting} />
        ))}
      </ul>
    </nav>
  );
}

interface StackRowProps {
  stack: StackView;
  selected: boolean;
  /** One line per stack: name and state only. */
  compact: boolean;
  onAdopt: (stack: StackView) => void;
  adopting: boolean;
}

// Memoised: a keystroke in the filter redraws only the list, not each of the rows it keeps.
const StackRow = memo(function StackRow({ stack, selected, compact, onAdopt, adopting }: StackRowProps) {
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
        {compact ? null : stack.kind === 'file' ? (
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
        {stack.swarm && (
          <Badge tone="neutral" data-testid="stack-row-swarm">
            Swarm · {stack.swarm.services} {stack.swarm.services === 1 ? 'service' : 'services'}
          </Badge>
        )}
        {stack.problem && (
          <span className="icon-text tone-warning stack-row__problem" title={stack.problem}>
            <AlertIcon size={14} />
            <span>{stack.problemKind === 'unreadable' ? 'Cannot read the file' : 'Not a valid compose file'}</span>
          </span>
        )}
        {stack.onOtherEngine && (
          <span className="icon-text tone-warning stack-row__problem" title={stack.onOtherEngine} data-testid="stack-row-other-engine">
            <AlertIcon size={14} />
            <span>{stack.onOtherEngine}</span>
          </span>
        )}
        {stack.readOnly && (
          <Button size="sm" variant="ghost" className="stack-row__action" busy={adopting} onClick={() => onAdopt(stack)} aria-label={`Open file of ${stack.name}`}>
            Open file…
          </Button>
        )}
      </div>
    </li>
  );
});
