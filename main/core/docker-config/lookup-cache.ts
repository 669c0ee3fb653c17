import { lookupDockerConfigCredential, type DockerConfigLookup, type DockerConfigOptions } from './lookup';
import { dockerConfigFilePath } from './location';

/**
 * The Docker config lookups of one batch of resolutions (an update check of many images): each host is looked up —
 * config.json read and parsed, its credential helper run — once per batch, whatever the number of images on it.
 * A new batch starts empty, so a change to the file between two checks is seen by the next one. A failed lookup
 * (an invalid file) is kept too: every image on the host gets the same answer within the batch.
 */
export class DockerConfigLookups {
  private readonly byFileAndHost = new Map<string, Promise<DockerConfigLookup>>();

  lookup(host: string, options: DockerConfigOptions): Promise<DockerConfigLookup> {
    const key = `${dockerConfigFilePath(options)}\n${host}`;
    const known = this.byFileAndHost.get(key);
    if (known !== undefined) return known;
    const lookup = lookupDockerConfigCredential(host, options);
    this.byFileAndHost.set(key, lookup);
    return lookup;
  }
}
