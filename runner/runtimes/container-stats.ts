/**
 * CPU and memory of a container servebench did not start (an external target's `--stats-container`),
 * read live from the Docker stats API via dockerode, computed as `docker stats` does.
 */
import Docker from 'dockerode';
import { resourceSampleFromStats, type DockerStats } from './docker-stats.ts';
import type { ResourceSample } from './runtime.ts';

export interface ContainerStats {
  /** The container's name as Docker reports it (no leading slash). */
  name: string;
  sample(): Promise<ResourceSample>;
}

/** Rejects when the engine does not answer or has no such container (nothing is ever guessed). */
export async function openContainerStats(container: string, socketPath?: string): Promise<ContainerStats> {
  const docker = socketPath ? new Docker({ socketPath }) : new Docker();
  const handle = docker.getContainer(container);
  const info = await handle.inspect();
  if (!info.State.Running) throw new Error(`container ${container} is not running (${info.State.Status})`);
  return {
    name: info.Name.replace(/^\//, ''),
    sample: async () => resourceSampleFromStats((await handle.stats({ stream: false })) as unknown as DockerStats),
  };
}
