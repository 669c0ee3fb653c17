/**
 * One benchmark run's results: rows for the table, the same rows (with every sample) as JSON, so runs can be
 * compared over time. A row is either a side-by-side comparison (Stevedore vs the docker CLI or compose, measured
 * alternately in the same run) or a single figure; either may carry a target it must not exceed.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { round } from './stats';

export interface Row {
  /** Stable key for comparing runs, e.g. `pull.small`. */
  id: string;
  section: string;
  label: string;
  /** The figure the target applies to (a ratio for comparisons). */
  value: number;
  unit: string;
  /** The figure must be ≤ this. */
  target?: number;
  /** Side-by-side: Stevedore's and the reference's medians, in `comparisonUnit`. */
  comparison?: { app: number; reference: number; referenceName: string; unit: string };
  samples?: Record<string, number[]>;
  notes?: string[];
}

export interface SectionFailure {
  section: string;
  error: string;
}

export interface BenchReport {
  schema: 1;
  startedAt: string;
  finishedAt: string;
  commit: string | undefined;
  /** Uncommitted changes were present: the figures are for the working tree, not `commit`. */
  dirty: boolean | undefined;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; platform: string };
  bench: { engineVersion: string; storageDriver: string; composeVersion: string };
  rows: Row[];
  failures: SectionFailure[];
}

export function met(row: Row): boolean | undefined {
  return row.target === undefined ? undefined : row.value <= row.target;
}

export function machineFacts(): BenchReport['machine'] {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    platform: `${process.platform}/${process.arch}`,
  };
}

/** The commit the figures belong to, read-only (never changes the repository). */
export function gitState(root: string): { commit: string | undefined; dirty: boolean | undefined } {
  try {
    const commit = execFileSync('git', ['-C', root, 'rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const status = execFileSync('git', ['-C', root, 'status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return { commit, dirty: status.trim() !== '' };
  } catch {
    return { commit: undefined, dirty: undefined };
  }
}

function formatNumber(value: number, unit: string): string {
  if (!Number.isFinite(value)) return '—';
  const digits = unit === '×' ? 3 : Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toFixed(digits)}${unit === '×' ? '×' : ` ${unit}`}`;
}

export function renderTable(report: BenchReport): string {
  const header = ['benchmark', 'Stevedore', 'reference', 'figure', 'target', 'met'];
  const lines: string[][] = [header];
  for (const row of report.rows) {
    const state = met(row);
    lines.push([
      `${row.section}: ${row.label}`,
      row.comparison ? formatNumber(row.comparison.app, row.comparison.unit) : '',
      row.comparison ? `${formatNumber(row.comparison.reference, row.comparison.unit)} (${row.comparison.referenceName})` : '',
      formatNumber(row.value, row.unit),
      row.target === undefined ? '' : `≤ ${formatNumber(row.target, row.unit)}`,
      state === undefined ? '' : state ? 'yes' : 'NO',
    ]);
  }
  const widths = header.map((_, column) => Math.max(...lines.map((line) => (line[column] ?? '').length)));
  const text = lines.map((line) => line.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd());
  text.splice(1, 0, widths.map((width) => '-'.repeat(width)).join('  '));
  return text.join('\n');
}

export function renderNotes(report: BenchReport): string {
  const notes = report.rows.flatMap((row) => (row.notes ?? []).map((note) => `- ${row.section}: ${row.label}: ${note}`));
  const failures = report.failures.map((failure) => `- ${failure.section} FAILED: ${failure.error}`);
  return [...notes, ...failures].join('\n');
}

/** Writes `latest.json` and a timestamped copy next to it (both git-ignored). */
export function writeReport(directory: string, report: BenchReport): string[] {
  mkdirSync(directory, { recursive: true });
  const text = `${JSON.stringify(report, null, 2)}\n`;
  const stamped = path.join(directory, `run-${report.startedAt.replace(/[:.]/g, '-')}.json`);
  const latest = path.join(directory, 'latest.json');
  writeFileSync(stamped, text);
  writeFileSync(latest, text);
  return [latest, stamped];
}
