import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendHistory, historyChart, readHistory, recordsHistory } from '../../../bench/lib/history';
import type { BenchReport, Row } from '../../../bench/lib/report';

function report(startedAt: string, rows: Row[]): BenchReport {
  return {
    schema: 1,
    startedAt,
    finishedAt: startedAt,
    commit: 'abcdef0123456789',
    dirty: false,
    machine: { cpus: 2, cpuModel: 'test', memoryGiB: 8, node: 'v20', platform: 'linux/x64' },
    bench: { engineVersion: '20.10', storageDriver: 'vfs', composeVersion: '2' },
    rows,
    failures: [],
  };
}

const row = (id: string, value: number, target?: number): Row => ({ id, section: id.split('.')[0] ?? id, label: id, value, unit: '×', ...(target === undefined ? {} : { target }) });

describe('benchmark history', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'bench-history-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('adds one line per run and a column for a figure no earlier run had, keeping the earlier lines', () => {
    const file = path.join(dir, 'history.csv');
    appendHistory(file, report('2026-11-29T10:00:00.000Z', [row('pull.small', 1.02, 1.1)]));
    appendHistory(file, report('2026-11-30T10:00:00.000Z', [row('pull.small', 0.98, 1.1), row('deploy.stack8', 0.9, 1)]));
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toEqual([
      'date,commit,dirty,pull.small,pull.small:target,deploy.stack8,deploy.stack8:target',
      '2026-11-29T10:00:00.000Z,abcdef012345,false,1.02,1.1,,',
      '2026-11-30T10:00:00.000Z,abcdef012345,false,0.98,1.1,0.9,1',
    ]);
    expect(readHistory(file).lines[0]?.['deploy.stack8']).toBe('');
  });

  it('is written by full runs only, not by --quick or --only runs', () => {
    expect(recordsHistory({ quick: false, only: undefined })).toBe(true);
    expect(recordsHistory({ quick: true, only: undefined })).toBe(false);
    expect(recordsHistory({ quick: false, only: new Set(['credentials']) })).toBe(false);
  });

  it('refuses a file that is not a benchmark history instead of overwriting it', () => {
    const file = path.join(dir, 'history.csv');
    writeFileSync(file, 'name,age\nx,1\n');
    expect(() => appendHistory(file, report('2026-11-29T10:00:00.000Z', []))).toThrow(/no 'date' column/);
    expect(readFileSync(file, 'utf8')).toBe('name,age\nx,1\n');
  });

  it('draws each targeted figure as its share of the target, met and not met apart', () => {
    const file = path.join(dir, 'history.csv');
    appendHistory(file, report('2026-11-29T10:00:00.000Z', [row('deploy.stack8', 0.5, 1), row('ui.longest-task', 100, 50), row('renderer.js-gzip', 300)]));
    const svg = historyChart(readHistory(file));
    expect(svg).toContain('>deploy.stack8<');
    expect(svg).toContain('>ui.longest-task<');
    expect(svg).not.toContain('>renderer.js-gzip<');
    expect(svg).toContain('>0.50<');
    expect(svg).toContain('>2.00<');
  });

  it('draws a figure whose target is zero (a count back to its start) as met or not, never as not measured', () => {
    const file = path.join(dir, 'history.csv');
    appendHistory(file, report('2026-11-30T04:00:00.000Z', [row('memory.handles', 0, 0), row('memory.fds', 2, 0)]));
    const svg = historyChart(readHistory(file));
    const cell = (id: string) => svg.split('\n').find((line) => line.includes(`<title>${id} on`)) ?? '';
    // Measured cells carry their figure in a title; a grey cell without one means "not measured in that run".
    expect(cell('memory.handles')).toContain('fill="#1a7f37"');
    expect(cell('memory.fds')).toContain('fill="#a40e26"');
    expect(svg).toContain('>+2<');
  });
});

