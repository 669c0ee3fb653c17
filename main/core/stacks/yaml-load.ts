/**
 * Loading YAML from a file nobody vetted: a size cap before parsing, an alias budget (a "billion laughs" file
 * fails at once instead of expanding into gigabytes), a nesting guard, and every error with line and column.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Pair, type YAMLMap } from 'yaml';
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
    // Duplicate keys are found below in one pass: yaml's own check compares every key with every earlier one,
    // which made a file with thousands of services take seconds.
    document = parseDocument(text, { lineCounter, prettyErrors: false, merge: true, uniqueKeys: false });
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
  const duplicate = firstDuplicateKey(document);
  if (duplicate !== undefined) {
    const position = positionAt(duplicate);
    throw new ComposeFileError('COMPOSE_YAML', `${label} is not valid YAML: line ${position.line}, column ${position.column}: Map keys must be unique.`, position);
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
    if (error instanceof RangeError) throw tooDeep(error, label);
    // yaml refuses some documents only while building their values, e.g. a merge key (<<) whose value is not a mapping.
    throw new ComposeFileError('COMPOSE_YAML', `${label} is not valid YAML: ${error instanceof Error ? error.message : String(error)}.`);
  }
  // Keys of each mapping, indexed the first time it is asked about: the reader asks once per service, and a linear
  // search per question made a file with thousands of services take seconds.
  const keyIndexes = new WeakMap<YAMLMap, Map<unknown, Pair>>();
  const pairOf = (map: YAMLMap, key: unknown): Pair | undefined => {
    let index = keyIndexes.get(map);
    if (index === undefined) {
      index = new Map();
      for (const item of map.items) if (isPair(item) && isScalar(item.key) && !index.has(item.key.value)) index.set(item.key.value, item);
      keyIndexes.set(map, index);
    }
    return index.get(key);
  };
  const nodeAt = (path: ReadonlyArray<string | number>): unknown => {
    let node: unknown = document.contents;
    for (const key of path) {
      if (isMap(node)) node = pairOf(node, key)?.value;
      else if (isSeq(node) && typeof key === 'number') node = node.items[key];
      else return undefined;
    }
    return node;
  };
  return {
    value,
    positionOf(path) {
      const parent = nodeAt(path.slice(0, -1));
      if (isMap(parent)) {
        const pair = pairOf(parent, path[path.length - 1]);
        const range = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
        if (range) return positionAt(range[0]);
      }
      const node = nodeAt(path) as { range?: [number, number, number] } | undefined;
      return node?.range ? positionAt(node.range[0]) : undefined;
    },
  };
}

/**
 * Where the first repeated key of any mapping is written, as yaml's `uniqueKeys` judges it (scalar keys with equal
 * values; merge keys never repeat). Walked with an explicit stack: a deeply nested file must not exhaust the call stack.
 */
function firstDuplicateKey(document: Document.Parsed): number | undefined {
  let first: number | undefined;
  const pending: unknown[] = [document.contents];
  while (pending.length > 0) {
    const node = pending.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const item of node.items) {
        if (!isPair(item)) continue;
        const key = item.key;
        if (isScalar(key) && !Number.isNaN(key.value)) {
          const offset = key.range?.[0];
          if (seen.has(key.value) && offset !== undefined && (first === undefined || offset < first)) first = offset;
          seen.add(key.value);
        }
        pending.push(key, item.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) pending.push(item);
    }
  }
  return first;
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
