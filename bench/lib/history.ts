/**
 * Results over time: `bench/results/history.csv` (committed) gets one line per full run — date, commit, and every
 * row's figure, plus the target of each row that has one — and `docs/bench-history.svg` is drawn from it, so a
 * regression shows at a glance in the README.
 *
 * The CSV is wide: one column per figure id. A run with a figure no earlier run had adds its column; earlier lines
 * keep an empty cell there, so no earlier figure is ever rewritten or lost.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BenchOptions } from './context';
import type { BenchReport } from './report';

const FIXED_COLUMNS = ['date', 'commit', 'dirty'] as const;
const TARGET_SUFFIX = ':target';

export interface History {
  columns: string[];
  lines: Array<Record<string, string>>;
}

/**
 * Only full runs go into the history: a quick run's figures are not representative, and a run of a few sections
 * would leave the other columns empty and read as gaps. Those runs are still written to bench/results/ (git-ignored).
 */
export function recordsHistory(options: Pick<BenchOptions, 'quick' | 'only'>): boolean {
  return !options.quick && options.only === undefined;
}

export function readHistory(file: string): History {
  if (!existsSync(file)) return { columns: [...FIXED_COLUMNS], lines: [] };
  const [header, ...rest] = readFileSync(file, 'utf8').split('\n').filter((line) => line.trim() !== '');
  if (header === undefined) return { columns: [...FIXED_COLUMNS], lines: [] };
  const columns = header.split(',');
  for (const fixed of FIXED_COLUMNS) {
    if (!columns.includes(fixed)) throw new Error(`${file} has no '${fixed}' column: it is not a benchmark history (its first line is '${header.slice(0, 80)}')`);
  }
  return {
    columns,
    lines: rest.map((line) => {
      const cells = line.split(',');
      return Object.fromEntries(columns.map((column, index) => [column, cells[index] ?? '']));
    }),
  };
}

/** The report as one history line: ids and commit hashes hold no commas, figures are plain numbers. */
export function historyLine(report: BenchReport): Record<string, string> {
  const line: Record<string, string> = {
    date: report.startedAt,
    commit: report.commit?.slice(0, 12) ?? '',
    dirty: report.dirty === undefined ? '' : String(report.dirty),
  };
  // A scenario that failed has no figure: it leaves its cells empty rather than adding a column.
  for (const row of report.rows.filter((candidate) => Number.isFinite(candidate.value))) {
    line[row.id] = String(row.value);
    if (row.target !== undefined) line[`${row.id}${TARGET_SUFFIX}`] = String(row.target);
  }
  return line;
}

export function appendHistory(file: string, report: BenchReport): History {
  const history = readHistory(file);
  const line = historyLine(report);
  for (const column of Object.keys(line)) if (!history.columns.includes(column)) history.columns.push(column);
  history.lines.push(line);
  mkdirSync(path.dirname(file), { recursive: true });
  const text = [history.columns.join(','), ...history.lines.map((entry) => history.columns.map((column) => entry[column] ?? '').join(','))].join('\n');
  writeFileSync(file, `${text}\n`);
  return history;
}

/** Figure ids that carry a target, in column order. */
function targetedIds(history: History): string[] {
  return history.columns.filter((column) => column.endsWith(TARGET_SUFFIX)).map((column) => column.slice(0, -TARGET_SUFFIX.length));
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * A heat map: one row per figure that has a target, one column per run (the last `maxRuns`), each cell the
 * figure as a share of its target — green when met, red when not, darker the further from the line — with the
 * share printed in it. Self-contained SVG (no script, no external font), readable on light and dark pages.
 */
export function historyChart(history: History, maxRuns = 20): string {
  const ids = targetedIds(history);
  const runs = history.lines.slice(-maxRuns);
  const labelWidth = Math.max(160, ...ids.map((id) => id.length * 6.6 + 12));
  const cellWidth = 46;
  const cellHeight = 18;
  const top = 34;
  // Wide enough for the title and the legend line even before there are runs.
  const width = Math.max(600, Math.ceil(labelWidth + Math.max(1, runs.length) * cellWidth + 8));
  const height = top + Math.max(1, ids.length) * cellHeight + 26;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="4" y="14" font-weight="bold" fill="#1f2328">Benchmarks over time: each figure as a share of its target (≤ 1.00 is met)</text>`,
  ];
  runs.forEach((run, column) => {
    const x = labelWidth + column * cellWidth + cellWidth / 2;
    parts.push(`<text x="${x}" y="${top - 6}" text-anchor="middle" fill="#57606a">${escapeXml((run.date ?? '').slice(5, 10))}</text>`);
  });
  ids.forEach((id, index) => {
    const y = top + index * cellHeight;
    parts.push(`<text x="4" y="${y + 13}" fill="#1f2328">${escapeXml(id)}</text>`);
    runs.forEach((run, column) => {
      const value = Number.parseFloat(run[id] ?? '');
      const target = Number.parseFloat(run[`${id}${TARGET_SUFFIX}`] ?? '');
      const x = labelWidth + column * cellWidth;
      if (!Number.isFinite(value) || !Number.isFinite(target) || target < 0) {
        parts.push(`<rect x="${x + 1}" y="${y + 1}" width="${cellWidth - 2}" height="${cellHeight - 2}" fill="#eaeef2"/>`);
        return;
      }
      // A target of zero is a count that must come back to its start (handles, listeners): no share to draw, so the
      // cell shows what is left over, met only at zero.
      const share = target === 0 ? (value <= 0 ? 0 : Number.POSITIVE_INFINITY) : value / target;
      const fill = share <= 1 ? (share <= 0.5 ? '#1a7f37' : '#4ac26b') : share <= 1.5 ? '#fa4549' : '#a40e26';
      const text = share <= 0.5 ? '#ffffff' : share <= 1 ? '#0d2b14' : '#ffffff';
      const label = target === 0 ? (value <= 0 ? '0' : `+${value}`) : share >= 10 ? '≥10' : share.toFixed(2);
      parts.push(`<rect x="${x + 1}" y="${y + 1}" width="${cellWidth - 2}" height="${cellHeight - 2}" fill="${fill}"><title>${escapeXml(`${id} on ${run.date} (${run.commit}): ${value} vs target ${target}`)}</title></rect>`);
      parts.push(`<text x="${x + cellWidth / 2}" y="${y + 13}" text-anchor="middle" fill="${text}">${label}</text>`);
    });
  });
  parts.push(`<text x="4" y="${height - 8}" fill="#57606a">${runs.length} run${runs.length === 1 ? '' : 's'} from bench/results/history.csv; green met, red not met; grey: not measured in that run</text>`);
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

export function writeHistoryChart(historyFile: string, svgFile: string): void {
  mkdirSync(path.dirname(svgFile), { recursive: true });
  writeFileSync(svgFile, historyChart(readHistory(historyFile)));
}
