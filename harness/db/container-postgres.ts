import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { hostname } from 'node:os';
import { EnvironmentError } from '../errors.ts';
import { serverVersion } from './database-admin.ts';
import { createClusterHandle, type DatabaseCluster } from './database-cluster.ts';
import { checkRunId, newRunId } from './url-postgres.ts';

// The `container` provider: a PostgreSQL container through Testcontainers. We label the
// container (run, pid, host) and remove it ourselves — on stop, and by sweep after a killed
// run — instead of relying on Ryuk, whose image needs a registry (NOTES "Docker / Testcontainers").
// An image already present is never pulled.

export const CONTAINER_LABELS = { run: 'exactly-one.run', pid: 'exactly-one.pid', host: 'exactly-one.host', startedAt: 'exactly-one.started-at' } as const;
export const DEFAULT_CONTAINER_IMAGE = 'postgres:17-alpine';

export interface ContainerPostgresOptions {
  image?: string;
  runId?: string;
}

const NO_ENGINE_FIX =
  'start a Docker engine (Docker Desktop, colima, `sudo systemctl start docker`, or `dockerd &`), point DOCKER_HOST at one that runs, or use --db embedded (nothing to install)';

export async function startContainerPostgres(options: ContainerPostgresOptions = {}): Promise<DatabaseCluster> {
  const image = options.image ?? DEFAULT_CONTAINER_IMAGE;
  const runId = options.runId ?? newRunId();
  checkRunId(runId);
  // Before testcontainers reads them: no Ryuk (we clean up by label), and the mapped ports on
  // loopback when the engine is local.
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  if (!process.env.DOCKER_HOST || process.env.DOCKER_HOST.startsWith('unix://')) process.env.TESTCONTAINERS_HOST_OVERRIDE ??= '127.0.0.1';
  await checkExplicitDockerHost();

  const { getContainerRuntimeClient, ImageName } = await import('testcontainers');
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  let client: Awaited<ReturnType<typeof getContainerRuntimeClient>>;
  try {
    client = await getContainerRuntimeClient();
  } catch (error) {
    throw new EnvironmentError({ code: 'E_NO_DOCKER', message: `--db container needs a Docker engine, and none answers (${(error as Error).message})`, fix: NO_ENGINE_FIX, cause: error });
  }
  const present = await client.image.exists(ImageName.fromString(image));
  const password = randomBytes(12).toString('hex');
  const container = new PostgreSqlContainer(image)
    .withUsername('postgres')
    .withPassword(password)
    .withDatabase('postgres')
    .withLabels({
      [CONTAINER_LABELS.run]: runId,
      [CONTAINER_LABELS.pid]: String(process.pid),
      [CONTAINER_LABELS.host]: hostname(),
      [CONTAINER_LABELS.startedAt]: new Date().toISOString(),
    })
    .withPullPolicy({ shouldPull: () => !present });

  let started: Awaited<ReturnType<typeof container.start>>;
  try {
    started = await container.start();
  } catch (error) {
    const message = (error as Error).message;
    const pullFailed = !present && /pull|manifest|not found|repository|registry|resolve/i.test(message);
    throw new EnvironmentError({
      code: pullFailed ? 'E_IMAGE_UNAVAILABLE' : 'E_CONTAINER_START',
      message: pullFailed ? `the image ${image} is not on this machine and could not be pulled: ${message}` : `the PostgreSQL container (${image}) did not start: ${message}`,
      fix: pullFailed
        ? `pull it where a registry is reachable (\`docker pull ${image}\`), or give --container-image <an image present here>`
        : 'see `docker logs` of the container; check the image is a PostgreSQL image honouring POSTGRES_USER/PASSWORD/DB, or use --db embedded',
      cause: error,
    });
  }
  const adminUrl = started.getConnectionUri();
  let version: string;
  try {
    version = await serverVersion(adminUrl);
  } catch (error) {
    await started.stop({ remove: true, removeVolumes: true }).catch(() => {});
    throw new EnvironmentError({ code: 'E_CONTAINER_START', message: `the PostgreSQL container started but does not answer at its mapped port: ${(error as Error).message}`, fix: 'check TESTCONTAINERS_HOST_OVERRIDE / DOCKER_HOST point where the mapped ports are reachable', cause: error });
  }
  return createClusterHandle('container', adminUrl, runId, version, async () => {
    await started.stop({ remove: true, removeVolumes: true, timeout: 10_000 });
  });
}

/**
 * testcontainers falls back to /var/run/docker.sock when DOCKER_HOST does not answer; a user who
 * set DOCKER_HOST meant that engine, so say so instead of silently using another one.
 */
async function checkExplicitDockerHost(): Promise<void> {
  const dockerHost = process.env.DOCKER_HOST;
  if (!dockerHost || process.env.DOCKER_TLS_VERIFY) return;
  const target = dockerHost.startsWith('unix://') ? { socketPath: dockerHost.slice('unix://'.length) } : dockerHost.startsWith('tcp://') ? { host: new URL(dockerHost).hostname, port: Number(new URL(dockerHost).port || 2375) } : undefined;
  if (!target) return;
  const answered = await new Promise<boolean>((resolve) => {
    const req = request({ ...target, path: '/_ping', method: 'GET', timeout: 5_000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
  if (!answered) {
    throw new EnvironmentError({ code: 'E_NO_DOCKER', message: `--db container needs a Docker engine, and none answers at DOCKER_HOST=${dockerHost}`, fix: NO_ENGINE_FIX });
  }
}
