/**
 * `npm run mutation`: StrykerJS over the core's rule modules (stryker.config.json; results in docs/mutation.md).
 *
 * Stryker 10's command line refuses Node 20 outright (its `engines` say >= 22) although what it runs here works on
 * the Node 20 this project targets, so this starts it through its API instead of `stryker run`. Arguments: any
 * `--mutate a.ts,b.ts` narrows the run to those files (run module groups one at a time on a small machine);
 * `--ignore-static` skips static mutants (module-level code: each runs every related test file) for a quick look
 * while writing tests — the score it prints leaves them out, so it is not the one recorded in docs/mutation.md.
 */
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const corePackage = require.resolve('@stryker-mutator/core/package.json');
const { Stryker } = await import(pathToFileURL(path.join(path.dirname(corePackage), 'dist/src/stryker.js')).href);

const options = {};
const mutateAt = process.argv.indexOf('--mutate');
if (mutateAt !== -1 && process.argv[mutateAt + 1]) options.mutate = process.argv[mutateAt + 1].split(',');
if (process.argv.includes('--ignore-static')) options.ignoreStatic = true;
const results = await new Stryker(options).runMutationTest();
const killed = results.filter((result) => ['Killed', 'Timeout'].includes(result.status)).length;
const valid = results.filter((result) => !['CompileError', 'RuntimeError', 'Ignored'].includes(result.status)).length;
console.log(`mutation score: ${valid === 0 ? 'n/a' : ((100 * killed) / valid).toFixed(1)} % (${killed} of ${valid} mutants killed)`);
