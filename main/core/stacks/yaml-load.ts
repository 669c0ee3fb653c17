/**
 * Loading YAML from a file nobody vetted: a size cap before parsing, an alias budget (a "billion laughs" file
 * fails at once instead of expanding into gigabytes), a nesting guard, and every error with line and column.
 */
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { StevedoreError } from '../errors';

export const MAX_COMPOSE_FILE_BYTES = 1024 * 1024;
/** yaml's own measure of alias expansion; real compose files with anchors stay far below it. */
export const MAX_YAML_ALIAS_COUNT = 100;

export type ComposeFileErrorCode = 'COMPOSE_YAML' | 'COMPOSE_TOO_LARGE' | 'COMPOSE_ALIASES' | 'COMPOSE_INVALID' | 'COMPOSE_NOT_READABLE';

export interface SourcePosition {
  line: number;
  column: number;
}

/** A compose file that cannot be used at all; `line`/`column` point at the cause when it has a place. */
export class ComposeFileError extends StevedoreError {
  declare readonly code: ComposeFileErrorCode;
  constructor(
    code: ComposeFileErrorCode,
    message: string,
    readonly position?: SourcePosition,
  ) {
    super(code, message);
  }
}

export interface LoadedYaml {
  value: unknown;
  /** Where a key (or, failing that, its value) is written in the file; `path` as in `['services', 'web', 'image']`. */
  positionOf(path: ReadonlyArray<string | number>): SourcePosition | undefined;
}

export function checkComposeSize(bytes: number, label: string): void {
  if (bytes > MAX_COMPOSE_FILE_BYTES) {
    throw new ComposeFileError(
      'COMPOSE_TOO_LARGE',
      `${label} is ${formatBytes(bytes)}; Stevedore reads compose files up to ${formatBytes(MAX_COMPOSE_FILE_BYTES)}. ` +
        'A compose file this large is almost certainly not a compose file; check that you chose the right one.',
    );
  }
}

export function loadYaml(text: string, label: string): LoadedYaml {
  checkComposeSize(Buffer.byteLength(text, 'utf8'), label);
  const lineCounter = new LineCounter();
  let document: Document.Parsed;
  try {
    document = parseDocument(text, { lineCounter, prettyErrors: false, merge: true, uniqueKeys: true });
  } catch (error) {
    throw tooDeep(error, label);
  }
  const positionAt = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const [first] = document.errors;
  // yaml reports running out of stack on absurd nesting as a parse error of its own.
  if (first && /call stack/i.test(first.message)) throw tooDeep(new RangeError(first.message), label);
  if (first) {
    const position = positionAt(first.pos[0]);
    const more = document.errors.length > 1 ? ` (and ${document.errors.length - 1} more problem${document.errors.length > 2 ? 's' : ''})` : '';
    throw new ComposeFileError(
      'COMPOSE_YAML',
      `${label} is not valid YAML: line ${position.line}, column ${position.column}: ${first.message}${more}.`,
      position,
    );
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: MAX_YAML_ALIAS_COUNT });
  } catch (error) {
    if (error instanceof ReferenceError && /alias/i.test(error.message)) {
      throw new ComposeFileError(
        'COMPOSE_ALIASES',
        `${label} uses YAML aliases (*name) so heavily that expanding them would take unbounded memory — the shape of a ` +
          `"billion laughs" attack. Stevedore refused to read it. Write the repeated parts out, or use fewer nested aliases.`,
      );
    }
    throw tooDeep(error, label);
  }
  return {
    value,
    positionOf(path) {
      const parentPath = path.slice(0, -1);
      const key = path[path.length - 1];
      const parent = parentPath.length === 0 ? document.contents : document.getIn(parentPath, true);
      if (isMap(parent)) {
        const pair = parent.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === key);
        const range = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
        if (range) return positionAt(range[0]);
      }
      const node = document.getIn(path, true) as { range?: [number, number, number] } | undefined;
      return node?.range ? positionAt(node.range[0]) : undefined;
    },
  };
}

function tooDeep(error: unknown, label: string): unknown {
  if (error instanceof RangeError) {
    return new ComposeFileError('COMPOSE_INVALID', `${label} is nested too deeply to read. Check that it is a compose file.`);
  }
  return error;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}
