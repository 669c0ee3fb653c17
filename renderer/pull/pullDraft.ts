import { useEffect, useState } from 'react';

/** Platforms offered by name; anything else is typed under "Other…". */
export const presetPlatforms = ['linux/amd64', 'linux/arm64', 'linux/arm/v7'] as const;
export const DEFAULT_PLATFORM = '';
export const OTHER_PLATFORM = 'other';
export type PlatformChoice = typeof DEFAULT_PLATFORM | (typeof presetPlatforms)[number] | typeof OTHER_PLATFORM;

/** What the user is about to pull. Credentials are deliberately not part of it: they live in the form only. */
export interface PullDraft {
  image: string;
  platformChoice: PlatformChoice;
  otherPlatform: string;
  authOpen: boolean;
}

const EMPTY_DRAFT: PullDraft = { image: '', platformChoice: DEFAULT_PLATFORM, otherPlatform: '', authOpen: false };

// Kept for this window's lifetime, so a trip to Registries and back does not lose a half-typed reference.
let remembered: PullDraft = EMPTY_DRAFT;

export function usePullDraft(): [PullDraft, (patch: Partial<PullDraft>) => void] {
  const [draft, setDraft] = useState<PullDraft>(() => remembered);
  useEffect(() => {
    remembered = draft;
  }, [draft]);
  const update = (patch: Partial<PullDraft>): void => setDraft((previous) => ({ ...previous, ...patch }));
  return [draft, update];
}

/** The platform to send, or undefined for the engine's own. */
export function platformOf(draft: PullDraft): string | undefined {
  if (draft.platformChoice === OTHER_PLATFORM) return draft.otherPlatform.trim() || undefined;
  return draft.platformChoice || undefined;
}

/** The draft fields that select `platform` (a preset when it is one, else "Other…" with the text). */
export function platformChoiceFor(platform: string | undefined): Pick<PullDraft, 'platformChoice' | 'otherPlatform'> {
  if (!platform) return { platformChoice: DEFAULT_PLATFORM, otherPlatform: '' };
  const preset = presetPlatforms.find((candidate) => candidate === platform);
  return preset ? { platformChoice: preset, otherPlatform: '' } : { platformChoice: OTHER_PLATFORM, otherPlatform: platform };
}
