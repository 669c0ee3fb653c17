/**
 * Loading YAML from a file nobody vetted: a size cap before parsing, a bound on the size the document has once
 * its aliases are expanded (a "billion laughs" file fails at once instead of expanding into gigabytes, while a
 * file merging one anchor into every service is fine), a nesting guard, and every error with line and column.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Pair, type YAMLMap, type YAMLError } from 'yaml';
import { StevedoreError } from '../errors';

export const MAX_COMPOSE_FILE_BYTES = 1024 * 1024;
/**
 * Nodes that expanding the aliases (and merge keys) may add to the document. The largest real compose files
 * (one has 57 services, each merging a shared anchor) add a few thousand (100 services merging a 20-key anchor:
 * about 5,000); 9 levels of 9 aliases add 387 million. A file without aliases adds none, however large it is
 * (its size is bounded by MAX_COMPOSE_FILE_BYTES).
 */
const MAX_EXPANDED_YAML_NODES = 100_000;

export type ComposeFileErrorCode = 'COMPOSE_YAML' | 'COMPOSE_TOO_LARGE' | 'COMPOSE_ALIASES' | 'COMPOSE_INVALID' | 'COMPOSE_NOT_READABLE';

export interface SourcePosition {
  line: number;
  column: number;
}

/** One more problem found together with the first (a YAML file often has several). */
export interface ComposeFileProblem {
  message: string;
  position?: SourcePosition;
}

/**
 * A compose file that cannot be used at all; `line`/`column` point at the cause when it has a place, and `others`
 * holds the further problems found with it (the message is the most likely cause).
 */
export class ComposeFileError extends StevedoreError {
  declare readonly code: ComposeFileErrorCode;
  constructor(
    code: ComposeFileErrorCode,
    message: string,
    readonly position?: SourcePosition,
    readonly others: readonly ComposeFileProblem[] = [],
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
  // yaml reports running out of stack on absurd nesting as a parse error of its own.
  const stackError = document.errors.find((error) => /call stack/i.test(error.message));
  if (stackError) throw tooDeep(new RangeError(stackError.message), label);
  if (document.errors.length > 0) throw yamlErrors(document.errors, positionAt, label);
  const duplicate = firstDuplicateKey(document);
  if (duplicate !== undefined) {
    const position = positionAt(duplicate.offset);
    const merge = duplicate.key === '<<';
    const key = merge ? 'the merge key <<' : `the key "${String(duplicate.key).slice(0, 100)}"`;
    const fix = merge ? 'To merge several anchors, list them: <<: [*one, *two].' : 'Remove or rename one of them.';
    throw new ComposeFileError(
      'COMPOSE_YAML',
      `${label} is not valid YAML: line ${position.line}, column ${position.column}: ${key} appears twice in one mapping; keys must be unique. ${fix}`,
      position,
    );
  }
  if (aliasExpansion(document) > MAX_EXPANDED_YAML_NODES) {
    throw new ComposeFileError(
      'COMPOSE_ALIASES',
      `${label} uses YAML aliases (*name) so heavily that expanding them would add more than ${MAX_EXPANDED_YAML_NODES.toLocaleString('en')} values — ` +
        `the shape of a "billion laughs" attack. Stevedore refused to read it. Write the repeated parts out, or use fewer nested aliases.`,
    );
  }
  let value: unknown;
  try {
    // The expanded size was bounded above, so yaml's own alias count (which counts uses × nesting) is not needed.
    value = document.toJS({ maxAliasCount: -1 });
  } catch (error) {
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
function firstDuplicateKey(document: Document.Parsed): { offset: number; key: unknown } | undefined {
  let first: { offset: number; key: unknown } | undefined;
  const pending: unknown[] = [document.contents];
  while (pending.length > 0) {
    const node = pending.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const item of node.items) {
        if (!isPair(item)) continue;
        const key = item.key;
        if (isScalar(key) && !Number.isNaN(key.value)) {
          // Each merge key is its own symbol in yaml; compose refuses a second "<<" like any repeated key.
          const value = typeof key.value === 'symbol' ? key.source : key.value;
          const offset = key.range?.[0];
          if (seen.has(value) && offset !== undefined && (first === undefined || offset < first.offset)) first = { offset, key: value };
          seen.add(value);
        }
        pending.push(key, item.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) pending.push(item);
    }
  }
  return first;
}

/**
 * How many nodes expanding every alias would add: the document's size with each alias counted as much as the
 * node it names (each node counts once, plus what its children count), less its size as written. Computed once
 * per node (children before parents, without recursion, so deep nesting cannot exhaust the stack): linear in the
 * file, however large the expansion would be.
 */
function aliasExpansion(document: Document.Parsed): number {
  const sizes = new Map<unknown, number>();
  const sizeOf = (node: unknown): number => {
    if (isAlias(node)) return sizes.get(node.resolve(document)) ?? 1;
    return sizes.get(node) ?? 1;
  };
  const childrenOf = (node: unknown): unknown[] => {
    if (isMap(node)) return node.items.flatMap((item) => (isPair(item) ? [item.key, item.value] : []));
    if (isSeq(node)) return [...node.items];
    return [];
  };
  const stack: Array<{ node: unknown; expanded: boolean }> = [{ node: document.contents, expanded: false }];
  /** Nodes as written (an alias counts as one). */
  let written = 0;
  while (stack.length > 0) {
    const entry = stack.pop()!;
    if (isAlias(entry.node) || sizes.has(entry.node)) continue;
    const children = childrenOf(entry.node);
    if (!entry.expanded && children.length > 0) {
      stack.push({ node: entry.node, expanded: true });
      // Pushed in reverse so they are finished in document order: an anchor is always sized before its aliases.
      for (let index = children.length - 1; index >= 0; index -= 1) stack.push({ node: children[index], expanded: false });
      continue;
    }
    let size = 1;
    for (const child of children) size = Math.min(Number.MAX_SAFE_INTEGER, size + sizeOf(child));
    sizes.set(entry.node, size);
    written += 1 + children.filter((child) => isAlias(child)).length;
  }
  return sizeOf(document.contents) - written;
}

/** yaml's codes for the errors that usually are the cause (the others tend to be their consequences further on). */
const LIKELY_CAUSES = ['TAB_AS_INDENT', 'MISSING_CHAR', 'BAD_INDENT', 'UNEXPECTED_TOKEN', 'BAD_SCALAR_START'];

/** Every YAML error, the most likely cause first, each with its place and a hint where yaml's wording is cryptic. */
function yamlErrors(errors: readonly YAMLError[], positionAt: (offset: number) => SourcePosition, label: string): ComposeFileError {
  const rank = (error: YAMLError) => {
    const index = LIKELY_CAUSES.indexOf(error.code);
    return index === -1 ? LIKELY_CAUSES.length : index;
  };
  const ordered = errors
    .map((error, order) => ({ error, order }))
    .sort((a, b) => rank(a.error) - rank(b.error) || a.order - b.order)
    .map(({ error }) => error);
  const problems = ordered.map((error): ComposeFileProblem => {
    const position = positionAt(error.pos[0]);
    return { message: `line ${position.line}, column ${position.column}: ${describeYamlError(error)}`, position };
  });
  const [first, ...others] = problems;
  return new ComposeFileError('COMPOSE_YAML', `${label} is not valid YAML: ${first?.message ?? 'unknown error'}.`, first?.position, others);
}

function describeYamlError(error: YAMLError): string {
  const message = error.message.split('\n')[0]?.replace(/\.$/, '') ?? error.code;
  switch (error.code) {
    case 'TAB_AS_INDENT':
      return `${message}: indent with spaces`;
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return `${message} — usually a line below this one is indented more than the key before it`;
    case 'MISSING_CHAR':
      return `${message} — a quote or bracket opened earlier is never closed`;
    default:
      return message;
  }
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
