/**
 * The live preview under the pattern chips: how each pattern expands on this registry (or why it is invalid),
 * and whether a sample image the user types is matched, and by which pattern. It asks the same matcher the
 * resolver uses, so the preview cannot promise what resolution will not do.
 */
import type { PatternPreview } from '../../../preload/api';
import { normalizeRegistryAddress } from '../credentials/address';
import { StevedoreError } from '../errors';
import { compareSpecificity, compilePattern, expandPattern, implicitPattern, type CompiledPattern } from '../credentials/patterns';
import { parseImageReference } from '../credentials/reference';

export function previewPatterns(address: string, patterns: readonly string[], sample?: string): PatternPreview {
  let host: string;
  try {
    host = normalizeRegistryAddress(address);
  } catch (error) {
    const problem = error instanceof StevedoreError ? error.message : 'The registry address is not valid.';
    return { patterns: patterns.map((written) => ({ written, error: `Fix the registry address first. ${problem}` })) };
  }

  const compiled: CompiledPattern[] = [];
  const rows = patterns.map((written) => {
    try {
      const pattern = compilePattern(expandPattern(written, host));
      compiled.push(pattern);
      return { written, expanded: pattern.expanded };
    } catch (error) {
      return { written, error: error instanceof StevedoreError ? error.message : 'This pattern is not valid.' };
    }
  });
  if (patterns.length === 0) compiled.push(compilePattern(implicitPattern(host)));

  if (!sample?.trim()) return { patterns: rows };
  try {
    const image = parseImageReference(sample);
    const best = compiled
      .filter((pattern) => pattern.matches(image))
      .sort((a, b) => compareSpecificity(a.specificity, b.specificity))[0];
    return { patterns: rows, sample: { image: image.canonical, matchedBy: best?.expanded } };
  } catch (error) {
    return { patterns: rows, sample: { image: sample, error: error instanceof StevedoreError ? error.message : 'Not a valid image reference.' } };
  }
}
