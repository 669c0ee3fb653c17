/**
 * Very long hostile text (up to 300,000 characters of one repeated unit, with a prefix and a suffix that look like
 * a reference, an address or a pattern), shared by tests/unit/reliability/hostile-text.test.ts, which checks the
 * answers, and bench/sections/reliability.ts, which measures how long each refusal takes.
 */
import fc from 'fast-check';

const hugeUnit = fc.constantFrom('a', 'a/', 'a:', 'a.', '-', '[', ']', ':', '@', '/', '*', '**/', '${', 'sha256:', '%', '\\', '.', '_', '__', 'ab-', '\u202E', 'а', '\u0000', ' ');
export const hugeText = fc
  .tuple(fc.constantFrom('', 'ghcr.io/', 'https://', 'nginx:', 'team/', '['), hugeUnit, fc.integer({ min: 1_000, max: 300_000 }), fc.constantFrom('', ':1.0', '/app', ']', '@sha256:' + 'a'.repeat(64)))
  .map(([prefix, unit, count, suffix]) => `${prefix}${unit.repeat(count)}${suffix}`);

