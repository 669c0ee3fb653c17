import { useEffect, useState } from 'react';
import type { RateLimitView, RemoteImageView, TagSuggestions } from '../../preload/api';
import { call, CallFailedError } from '../bridge';
import type { ComboboxGroup } from '../components/Combobox';
import { useDebouncedValue } from './useDebouncedValue';

const DEBOUNCE_MS = 300;

/** `name:partial` as typed (a tag being written after the last `/`), or undefined. Digests are never completed. */
function splitTypedTag(typed: string): { name: string; prefix: string } | undefined {
  const text = typed.trim();
  if (text.includes('@')) return undefined;
  const colon = text.lastIndexOf(':');
  if (colon <= 0 || colon < text.lastIndexOf('/')) return undefined;
  return { name: text.slice(0, colon), prefix: text.slice(colon + 1) };
}

/** Whether the typed text names a tag (explicitly), so describing it makes sense. */
function hasExplicitTag(typed: string): boolean {
  const split = splitTypedTag(typed);
  return split !== undefined && split.prefix !== '';
}

export type Answer<T> = { status: 'idle' } | { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; error: CallFailedError };

/** One call to main, asked once the key (the request) has settled; `undefined` asks nothing. */
function useSettledCall<T>(request: (() => Promise<T>) | undefined, key: string | undefined): Answer<T> {
  const settled = useDebouncedValue(key, DEBOUNCE_MS);
  const [answer, setAnswer] = useState<{ key: string; value: Answer<T> } | undefined>(undefined);
  useEffect(() => {
    if (settled === undefined || request === undefined || settled !== key) return;
    let current = true;
    request().then(
      (value) => current && setAnswer({ key: settled, value: { status: 'ready', value } }),
      (error: unknown) =>
        current && setAnswer({ key: settled, value: { status: 'error', error: error instanceof CallFailedError ? error : new CallFailedError('registry.inspect', 'RENDERER', String(error)) } }),
    );
    return () => {
      current = false;
    };
    // `request` is rebuilt every render; `settled` says when to ask.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [settled]);
  if (key === undefined) return { status: 'idle' };
  return answer?.key === key ? answer.value : { status: 'loading' };
}

/** Tags of the repository being typed, from the registry itself, as a suggestions group. */
export function useTagSuggestions(typed: string): ComboboxGroup | undefined {
  const split = splitTypedTag(typed);
  const answer = useSettledCall<TagSuggestions>(
    split === undefined ? undefined : () => call('registry.tags', { image: split.name, prefix: split.prefix }),
    split === undefined ? undefined : JSON.stringify([split.name, split.prefix]),
  );
  if (split === undefined || answer.status !== 'ready') return undefined;
  const tags = answer.value.tags.filter((tag) => tag !== split.prefix);
  return {
    label: `Tags of ${answer.value.repository}${answer.value.complete ? '' : ' (first pages)'}`,
    options: tags.map((tag) => ({ value: `${split.name}:${tag}`, key: `tag:${tag}`, label: tag })),
  };
}

/** What the registry says about the typed tag before pulling it. */
export function useRemoteImage(typed: string, platform: string | undefined): Answer<RemoteImageView> {
  const image = typed.trim();
  const ask = hasExplicitTag(image);
  return useSettledCall<RemoteImageView>(
    ask ? () => call('registry.inspect', platform === undefined ? { image } : { image, platform }) : undefined,
    ask ? JSON.stringify([image, platform ?? '']) : undefined,
  );
}

/** Docker Hub's pulls left for the account the image resolves to (asked again when `refresh` changes). */
export function useRateLimit(image: string | undefined, refresh: string): Answer<RateLimitView> {
  return useSettledCall<RateLimitView>(image === undefined ? undefined : () => call('registry.rateLimit', { image }), image === undefined ? undefined : JSON.stringify([image, refresh]));
}
