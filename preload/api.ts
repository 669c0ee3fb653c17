/**
 * The contract between the renderer and the main process: every call and every event, described once.
 *
 * Channel names, request validation (main side), response/event shaping and the renderer's types are all
 * derived from the two tables below, so adding a call is one entry here plus one handler in main.
 * Response and event schemas are `z.object`s, which strip unknown keys: a field that is not declared here
 * (a secret, a path, a stack trace) cannot reach the renderer even if a service returns it by mistake.
 */
import { z } from 'zod';
import { FINISHED_PULLS_KEPT, MAX_SECRET_LENGTH, secretTooLongMessage, SWARM_MAX_REPLICAS } from '../shared/contract-limits';

// Values the renderer needs live in shared/contract-limits.ts, which has no zod; re-exported for main.
export { FINISHED_PULLS_KEPT, MAX_SECRET_LENGTH, secretTooLongMessage, SWARM_MAX_REPLICAS };

// ---------------------------------------------------------------------------------------------------------
// Shared payload shapes

/** What a failed call answers (CallResult); built by main, never parsed here, so a type rather than a schema. */
export interface BridgeError {
  code: string;
  message: string;
}

const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  /** 'electron' for the desktop app, 'preview' for `npm run preview` in a browser. */
  runtime: z.enum(['electron', 'preview']),
  platform: z.string(),
  arch: z.string(),
  versions: z.object({ node: z.string(), electron: z.string().optional(), chrome: z.string().optional() }),
  /**
   * Where secrets are kept, so the UI can say it plainly (preview keeps them in memory only). `waiting` while the
   * OS keyring has not answered yet; `unknown` where the OS cannot confirm a keyring holds the key (Linux).
   */
  secretStorage: z.object({
    kind: z.enum(['os-keyring', 'unknown', 'basic-text', 'waiting', 'memory', 'unavailable']),
    backend: z.string().optional(),
    description: z.string(),
  }),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

/** Settings → Tools: where each program Stevedore starts was found (paths only; nothing secret). */
const ToolsReportSchema = z.object({
  /** The PATH folders searched, in order (on macOS including the folders added at launch). */
  searchPath: z.array(z.string()),
  docker: z.object({ path: z.string().optional() }),
  compose: z.object({
    found: z.boolean(),
    /** 'plugin' is `docker compose`; 'standalone' a `docker-compose` v2 binary. */
    kind: z.enum(['plugin', 'standalone']).optional(),
    path: z.string().optional(),
    version: z.string().optional(),
    description: z.string().optional(),
    /** Whether the "Compose program" setting named it. */
    fromSetting: z.boolean(),
    problem: z.string().optional(),
  }),
  dockerConfigFile: z.string(),
  dockerConfigProblem: z.string().optional(),
  /** Each helper the Docker config names in credsStore or credHelpers. */
  credentialHelpers: z.array(
    z.object({
      name: z.string(),
      program: z.string(),
      usedFor: z.array(z.string()),
      path: z.string().optional(),
      problem: z.string().optional(),
    }),
  ),
});
export type ToolsReport = z.infer<typeof ToolsReportSchema>;

const EngineEndpointSchema = z.object({
  /** The endpoint as the docker CLI would print it, e.g. unix:///var/run/docker.sock or tcp://host:2376. */
  url: z.string(),
  /** Why this endpoint was chosen. */
  source: z.enum(['setting', 'DOCKER_HOST', 'context', 'default', 'podman']),
  contextName: z.string().optional(),
  tls: z.boolean(),
});
export type EngineEndpointInfo = z.infer<typeof EngineEndpointSchema>;

const EngineStatusSchema = z.discriminatedUnion('state', [
  z.object({
    state: z.literal('connected'),
    endpoint: EngineEndpointSchema,
    version: z.string(),
    apiVersion: z.string(),
    os: z.string(),
    arch: z.string(),
    /** e.g. "Docker Engine - Community" or "Podman Engine". */
    product: z.string(),
    since: z.string(),
  }),
  z.object({
    state: z.enum(['disconnected', 'connecting']),
    endpoint: EngineEndpointSchema.optional(),
    reason: z.string(),
    fix: z.string(),
    since: z.string(),
    /** When the next automatic attempt is due (ISO time), if one is scheduled. */
    nextAttemptAt: z.string().optional(),
  }),
]);
export type EngineStatus = z.infer<typeof EngineStatusSchema>;

// ---------------------------------------------------------------------------------------------------------
// Registries and credentials (credentials.md). Secrets go in, never out: views carry `hasSecret` only.

const Text = (max: number) => z.string().max(max);

const RegistryViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  address: z.string(),
  username: z.string().optional(),
  hasSecret: z.boolean(),
  patterns: z.array(z.string()),
  isDefault: z.boolean(),
  /** The user accepted that this registry's secret is stored without an OS keyring (Linux basic_text). */
  allowWeakSecretStorage: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastVerified: z.object({ at: z.string(), ok: z.boolean(), message: z.string() }).optional(),
});
export type RegistryView = z.infer<typeof RegistryViewSchema>;

const RegistryInputSchema = z.object({
  name: Text(100),
  address: Text(300),
  username: Text(300).optional(),
  /**
   * Empty or absent keeps the stored secret when editing. The bound here only limits what crosses; the rule
   * (MAX_SECRET_LENGTH) is a field error from main's validation, so the form can show it at the field.
   */
  secret: Text(16_384).optional(),
  patterns: z.array(Text(300)).max(100),
  isDefault: z.boolean(),
  allowWeakSecretStorage: z.boolean().optional(),
});
export type RegistryInput = z.infer<typeof RegistryInputSchema>;

const RegistryUpdateSchema = RegistryInputSchema.extend({
  id: Text(100),
  /** Removes username and secret: the registry then means "pull anonymously". */
  clearCredentials: z.boolean().optional(),
});
export type RegistryUpdate = z.infer<typeof RegistryUpdateSchema>;

/** Field → what is wrong and what to do, for inline validation while the user types. */
const FieldErrorsSchema = z.record(z.string(), z.string());
export type FieldErrors = z.infer<typeof FieldErrorsSchema>;

const CredentialSourceSchema = z.enum(['one-time', 'registry', 'default-registry', 'docker-config', 'credential-helper', 'anonymous']);
export type CredentialSource = z.infer<typeof CredentialSourceSchema>;

const CredentialExplanationSchema = z.object({
  reference: z.string(),
  host: z.string(),
  source: CredentialSourceSchema,
  /** One sentence a person can read, naming the image: "ghcr.io/team/app:1 uses registry 'Team GHCR' (pattern …) as …". */
  summary: z.string(),
  /** The same sentence without the image, for rows that show the image beside it: "Uses registry 'Team GHCR' …". */
  reason: z.string(),
  registry: z.object({ id: z.string(), name: z.string() }).optional(),
  pattern: z.object({ written: z.string(), expanded: z.string() }).optional(),
  configFile: z.string().optional(),
  helper: z.string().optional(),
  username: z.string().optional(),
  considered: z.array(
    z.object({
      registry: z.object({ id: z.string(), name: z.string() }),
      patterns: z.array(z.object({ written: z.string(), expanded: z.string(), matched: z.boolean() })),
      outcome: z.enum(['chosen', 'lost', 'no-match']),
      reason: z.string(),
    }),
  ),
});
export type CredentialExplanation = z.infer<typeof CredentialExplanationSchema>;

const PatternPreviewSchema = z.object({
  patterns: z.array(z.object({ written: z.string(), expanded: z.string().optional(), error: z.string().optional() })),
  /** Whether the sample image matches, and through which pattern. */
  sample: z.object({ image: z.string(), error: z.string().optional(), matchedBy: z.string().optional() }).optional(),
});
export type PatternPreview = z.infer<typeof PatternPreviewSchema>;

const RegistryCheckSchema = z.object({
  ok: z.boolean(),
  /** CREDENTIALS_OK, UNAUTHORIZED, REGISTRY_UNREACHABLE, TLS, ENGINE_UNREACHABLE, … */
  code: z.string(),
  message: z.string(),
  at: z.string(),
});
export type RegistryCheck = z.infer<typeof RegistryCheckSchema>;

/** Tags of a repository from the registry itself (main/core/registry-client), for suggestions while typing. */
const TagSuggestionsSchema = z.object({
  repository: z.string(),
  /** Matching tags: `latest`, then newest version first; at most 50. */
  tags: z.array(z.string()),
  /** How many tags the repository has (as far as read). */
  total: z.number().int().nonnegative(),
  /** False when the registry had more pages than Stevedore reads. */
  complete: z.boolean(),
  /** Names the registry sent that are not valid tags (left out). */
  invalid: z.number().int().nonnegative(),
  /** The account asked as (a user name, or 'anonymous'); never a secret. */
  account: z.string(),
});
export type TagSuggestions = z.infer<typeof TagSuggestionsSchema>;

/** A tag as the registry describes it before any pull. */
const RemoteImageSchema = z.object({
  reference: z.string(),
  digest: z.string().optional(),
  platforms: z.array(z.string()),
  /** The platform the size, date and labels below are of. */
  platform: z.string().optional(),
  compressedSize: z.number().nonnegative().optional(),
  created: z.string().optional(),
  version: z.string().optional(),
  source: z.string().optional(),
  account: z.string(),
});
export type RemoteImageView = z.infer<typeof RemoteImageSchema>;

/** Docker Hub's pull rate limit for an account (from a HEAD of a manifest, which is not counted). */
const RateLimitSchema = z.object({
  host: z.string(),
  /** False for registries without Docker Hub's limit. */
  applies: z.boolean(),
  account: z.string(),
  limit: z.number().int().nonnegative().optional(),
  remaining: z.number().int().nonnegative().optional(),
  windowSeconds: z.number().int().nonnegative().optional(),
  checkedAt: z.string().optional(),
  /** With none left: the time by which pulls are possible again (the window slides). */
  resetsBy: z.string().optional(),
});
export type RateLimitView = z.infer<typeof RateLimitSchema>;

const DockerConfigEntrySchema = z.object({
  /** Canonical registry host, e.g. docker.io or ghcr.io. */
  host: z.string(),
  /** Where the Docker config mentions it. */
  settings: z.array(z.enum(['auths', 'credHelpers', 'credsStore'])),
  helper: z.string().optional(),
  username: z.string().optional(),
  /** Already in Stevedore under this name. */
  existingRegistry: z.string().optional(),
});
export type DockerConfigEntry = z.infer<typeof DockerConfigEntrySchema>;

/** How often main checks images for updates (issue 14). */
export const UpdateScheduleSchema = z.enum(['off', 'hourly', 'daily']);
export type UpdateSchedule = z.infer<typeof UpdateScheduleSchema>;

const SettingsSchema = z.object({
  dockerConfigPath: z.string().optional(),
  engineEndpoint: z.string().optional(),
  maxConcurrentPulls: z.number().int().min(1).max(10),
  closeToTray: z.boolean(),
  /** The Compose v2 program to run; empty means `docker compose`, then `docker-compose`. */
  composeBinary: z.string().optional(),
  /** How often main checks images for updates (issue 14); 'off' checks only when asked. */
  updateSchedule: UpdateScheduleSchema,
  /** A notification when a check finds new updates. */
  updateNotifications: z.boolean(),
  /** Opt-outs, changed only through updates.ignore. */
  updatesIgnoredImages: z.array(z.string()),
  updatesIgnoredStacks: z.array(z.string()),
});
export type Settings = z.infer<typeof SettingsSchema>;

const SettingsUpdateSchema = z
  .object({
    maxConcurrentPulls: z.number().int().min(1).max(10).optional(),
    closeToTray: z.boolean().optional(),
    updateSchedule: UpdateScheduleSchema.optional(),
    updateNotifications: z.boolean().optional(),
    // No composeBinary, engineEndpoint or dockerConfigPath here on purpose: main runs that program, connects to
    // that engine (sending it credentials) and reads that file, so the (untrusted) renderer may not choose them.
    // The engine and the Docker config change only through main's own dialogs (engine.choose…, settings.chooseDockerConfig).
  })
  .strict();

/** An engine main offers in Settings (main/core/engine/choices.ts); the renderer picks one by id only. */
const EngineChoiceSchema = z.object({
  id: z.string(),
  label: z.string(),
  /** Where it connects now; empty when that cannot be worked out (then `detail` says why). */
  url: z.string(),
  detail: z.string(),
});
export type EngineChoice = z.infer<typeof EngineChoiceSchema>;

const EngineChoicesSchema = z.object({
  /** The id of the choice in use, or `custom` for an address confirmed through "Other address…". */
  selected: z.string(),
  choices: z.array(EngineChoiceSchema),
  /** The stored address when it is not one of the choices. */
  custom: z.string().optional(),
  /** Why only "Automatic" can be chosen here (no native dialogs, e.g. in preview). */
  unavailable: z.string().optional(),
});
export type EngineChoices = z.infer<typeof EngineChoicesSchema>;

/** A brief look at one of main's engine choices (main/core/engine/probe.ts): asked without any credentials. */
const EngineProbeSchema = z.object({
  id: z.string(),
  url: z.string(),
  reachable: z.boolean(),
  version: z.string().optional(),
  os: z.string().optional(),
  arch: z.string().optional(),
  swarmManager: z.boolean().optional(),
  reason: z.string().optional(),
});
export type EngineProbe = z.infer<typeof EngineProbeSchema>;

/** The answer to a change made through main's dialogs: `changed` is false when the user cancelled. */
const SettingsChangeSchema = z.object({ changed: z.boolean(), settings: SettingsSchema });
export type SettingsChange = z.infer<typeof SettingsChangeSchema>;

/** Things the user must be told once, e.g. a settings file that could not be read and was moved aside. */
const NoticeSchema = z.object({ id: z.string(), level: z.enum(['info', 'warning', 'error']), title: z.string(), message: z.string() });
export type Notice = z.infer<typeof NoticeSchema>;

// ---------------------------------------------------------------------------------------------------------
// Pulls and local images (pulls.md). Pull state lives in main; views subscribe and can come and go.

export const PlatformSchema = z
  .string()
  .max(64)
  .regex(/^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/, 'use os/arch or os/arch/variant, e.g. linux/amd64 or linux/arm64/v8');

const SecretText = z
  .string()
  .min(1)
  .max(MAX_SECRET_LENGTH, { error: (issue) => secretTooLongMessage(typeof issue.input === 'string' ? issue.input.length : MAX_SECRET_LENGTH + 1) });

const OneTimeCredentialsSchema = z.object({ username: Text(300).min(1), password: SecretText });

export const PullRequestSchema = z.object({
  image: Text(1024),
  platform: PlatformSchema.optional(),
  oneTimeCredentials: OneTimeCredentialsSchema.optional(),
});
export type PullRequest = z.infer<typeof PullRequestSchema>;

const FailureSchema = z.object({
  code: z.string(),
  title: z.string(),
  cause: z.string(),
  fix: z.string(),
  detail: z.string(),
  credential: z.string(),
  /** For PLATFORM: the platforms the image offers, so the page can offer to pull one of them. */
  platforms: z.array(z.string()).optional(),
});
export type FailureView = z.infer<typeof FailureSchema>;

const PullLayerSchema = z.object({
  id: z.string(),
  /** Docker's own words: Waiting, Downloading, Extracting, Pull complete, Already exists, … */
  status: z.string(),
  phase: z.enum(['waiting', 'downloading', 'verifying', 'downloaded', 'extracting', 'complete', 'exists']),
  current: z.number(),
  total: z.number(),
});

const PullStateSchema = z.enum(['queued', 'checking', 'pulling', 'done', 'failed', 'cancelled']);
export type PullState = z.infer<typeof PullStateSchema>;

export const PullViewSchema = z.object({
  id: z.string(),
  /** Canonical reference, e.g. docker.io/library/nginx:latest. */
  image: z.string(),
  /** As docker prints it, e.g. nginx:latest. */
  familiar: z.string(),
  platform: z.string().optional(),
  state: PullStateSchema,
  /** 1-based place in the queue while queued. */
  queuePosition: z.number().optional(),
  credential: z.object({ source: CredentialSourceSchema, summary: z.string(), reason: z.string() }),
  layers: z.array(PullLayerSchema),
  bytesDone: z.number(),
  bytesTotal: z.number(),
  /** 0–100; never goes backwards. */
  percent: z.number(),
  bytesPerSecond: z.number().optional(),
  etaSeconds: z.number().optional(),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  digest: z.string().optional(),
  imageId: z.string().optional(),
  sizeBytes: z.number().optional(),
  /** Said when stored credentials were rejected and the pull was retried anonymously. */
  notes: z.array(z.string()),
  error: FailureSchema.optional(),
});
export type PullView = z.infer<typeof PullViewSchema>;


export const ImageViewSchema = z.object({
  id: z.string(),
  /** repository:tag names; `<none>:<none>` images have none. */
  tags: z.array(z.string()),
  digests: z.array(z.string()),
  sizeBytes: z.number(),
  createdAt: z.string(),
  /** Registry host of the first tag, e.g. docker.io or 127.0.0.1:5001. */
  registry: z.string().optional(),
  containers: z.number().optional(),
});
export type ImageView = z.infer<typeof ImageViewSchema>;

/**
 * A list too large to send whole on every change (2,000 images are ~485 KB): the list call answers every item at a
 * version of one feed, and the change event carries only what changed since the version before it. A view applies a
 * change only to the version it holds (same feed, version + 1); a gap, another feed (main restarted) or a reload means
 * asking for the whole list again. The renderer's store is renderer/bridge/livePatchedList.ts.
 */
export function patchedListSchemas<T extends z.ZodType>(item: T) {
  const position = { feed: z.string(), version: z.number().int().nonnegative() };
  return {
    list: z.object({ ...position, items: z.array(item) }),
    change: z.object({ ...position, changed: z.array(item), removed: z.array(z.string()) }),
  };
}
const ImageListSchemas = patchedListSchemas(ImageViewSchema);
export type ImagesChange = z.infer<typeof ImageListSchemas.change>;
export type ImageList = z.infer<typeof ImageListSchemas.list>;

/** Disk use of the local images as `docker system df -v` counts it: each layer once, however many images share it. */
const ImagesUsageSchema = z.object({
  /** Every image layer once (the engine's LayersSize). */
  totalBytes: z.number(),
  /** Of that, bytes in layers more than one image uses. No per-image figures: no screen shows them, and they were
   * ~200 KB at 2,000 images, sent again after every change of the list. */
  sharedBytes: z.number(),
});
export type ImagesUsage = z.infer<typeof ImagesUsageSchema>;

export const LibrarySchema = z.object({
  favourites: z.array(z.string()),
  recents: z.array(z.object({ image: z.string(), platform: z.string().optional(), at: z.string() })),
});
export type Library = z.infer<typeof LibrarySchema>;

// ---------------------------------------------------------------------------------------------------------
// Stacks (stacks.md) — begin. The renderer names a stack by its id only: no call takes a path.

const StackIdSchema = Text(300);
/** Largest compose text the editor may send (the reader refuses larger files too). */
const MAX_COMPOSE_TEXT = 1024 * 1024;
const ComposeText = Text(MAX_COMPOSE_TEXT);
const EnvText = Text(256 * 1024);

const ComposeProblemSchema = z.object({
  code: z.string(),
  /** Errors stop a deploy; warnings do not. */
  severity: z.enum(['error', 'warning']),
  message: z.string(),
  service: z.string().optional(),
  /** 1-based, in the compose file, when the problem has a place there. */
  line: z.number().optional(),
  column: z.number().optional(),
});
export type ComposeProblemView = z.infer<typeof ComposeProblemSchema>;

export const StackViewSchema = z.object({
  /** `app:<name>`, `file:<uuid>` or `project:<name>`. */
  id: z.string(),
  /** Written in the app, an opened compose file, or found on the engine (started elsewhere). */
  kind: z.enum(['app', 'file', 'external']),
  name: z.string(),
  project: z.string(),
  /** Stacks started outside Stevedore are watched only, until their compose file is opened. */
  readOnly: z.boolean(),
  /** Where the compose file is, for people to read; never accepted back. */
  location: z.string().optional(),
  envFile: z.string().optional(),
  projectNameOverride: z.string().optional(),
  state: z.enum(['running', 'partial', 'stopped', 'not-deployed']),
  containers: z.object({ running: z.number(), total: z.number() }),
  /** The deploy in progress, if any. */
  deployId: z.string().optional(),
  /** Why the compose file could not be used, when it could not. */
  problem: z.string().optional(),
  /** `unreadable`: the file could not be read (gone, no permission); `invalid`: it was read but is not a valid compose file. */
  problemKind: z.enum(['unreadable', 'invalid']).optional(),
  /** The engine the stack was last deployed to (main's choice id and endpoint URL, never credentials). */
  deployedEngine: z.object({ choice: z.string(), url: z.string() }).optional(),
  /** Set when that engine is not the active one: its state is not known here, and this says where to look. */
  onOtherEngine: z.string().optional(),
  /** Set when the stack runs on the active engine as a Swarm stack: its services and tasks running/desired (then also in state and containers). */
  swarm: z.object({ services: z.number(), running: z.number(), desired: z.number() }).optional(),
});
export type StackView = z.infer<typeof StackViewSchema>;

/** A service of a Swarm stack (main/core/swarm): replicas and, when short of them, the newest task error. */
const SwarmServiceRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  service: z.string(),
  image: z.string(),
  mode: z.enum(['replicated', 'global']),
  running: z.number(),
  desired: z.number(),
  error: FailureSchema.optional(),
});
export type SwarmServiceRowView = z.infer<typeof SwarmServiceRowSchema>;

const SwarmStackViewSchema = z.object({ stackId: z.string(), stack: z.string(), services: z.array(SwarmServiceRowSchema) });
export type SwarmStackViewData = z.infer<typeof SwarmStackViewSchema>;

const StackDetailSchema = z.object({
  stack: StackViewSchema,
  /** The compose file (and .env) text: editable for app stacks, shown read-only for opened files. */
  yaml: z.string().optional(),
  env: z.string().optional(),
  editable: z.boolean(),
  services: z.array(z.string()),
  problems: z.array(ComposeProblemSchema),
});
export type StackDetail = z.infer<typeof StackDetailSchema>;

const StackValidationSchema = z.object({
  project: z.string().optional(),
  services: z.array(z.string()),
  problems: z.array(ComposeProblemSchema),
});
export type StackValidation = z.infer<typeof StackValidationSchema>;

const PlannedActionSchema = z.enum(['pull', 'use-local', 'build', 'pull-or-build', 'none']);

const PreflightServiceSchema = z.object({
  service: z.string(),
  image: z.string(),
  canonical: z.string().optional(),
  build: z.boolean(),
  pullPolicy: z.string().optional(),
  platform: z.string().optional(),
  credential: CredentialExplanationSchema.optional(),
  /** Whether the engine has the image; absent when it could not be asked. */
  local: z.boolean().optional(),
  action: PlannedActionSchema,
  reason: z.string(),
});

export const PreflightSchema = z.object({
  stackId: z.string(),
  project: z.string(),
  services: z.array(PreflightServiceSchema),
  problems: z.array(ComposeProblemSchema),
  /** Every compose file the deploy uses, relative to the project folder, in the order compose merges them. */
  files: z.array(z.string()).optional(),
  /** The Compose v2 that will run the deploy, e.g. "docker compose (CLI plugin) 2.26.1". */
  compose: z.string().optional(),
  ok: z.boolean(),
});
export type PreflightView = z.infer<typeof PreflightSchema>;

const StackContainerSchema = z.object({
  id: z.string(),
  name: z.string(),
  state: z.string(),
  status: z.string(),
  health: z.enum(['healthy', 'unhealthy', 'starting']).optional(),
  ports: z.array(z.string()),
  image: z.string(),
  imageId: z.string(),
  createdAt: z.string(),
});

export const StackStatusSchema = z.object({
  stackId: z.string(),
  project: z.string(),
  services: z.array(
    z.object({
      service: z.string(),
      /** running, exited, … ; `mixed` when its containers differ; `not-created` when it has none. */
      state: z.string(),
      health: z.enum(['healthy', 'unhealthy', 'starting']).optional(),
      ports: z.array(z.string()),
      image: z.string().optional(),
      containers: z.array(StackContainerSchema),
    }),
  ),
  at: z.string(),
});
export type StackStatus = z.infer<typeof StackStatusSchema>;

const DeployLogLineSchema = z.object({ at: z.string(), stream: z.enum(['stdout', 'stderr', 'stevedore']), text: z.string() });
export type DeployLogLine = z.infer<typeof DeployLogLineSchema>;

const DeployErrorSchema = z.object({
  code: z.string(),
  title: z.string(),
  cause: z.string(),
  fix: z.string(),
  detail: z.string(),
  credential: z.string().optional(),
  image: z.string().optional(),
  service: z.string().optional(),
});

export const DeployViewSchema = z.object({
  id: z.string(),
  stackId: z.string(),
  project: z.string(),
  redeploy: z.boolean(),
  state: z.enum(['checking', 'pulling', 'building', 'starting', 'done', 'failed']),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  /** Overall pull progress, 0–100. */
  percent: z.number(),
  pulls: z.array(
    z.object({
      image: z.string(),
      services: z.array(z.string()),
      platform: z.string().optional(),
      pullId: z.string().optional(),
      state: z.enum(['waiting', 'queued', 'checking', 'pulling', 'done', 'failed', 'cancelled', 'building']),
      percent: z.number(),
      credential: z.object({ source: CredentialSourceSchema, summary: z.string(), reason: z.string() }).optional(),
      error: FailureSchema.optional(),
    }),
  ),
  services: z.array(
    z.object({
      service: z.string(),
      action: PlannedActionSchema,
      state: z.string().optional(),
      containerId: z.string().optional(),
      imageId: z.string().optional(),
      ok: z.boolean().optional(),
    }),
  ),
  /** The last lines of the deploy log (Stevedore's steps and compose's output, secrets removed). */
  log: z.array(DeployLogLineSchema),
  /** Earlier lines no longer kept. */
  logDropped: z.number(),
  error: DeployErrorSchema.optional(),
});
export type DeployView = z.infer<typeof DeployViewSchema>;

const StackActionResultSchema = z.object({ status: StackStatusSchema, log: z.array(DeployLogLineSchema) });
export type StackActionResult = z.infer<typeof StackActionResultSchema>;

const StackLogBatchSchema = z.object({
  streamId: z.string(),
  lines: z.array(z.object({ container: z.string(), stream: z.enum(['stdout', 'stderr']), text: z.string(), time: z.string().optional() })),
  /** The stream is over (not following, stopped, or failed: then `error` says why). */
  ended: z.boolean().optional(),
  error: z.string().optional(),
});
export type StackLogBatch = z.infer<typeof StackLogBatchSchema>;

// Stacks — end.

// Updates — begin (issue 14; the checker is main/core/updates/).

/** Where an image stands against its registry. */
const UpdateStateSchema = z.enum([
  /** The local repo digest is the registry's current digest for the tag. */
  'up-to-date',
  /** The digests differ. */
  'update-available',
  /** No repo digest: built here or loaded, never pulled. */
  'built-locally',
  /** Referenced by digest (name@sha256:…): nothing to check. */
  'pinned',
  /** Registry unreachable, denied, rate limited…: `problem` says what, why, what to do. */
  'could-not-check',
  'not-checked',
  /** The user opted out (image, stack or compose label dev.stevedore.updates: "false"). */
  'ignored',
]);
export type UpdateState = z.infer<typeof UpdateStateSchema>;
const ImageSideSchema = z.object({
  /** sha256:… (the index digest for multi-arch). */
  digest: z.string().optional(),
  /** org.opencontainers.image.version */
  version: z.string().optional(),
  /** ISO time (config `created` or org.opencontainers.image.created). */
  created: z.string().optional(),
});
export type ImageSide = z.infer<typeof ImageSideSchema>;
const ImageUpdateSchema = z.object({
  /** The normalised reference checked, repository:tag (e.g. 127.0.0.1:5001/team/app:1.25). The key. */
  image: z.string(),
  state: UpdateStateSchema,
  /** For could-not-check: a catalogue failure (what, why, what to do). */
  problem: FailureSchema.optional(),
  local: ImageSideSchema.optional(),
  remote: ImageSideSchema.optional(),
  /** Newer tags of the same shape, from the tag list, newest first, at most 3 (e.g. ['1.27-alpine']). */
  newerTags: z.array(z.string()),
  /** Local image ids with this name (Images screen badges) and stack services using it (stack badges). */
  imageIds: z.array(z.string()),
  usedBy: z.array(z.object({ stackId: z.string(), service: z.string() })),
  /** Containers running an image older than the local one for this name ("running an older image"). */
  staleContainers: z.array(
    z.object({ id: z.string(), name: z.string(), stackId: z.string().optional(), service: z.string().optional() }),
  ),
  checkedAt: z.string().optional(),
});
export type ImageUpdate = z.infer<typeof ImageUpdateSchema>;
const UpdatesStatusShape = { checking: z.boolean(), lastCheckAt: z.string().optional(), nextCheckAt: z.string().optional() };
export const UpdatesViewSchema = z.object({ ...UpdatesStatusShape, images: z.array(ImageUpdateSchema) });
export type UpdatesView = z.infer<typeof UpdatesViewSchema>;
/**
 * The updates view as a patched list (like the images, see patchedListSchemas; issue 15: the whole view was 3–9 MB a
 * listing at ~1,350 images): the calls answer it whole at a version, and `updates.changed` carries the entries added
 * or changed and the `image` keys removed since the version before, with the check status.
 */
const UpdatesListSchemas = patchedListSchemas(ImageUpdateSchema);
export const UpdatesListSchema = UpdatesViewSchema.extend(UpdatesListSchemas.list.omit({ items: true }).shape);
export type UpdatesList = z.infer<typeof UpdatesListSchema>;
export const UpdatesChangeSchema = UpdatesListSchemas.change.extend(UpdatesStatusShape);
export type UpdatesChange = z.infer<typeof UpdatesChangeSchema>;
/**
 * What `updates.check` and `updates.ignore` answer: where the view is once the call is done, and its check status —
 * not its entries (the whole view was hundreds of KB at 2,000 images). Every entry that changed went to every window
 * in `updates.changed` before this answer; a window still behind this version asks for the view again.
 */
export const UpdatesPositionSchema = UpdatesListSchema.omit({ images: true });
export type UpdatesPosition = z.infer<typeof UpdatesPositionSchema>;
export const StackUpdateResultSchema = z.object({
  stackId: z.string(),
  services: z.array(
    z.object({
      service: z.string(),
      image: z.string(),
      outcome: z.enum(['recreated', 'unchanged', 'pull-failed', 'recreate-failed', 'ignored']),
      message: z.string().optional(),
    }),
  ),
  log: z.array(DeployLogLineSchema),
});
export type StackUpdateResult = z.infer<typeof StackUpdateResultSchema>;

// Updates — end.

// ---------------------------------------------------------------------------------------------------------
// The tables

const Empty = z.undefined();

interface CallSpec {
  request: z.ZodType;
  response: z.ZodType;
}

export const calls = {
  'app.info': { request: Empty, response: AppInfoSchema },
  /** Where the docker CLI, Compose and the Docker config's credential helpers were found. */
  'app.tools': { request: Empty, response: ToolsReportSchema },
  'engine.status': { request: Empty, response: EngineStatusSchema },
  /** Try to connect now instead of waiting for the next automatic attempt. */
  'engine.reconnect': { request: Empty, response: EngineStatusSchema },

  'registries.list': { request: Empty, response: z.array(RegistryViewSchema) },
  /** Validates without saving; `id` names the registry being edited. */
  'registries.validate': {
    request: z.object({ input: RegistryInputSchema, id: Text(100).optional(), clearCredentials: z.boolean().optional() }),
    response: FieldErrorsSchema,
  },
  'registries.add': { request: RegistryInputSchema, response: RegistryViewSchema },
  'registries.update': { request: RegistryUpdateSchema, response: RegistryViewSchema },
  'registries.remove': { request: z.object({ id: Text(100) }), response: z.object({ removed: z.boolean() }) },
  /** Checks the stored credentials against the registry through the engine, and records the result. */
  'registries.test': { request: z.object({ id: Text(100) }), response: RegistryCheckSchema },
  /** Which credentials a pull of `image` will use; `withOneTimeCredentials` when the user typed some for this pull. */
  'registries.explain': {
    request: z.object({ image: Text(1024), withOneTimeCredentials: z.boolean().optional() }),
    response: CredentialExplanationSchema,
  },
  'registries.previewPatterns': {
    request: z.object({ address: Text(300), patterns: z.array(Text(300)).max(100), sample: Text(1024).optional() }),
    response: PatternPreviewSchema,
  },
  'registries.dockerConfig': {
    request: Empty,
    response: z.object({ file: z.string(), exists: z.boolean(), entries: z.array(DockerConfigEntrySchema), problems: z.array(z.string()) }),
  },
  'registries.import': {
    request: z.object({ hosts: z.array(Text(300)).min(1).max(100) }),
    response: z.object({ imported: z.array(RegistryViewSchema), skipped: z.array(z.object({ host: z.string(), reason: z.string() })) }),
  },
  /** The registry client (main/core/registry-client): tags, a tag's description, Docker Hub's pulls left. */
  'registry.tags': { request: z.object({ image: Text(1024), prefix: Text(128).optional() }), response: TagSuggestionsSchema },
  'registry.inspect': { request: z.object({ image: Text(1024), platform: PlatformSchema.optional() }), response: RemoteImageSchema },
  'registry.rateLimit': { request: z.object({ image: Text(1024) }), response: RateLimitSchema },

  'pulls.start': { request: PullRequestSchema, response: PullViewSchema },
  'pulls.cancel': { request: z.object({ id: Text(100) }), response: z.object({ cancelled: z.boolean() }) },
  /** Running and queued pulls, then the most recent finished ones. */
  'pulls.list': { request: Empty, response: z.array(PullViewSchema) },
  'images.list': { request: Empty, response: ImageListSchemas.list },
  'images.usage': { request: Empty, response: ImagesUsageSchema },
  'images.remove': { request: z.object({ id: Text(200), force: z.boolean().optional() }), response: z.object({ removed: z.array(z.string()) }) },
  'library.get': { request: Empty, response: LibrarySchema },
  'library.setFavourite': { request: z.object({ image: Text(1024), favourite: z.boolean() }), response: LibrarySchema },

  'settings.get': { request: Empty, response: SettingsSchema },
  'settings.update': { request: SettingsUpdateSchema, response: SettingsSchema },
  /** The engines main offers: Automatic, DOCKER_HOST, the current context, the platform default, Podman. */
  'engine.choices': { request: Empty, response: EngineChoicesSchema },
  /** Picks one of engine.choices by id; main asks the user to confirm in a native dialog (except for Automatic). */
  'engine.choose': { request: z.object({ id: Text(100) }), response: SettingsChangeSchema },
  /** "Other address…": main checks the proposed address, then asks the user to confirm it in a native dialog. */
  'engine.chooseCustom': { request: z.object({ address: Text(2048) }), response: SettingsChangeSchema },
  /** Probes every engine choice at once (reachability, version, OS/arch, Swarm manager), each with a deadline. */
  'engine.probe': { request: Empty, response: z.array(EngineProbeSchema) },
  /**
   * "Add an engine": only a proposed name and ssh:// or tcp:// address. Main checks them, asks for TLS files with
   * its own folder dialog, confirms natively, writes a docker context and connects. No paths from the window.
   */
  'engine.add': { request: z.object({ name: Text(100), address: Text(2048) }).strict(), response: SettingsChangeSchema },
  /** Shows main's open-file dialog for the Docker config file (regular files only). */
  'settings.chooseDockerConfig': { request: Empty, response: SettingsChangeSchema },
  /** Back to $DOCKER_CONFIG/config.json or ~/.docker/config.json. */
  'settings.useDefaultDockerConfig': { request: Empty, response: SettingsChangeSchema },
  'notices.list': { request: Empty, response: z.array(NoticeSchema) },
  'notices.dismiss': { request: z.object({ id: Text(100) }), response: z.object({ dismissed: z.boolean() }) },

  // Stacks — begin.
  'stacks.list': { request: Empty, response: z.array(StackViewSchema) },
  'stacks.get': { request: z.object({ id: StackIdSchema }), response: StackDetailSchema },
  /** Checks compose text as the editor changes it, without saving: problems with line and column. */
  'stacks.validate': {
    request: z.object({ yaml: ComposeText, env: EnvText.optional(), name: Text(100).optional() }),
    response: StackValidationSchema,
  },
  /** A stack written in the app; the name is also its compose project name. */
  'stacks.create': { request: z.object({ name: Text(100), yaml: ComposeText, env: EnvText.optional() }), response: StackDetailSchema },
  /** Saves an app stack; `env` absent keeps the .env, empty removes it. */
  'stacks.save': { request: z.object({ id: StackIdSchema, yaml: ComposeText, env: EnvText.optional() }), response: StackDetailSchema },
  /** App stacks: deletes their folder (refused while containers exist). Opened files: forgotten, the file stays. */
  'stacks.delete': { request: z.object({ id: StackIdSchema }), response: z.object({ deleted: z.boolean() }) },
  /** Shows main's file dialog (a compose file or its folder); `for` names a stack found on the engine, to adopt. */
  'stacks.open': { request: z.object({ for: StackIdSchema.optional() }), response: z.object({ opened: StackViewSchema.optional() }) },
  /** Opened files: choose the env file in main's dialog, or `clear` to go back to the .env beside the file. */
  'stacks.chooseEnvFile': { request: z.object({ id: StackIdSchema, clear: z.boolean().optional() }), response: StackViewSchema },
  /** Overrides the project name (absent: back to compose's own choice). */
  'stacks.setProjectName': { request: z.object({ id: StackIdSchema, projectName: Text(100).optional() }), response: StackViewSchema },
  'stacks.preflight': { request: z.object({ id: StackIdSchema, redeploy: z.boolean().optional() }), response: PreflightSchema },
  /** Starts a deploy (or joins the one running for this stack); progress follows as stacks.deploy.progress. */
  'stacks.deploy': { request: z.object({ id: StackIdSchema, redeploy: z.boolean().optional() }), response: DeployViewSchema },
  /** Running deploys, then the most recent finished ones. */
  'stacks.deploys': { request: Empty, response: z.array(DeployViewSchema) },
  'stacks.stop': { request: z.object({ id: StackIdSchema }), response: StackActionResultSchema },
  'stacks.start': { request: z.object({ id: StackIdSchema }), response: StackActionResultSchema },
  /** Removes containers and networks; volumes only when asked (the UI confirms first). */
  'stacks.down': { request: z.object({ id: StackIdSchema, volumes: z.boolean() }), response: StackActionResultSchema },
  'stacks.status': { request: z.object({ id: StackIdSchema }), response: StackStatusSchema },
  /** Starts a log stream of one service; lines follow as stacks.log events with this stream id. */
  'stacks.logs.follow': {
    request: z.object({
      id: StackIdSchema,
      service: Text(200),
      tail: z.number().int().min(0).max(10_000),
      follow: z.boolean(),
      /** Per container, the time of the last line the view shows: read on from there (the preview connection came back). */
      after: z.array(z.object({ container: Text(200), time: Text(64) })).max(1000).optional(),
    }),
    response: z.object({ streamId: z.string() }),
  },
  'stacks.logs.stop': { request: z.object({ streamId: Text(100) }), response: z.object({ stopped: z.boolean() }) },
  /** Whether the active engine is a Swarm manager (`/info` Swarm.ControlAvailable): the Stacks screen offers "Deploy to Swarm". */
  'swarm.state': { request: Empty, response: z.object({ manager: z.boolean() }) },
  /** docker stack deploy --with-registry-auth of the stack's compose file, each image with its resolved credential. */
  'swarm.deploy': { request: z.object({ id: StackIdSchema }), response: SwarmStackViewSchema },
  'swarm.services': { request: z.object({ id: StackIdSchema }), response: SwarmStackViewSchema },
  'swarm.scale': {
    request: z.object({ id: StackIdSchema, service: Text(100), replicas: z.number().int().min(0).max(SWARM_MAX_REPLICAS) }),
    response: SwarmStackViewSchema,
  },
  /** docker service update --force --with-registry-auth: new tasks, the image pulled again. */
  'swarm.update': { request: z.object({ id: StackIdSchema, service: Text(100) }), response: SwarmStackViewSchema },
  'swarm.logs': { request: z.object({ id: StackIdSchema, service: Text(100), tail: z.number().int().min(1).max(5000) }), response: z.object({ lines: z.array(z.string()) }) },
  /** docker stack rm. */
  'swarm.remove': { request: z.object({ id: StackIdSchema }), response: z.object({ removed: z.boolean() }) },
  // Stacks — end.
  // Updates — begin. (Updating one image is `pulls.start` with that image; the checker re-checks it when the pull ends.)
  'updates.list': {
    /**
     * `omitQuiet`: leave out the entries with nothing to show (no update or problem known, not opted out, no newer tag,
     * no container on an older image) — a window's first ask (issue 18: ~500 KB of such entries at 2,000 images, at
     * boot). The changes that follow still carry every entry that changed.
     */
    request: z.object({ omitQuiet: z.boolean().optional() }).strict().optional(),
    response: UpdatesListSchema,
  },
  /** "Check now": all (no argument), one image, or one stack's images. */
  'updates.check': { request: z.object({ image: Text(1024).optional(), stackId: StackIdSchema.optional() }).strict(), response: UpdatesPositionSchema },
  /** Pulls the stack's changed images with their credentials, then `compose up -d --no-deps --pull never` only those services. */
  'updates.applyStack': { request: z.object({ id: StackIdSchema }), response: StackUpdateResultSchema },
  /** Opt-outs, stored in settings. */
  'updates.ignore': {
    request: z.object({ image: Text(1024).optional(), stackId: StackIdSchema.optional(), ignore: z.boolean() }).strict(),
    response: UpdatesPositionSchema,
  },
  // Updates — end.
} as const satisfies Record<string, CallSpec>;

export const events = {
  /** What `app.info` answers changed: the keyring answered late, or not in time. */
  'app.info': AppInfoSchema,
  'engine.status': EngineStatusSchema,
  'registries.changed': z.array(RegistryViewSchema),
  'notices.changed': z.array(NoticeSchema),
  /** A pull changed: at most ~10 a second per pull, and always its final state. */
  'pulls.progress': PullViewSchema,
  /** What changed in the local images since the previous version (see patchedListSchemas). */
  'images.changed': ImageListSchemas.change,
  'library.changed': LibrarySchema,
  /**
   * Raised by the preview's WebSocket transport itself, never by main: the preview server refused this page (no
   * session, too many tabs), so every call fails until the user does what `fix` says.
   */
  'connection.refused': z.object({ code: z.number(), message: z.string(), fix: z.string() }),
  /**
   * Raised by the preview's WebSocket transport itself, never by main: the socket dropped and is open again. Main
   * ended what the old socket had open (log streams) and events of the gap were lost, so live views ask again.
   */
  'connection.restored': z.object({}),
  // Stacks — begin.
  'stacks.changed': z.array(StackViewSchema),
  /** A deploy changed: at most ~10 a second per deploy, and always its final state. */
  'stacks.deploy.progress': DeployViewSchema,
  /** A stack's containers changed (from the engine's events). */
  'stacks.status': StackStatusSchema,
  'stacks.log': StackLogBatchSchema,
  // Stacks — end.
  /** What changed in the updates view since the previous version (UpdatesChangeSchema). */
  'updates.changed': UpdatesChangeSchema,
} as const satisfies Record<string, z.ZodType>;

// ---------------------------------------------------------------------------------------------------------
// Derived names and types

export type CallName = keyof typeof calls;
export type EventName = keyof typeof events;
export type CallRequest<N extends CallName> = z.input<(typeof calls)[N]['request']>;

/**
 * State main owns, each list (or value) call paired with the event that carries its changes. The renderer's live
 * stores (renderer/bridge/liveValue.ts, liveCollection.ts, livePatchedList.ts) take only these pairs, so a store
 * cannot follow an event that does not exist or does not carry what the call answered. Values: the event carries
 * the whole new value.
 */
export const liveValues = {
  'app.info': 'app.info',
  'engine.status': 'engine.status',
  'registries.list': 'registries.changed',
  'notices.list': 'notices.changed',
  'library.get': 'library.changed',
  'stacks.list': 'stacks.changed',
} as const satisfies Partial<Record<CallName, EventName>>;
export type LiveValueCall = keyof typeof liveValues;

/** Collections: the call lists items with an `id`, the event carries one changed item. */
export const liveCollections = {
  'pulls.list': 'pulls.progress',
  'stacks.deploys': 'stacks.deploy.progress',
} as const satisfies Partial<Record<CallName, EventName>>;
export type LiveCollectionCall = keyof typeof liveCollections;

/**
 * Patched lists: the call answers `{ feed, version, items }`, the event carries the changes since the version before.
 * (`updates.list` / `updates.changed` is one too, with its entries in `images` keyed by `image` and the check status
 * beside them: renderer/updates/useUpdates.ts follows it with the same store.)
 */
export const livePatchedLists = {
  'images.list': 'images.changed',
} as const satisfies Partial<Record<CallName, EventName>>;
export type LivePatchedListCall = keyof typeof livePatchedLists;
export type CallResponse<N extends CallName> = z.output<(typeof calls)[N]['response']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export { CHANNEL_PREFIX, callChannel, eventChannel } from './channels';
export const callNames = Object.keys(calls) as CallName[];
export const eventNames = Object.keys(events) as EventName[];

/** Every call answers with this envelope, because errors thrown across Electron's IPC lose their fields. */
export type CallResult<T> = { ok: true; value: T } | { ok: false; error: BridgeError };

/** What the preload script exposes as `window.stevedore`. */
export interface StevedoreBridge {
  invoke<N extends CallName>(name: N, request: CallRequest<N>): Promise<CallResult<CallResponse<N>>>;
  /** Subscribes to an event; returns the function that unsubscribes. */
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** Largest request the main process accepts, in bytes of JSON. Compose files are the largest legitimate payload. */
export const MAX_REQUEST_BYTES = 2 * 1024 * 1024;
