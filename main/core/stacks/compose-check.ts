/**
 * Compose's own judgement of a project, before anything is pulled: `compose … config --quiet` with the same
 * files, project name, env file and environment the deploy will use. Stevedore's reader knows the parts it plans
 * with (images, builds, pull policies, platforms); compose knows its whole schema (`ports: 80`, a misspelt key).
 * Its message is shown as a problem, at the line of the setting it names when that can be found.
 */
import { createHash } from 'node:crypto';
import { redact } from '../failures';
import { runCompose, targetOf, type ComposeCommand } from './compose';
import { fileStamp } from './file-stamp';
import type { ComposeProblem, ComposeProject } from './reader';
import { safeOutputLine } from './sensitive';

const COMPOSE_CHECK_TIMEOUT_MS = 30_000;
const MAX_MESSAGE_LINES = 20;

export interface ComposeCheckOptions {
  env: NodeJS.ProcessEnv;
  /** Values never to show (secret-looking variables, values from Stevedore's environment). */
  hidden: readonly string[];
  timeoutMs?: number;
}

/** Compose's problems with the project: none when `config --quiet` accepts it. */
export async function checkWithCompose(command: ComposeCommand, project: ComposeProject, options: ComposeCheckOptions): Promise<ComposeProblem[]> {
  const lines: string[] = [];
  const result = await runCompose(command, targetOf(project), ['config', '--quiet'], {
    env: options.env,
    timeoutMs: options.timeoutMs ?? COMPOSE_CHECK_TIMEOUT_MS,
    onLine: (stream, line) => {
      // Warnings (`level=warning`, e.g. an unset variable) are Stevedore's own problems already.
      if (stream !== 'stderr' || /level=warning/.test(line) || lines.length >= MAX_MESSAGE_LINES) return;
      const safe = safeOutputLine(line, [...options.hidden]);
      if (safe.trim() !== '') lines.push(safe.trim());
    },
  });
  if (result.exitCode === 0) return [];
  const said = redact(lines.join(' ').trim(), [...options.hidden]) || `compose config exited with ${result.exitCode ?? result.signal}`;
  // "validating /full/path/compose.yaml: services.web.ports must be a list" → the file by its name.
  const message = said.replace(/validating (\S+): /g, (_match, file: string) => `${file.split(/[\\/]/).pop() ?? file}: `);
  const problem: ComposeProblem = {
    code: 'COMPOSE_CONFIG',
    severity: 'error',
    message: `Compose refuses the project: ${message}. Correct the compose file; nothing was started.`,
  };
  const place = placeOf(message, project);
  if (place.service) problem.service = place.service;
  if (place.position) {
    problem.line = place.position.line;
    problem.column = place.position.column;
  }
  return [problem];
}

/** How many projects' verdicts are kept (a few stacks open at once, each with one current content). */
const VERDICTS_KEPT = 32;

/**
 * Compose's verdict on a project, kept while nothing it was given has changed: the compose files and the env file
 * (by size and modification time), the environment, the project name and the compose program. The stack page's
 * preflight (reloaded after every image event) and the deploy that follows it then start one `config --quiet`
 * between them instead of one each, and no second compose process competes with a deploy's pulls.
 * Callers asking together share one run; a run that fails (compose timed out, could not start) is not kept.
 * Files compose reads that are not part of the key (a service's `env_file`, an `extends` file) may change without
 * a new check; `compose up` checks the project again before it changes anything, so such a mistake still stops the
 * deploy with compose's own message (see docs/architecture.md, "Decisions where the specs are silent").
 */
export class ComposeVerdicts {
  private readonly kept = new Map<string, Promise<ComposeProblem[]>>();

  constructor(private readonly check: typeof checkWithCompose = checkWithCompose) {}

  async problems(command: ComposeCommand, project: ComposeProject, options: ComposeCheckOptions): Promise<ComposeProblem[]> {
    const key = await verdictKey(command, project);
    const kept = this.kept.get(key);
    if (kept !== undefined) return kept;
    const verdict = this.check(command, project, options);
    this.kept.set(key, verdict);
    verdict.catch(() => {
      if (this.kept.get(key) === verdict) this.kept.delete(key);
    });
    // The oldest verdict goes first (a Map iterates in insertion order).
    for (const old of this.kept.keys()) {
      if (this.kept.size <= VERDICTS_KEPT) break;
      this.kept.delete(old);
    }
    return verdict;
  }
}

/** A digest, so the kept keys hold no value of the environment. */
async function verdictKey(command: ComposeCommand, project: ComposeProject): Promise<string> {
  const files = [...project.files, ...(project.envFile === undefined ? [] : [project.envFile])];
  const stamps = await Promise.all(files.map(async (file) => [file, await fileStamp(file)]));
  const environment = Object.entries(project.environment).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const input = JSON.stringify([command.program, command.prefix, command.version, project.name, project.envFile ?? null, stamps, environment]);
  return createHash('sha256').update(input).digest('hex');
}

/** The service and setting compose's message names (`services.web.ports …`, `Additional property restrat`), found in the first file. */
function placeOf(message: string, project: ComposeProject): { service?: string; position?: { line: number; column: number } } {
  const yamlLine = /^yaml: line (\d+):/.exec(message) ?? /: yaml: line (\d+):/.exec(message);
  if (yamlLine && project.files.length === 1) return { position: { line: Number(yamlLine[1]), column: 1 } };
  const token = /services[.[]([^\s\]]+)/.exec(message)?.[1];
  if (token === undefined) return {};
  // Service names may contain dots: the longest declared name the token starts with.
  const service = project.services
    .map((candidate) => candidate.name)
    .filter((name) => token === name || token.startsWith(`${name}.`) || token.startsWith(`${name}]`))
    .sort((a, b) => b.length - a.length)[0];
  if (service === undefined) return {};
  const key = /Additional property (\S+) is not allowed/.exec(message)?.[1] ?? token.slice(service.length + 1).split(/[.\]]/)[0];
  const position = (key ? project.positionOf?.(['services', service, key]) : undefined) ?? project.positionOf?.(['services', service]);
  return position ? { service, position } : { service };
}
