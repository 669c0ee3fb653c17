/**
 * Channel names for calls and events. Kept apart from the schemas so the preload bundle, which needs only the
 * names, does not carry the schema library into every window.
 */
export const CHANNEL_PREFIX = 'stevedore:';
export const callChannel = (name: string): string => `${CHANNEL_PREFIX}call:${name}`;
export const eventChannel = (name: string): string => `${CHANNEL_PREFIX}event:${name}`;
