/**
 * Run as a child process by crash.test.ts: opens the settings store in the folder given as its first argument,
 * saves two generations of a large favourites list (each update awaited, so both resolved), then starts a third
 * and kills itself with SIGKILL after the number of event-loop turns given as its second argument: the kill
 * lands between the steps of that write (open, write, fsync, rename), at a different one for each count.
 */
import { openSettings } from '../../support/settings';

export const ENTRIES = 2_000;
export const RESOLVED_GENERATIONS = 2;
export const entry = (index: number, generation: number) => `registry.example.com/team/image-${index}:generation-${generation}`;

const save = (generation: number) =>
  store.update('favourites', () => ({ value: Array.from({ length: ENTRIES }, (_, index) => entry(index, generation)), result: undefined }));

const [folder, turnsArgument] = process.argv.slice(2);
const store = openSettings(folder);
for (let generation = 1; generation <= RESOLVED_GENERATIONS; generation += 1) await save(generation);
let turns = Number(turnsArgument);
const killAfterTurns = () => (turns-- <= 0 ? process.kill(process.pid, 'SIGKILL') : setImmediate(killAfterTurns));
void save(RESOLVED_GENERATIONS + 1);
killAfterTurns();
