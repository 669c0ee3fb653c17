/** Joins the class names that are set: `classNames('button', busy && 'button--busy', className)`. */
export function classNames(...names: ReadonlyArray<string | false | null | undefined>): string {
  return names.filter(Boolean).join(' ');
}
