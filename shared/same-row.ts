/**
 * Whether two rows of a patched list (preload/api.ts, patchedListSchemas) say the same once sent as JSON, without
 * serialising either: main compares every row of a listing with the one before to publish what changed
 * (main/core/versioned-diff.ts), and the renderer keeps a shown row's object when a whole list brings it unchanged
 * (renderer/bridge/livePatchedList.ts), so its memoised table row does not render again. Serialising both rows to
 * compare cost ~10–20 ms per listing at 2,000 images; this walks them and stops at the first difference.
 *
 * Rows are JSON data: plain objects, arrays, strings, numbers, booleans, null. As in JSON, a key whose value is
 * undefined is absent, and the order of the keys does not matter.
 */
export function sameRow(one: unknown, other: unknown): boolean {
  if (one === other) return true;
  if (typeof one !== 'object' || typeof other !== 'object' || one === null || other === null) return false;
  if (Array.isArray(one) || Array.isArray(other)) return Array.isArray(one) && Array.isArray(other) && sameItems(one, other);
  return sameFields(one as Record<string, unknown>, other as Record<string, unknown>);
}

function sameItems(one: readonly unknown[], other: readonly unknown[]): boolean {
  if (one.length !== other.length) return false;
  for (let index = 0; index < one.length; index += 1) if (!sameRow(one[index], other[index])) return false;
  return true;
}

function sameFields(one: Record<string, unknown>, other: Record<string, unknown>): boolean {
  let fields = 0;
  for (const key in one) {
    const value = one[key];
    if (value === undefined) continue;
    fields += 1;
    if (!Object.hasOwn(other, key) || !sameRow(value, other[key])) return false;
  }
  for (const key in other) if (other[key] !== undefined) fields -= 1;
  return fields === 0;
}
