import { SearchIcon } from './moreIcons';
import { TextField } from './TextField';

export interface FilterFieldProps {
  /** For screen readers ("Filter images"); the placeholder says what it matches. */
  label: string;
  placeholder: string;
  value: string;
  onValueChange: (value: string) => void;
  className?: string;
  'data-testid'?: string;
}

/** The search box above a long list (Images, Stacks): filters as the user types, Esc clears it (type="search"). */
export function FilterField({ label, placeholder, value, onValueChange, className, 'data-testid': testId }: FilterFieldProps) {
  return (
    <TextField
      label={label}
      hideLabel
      type="search"
      placeholder={placeholder}
      value={value}
      onChange={(event) => onValueChange(event.target.value)}
      trailing={<SearchIcon size={14} />}
      className={className}
      data-testid={testId}
    />
  );
}

/** Said in place of the list when the filter matches nothing, with a way back to the whole list. */
export function FilterNoMatch({ what, filter, onClear, className }: { what: string; filter: string; onClear: () => void; className?: string }) {
  return (
    <p className={className}>
      No {what} matches “{filter}”.{' '}
      <button type="button" className="link-button" onClick={onClear}>
        Clear the filter
      </button>
    </p>
  );
}
