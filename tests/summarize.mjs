// Prints the count of every suite from Vitest's JSON reports and fails when a suite is missing, ran no test,
// or skipped any: a test that did not run proves nothing, so it is not a pass. Beside each count it prints the Node
// that ran the suite, as tests/run-all.sh recorded it in <suite>.node. Below the counts it names every failed test with
// the first line of why: a CI log that keeps only its last lines must still say what failed.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';

const [resultsDir, ...suites] = process.argv.slice(2);
let failed = false;
let totalPassed = 0;
let totalFailed = 0;
let totalSkipped = 0;
const failures = [];

/** The first line of a failure message, without colour codes, short enough for one line of a log. */
function firstLine(message) {
  const line = stripVTControlCharacters(String(message ?? '')).split('\n').find((text) => text.trim() !== '') ?? '';
  return line.trim().slice(0, 300);
}

for (const suite of suites) {
  const file = path.join(resultsDir, `${suite}.json`);
  if (!existsSync(file)) {
    console.log(`${suite.padEnd(12)} no report: the suite did not run`);
    failed = true;
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const skipped = report.numPendingTests + report.numTodoTests;
  for (const file of report.testResults ?? []) {
    const name = path.relative(process.cwd(), file.name);
    if (file.status === 'failed' && file.assertionResults.length === 0) failures.push({ suite, test: `${name} (did not load)`, why: firstLine(file.message) });
    for (const test of file.assertionResults) {
      if (test.status === 'failed') failures.push({ suite, test: `${name} > ${test.fullName}`, why: firstLine(test.failureMessages?.[0]) });
    }
  }
  const suiteErrors = (report.testResults ?? []).filter((result) => result.status === 'failed' && result.assertionResults.length === 0).length;
  totalPassed += report.numPassedTests;
  totalFailed += report.numFailedTests + suiteErrors;
  totalSkipped += skipped;
  const problems = [];
  if (report.numTotalTests === 0) problems.push('ran no test');
  if (skipped > 0) problems.push(`${skipped} skipped`);
  if (report.numFailedTests > 0) problems.push(`${report.numFailedTests} failed`);
  if (suiteErrors > 0) problems.push(`${suiteErrors} test files failed to load`);
  if (problems.length > 0) failed = true;
  const nodeFile = path.join(resultsDir, `${suite}.node`);
  const node = existsSync(nodeFile) ? `on Node ${readFileSync(nodeFile, 'utf8').trim().replace(/^v/, '')}` : 'on an unrecorded Node';
  const verdict = problems.length ? `FAIL: ${problems.join(', ')}` : 'ok';
  console.log(`${suite.padEnd(12)} ${String(report.numPassedTests).padStart(4)} passed  ${node.padEnd(21)} ${verdict}`);
}

if (failures.length > 0) {
  console.log('\nFailed:');
  for (const failure of failures) console.log(`${failure.suite.padEnd(12)} ✗ ${failure.test}\n${' '.repeat(15)}${failure.why}`);
}

const benchFile = 'tests/env/.state/bench.json';
if (existsSync(benchFile)) {
  const bench = JSON.parse(readFileSync(benchFile, 'utf8'));
  console.log(`\nDocker engine under test: ${bench.engineVersion} at ${bench.dockerHost}`);
}
console.log(`\n${totalPassed} passed, ${totalFailed} failed${totalSkipped ? `, ${totalSkipped} skipped` : ''}`);
process.exit(failed ? 1 : 0);
