/**
 * What Stevedore keeps in its settings file, and the schema every read is checked against. The shell stores it
 * with electron-store and the tests with conf (electron-store is conf with Electron's paths), under the same
 * keys, so both read and write exactly this shape.
 */
import { z } from 'zod';
import { UpdateScheduleSchema } from '../../../preload/api';

const PersistedRegistrySchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  address: z.string().min(1),
  username: z.string().optional(),
  /** Base64 ciphertext from the SecretCipher; never plain text. */
  encryptedSecret: z.string().optional(),
  patterns: z.array(z.string()),
  isDefault: z.boolean(),
  allowWeakSecretStorage: z.boolean().default(false),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastVerified: z.object({ at: z.string(), ok: z.boolean(), message: z.string() }).optional(),
});
export type PersistedRegistry = z.infer<typeof PersistedRegistrySchema>;

export const PreferencesSchema = z.object({
  dockerConfigPath: z.string().optional(),
  engineEndpoint: z.string().optional(),
  maxConcurrentPulls: z.number().int().min(1).max(10).default(3),
  closeToTray: z.boolean().default(true),
  composeBinary: z.string().optional(),
  /** Update checks (main/core/updates/): schedule, notification, and the user's opt-outs. */
  updateSchedule: UpdateScheduleSchema.default('off'),
  updateNotifications: z.boolean().default(false),
  updatesIgnoredImages: z.array(z.string()).default([]),
  updatesIgnoredStacks: z.array(z.string()).default([]),
});
export type Preferences = z.infer<typeof PreferencesSchema>;

const RecentImageSchema = z.object({ image: z.string(), platform: z.string().optional(), at: z.string() });

export const SettingsDocumentSchema = z.object({
  registries: z.array(PersistedRegistrySchema).default([]),
  // prefault, not default: zod 4 returns a default as it is, a prefault goes through the schema, so the defaults
  // above are the only ones.
  preferences: PreferencesSchema.prefault({}),
  favourites: z.array(z.string()).default([]),
  recentImages: z.array(RecentImageSchema).default([]),
});
export type SettingsDocument = z.infer<typeof SettingsDocumentSchema>;
export type SettingsKey = keyof SettingsDocument;

/** Options shared by electron-store (shell) and conf (tests): same file name, same behaviour on bad files. */
export const settingsFileOptions = {
  configName: 'settings',
  /** Never wipe a file we cannot read: it may hold the user's registries. We move it aside instead. */
  clearInvalidConfig: false,
  /** The file holds registry ciphertexts and usernames: only its owner may read it (every write replaces the file). */
  configFileMode: 0o600,
  /** Settings hold ciphertext only; conf's encryptionKey would be obfuscation, not protection (security.md). */
} as const;
