/**
 * Draws docs/bench-history.svg from bench/results/history.csv (`npm run bench:chart`). `npm run bench` does the
 * same after every full run; this is for redrawing after editing the chart's code.
 */
import path from 'node:path';
import { writeHistoryChart } from '../bench/lib/history';

const root = path.resolve(import.meta.dirname, '..');
writeHistoryChart(path.join(root, 'bench/results/history.csv'), path.join(root, 'docs/bench-history.svg'));
console.log('docs/bench-history.svg drawn from bench/results/history.csv');
