import { homedir as osHomedir } from 'node:os';
import { join } from 'node:path';

export interface DockerConfigLocationOptions {
  /** The app setting "Docker config path" (a file); wins when set. */
  configPath?: string;
  /** Defaults to `process.env`; read for `DOCKER_CONFIG`. */
  env?: NodeJS.ProcessEnv;
  /** Defaults to `os.homedir()`. */
  homedir?: string;
}

/** The setting's file, else `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json` — as the docker CLI looks. */
export function dockerConfigFilePath(options: DockerConfigLocationOptions = {}): string {
  const configured = options.configPath?.trim();
  if (configured) return configured;
  const dockerConfigDirectory = (options.env ?? process.env)['DOCKER_CONFIG']?.trim();
  if (dockerConfigDirectory) return join(dockerConfigDirectory, 'config.json');
  return join(options.homedir ?? osHomedir(), '.docker', 'config.json');
}
