// Several servers as production runs them: PostgreSQL, two server processes on it and nginx
// (Debian's nginx-light) balancing between them. balanced.config.ts starts it before the tests and
// stops it after; tests reach the processes through the state file it writes.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const targetDir = resolve(__dirname, '..', process.env.CARGO_TARGET_DIR ?? '../target');
const postgresMajor = readFileSync(join(root, 'scripts/versions.env'), 'utf8').match(/^POSTGRES_MAJOR=(\d+)$/m)![1];
const psqlBinary = `/usr/lib/postgresql/${postgresMajor}/bin/psql`;

/** What the tests need to reach the cluster; written to `<dir>/cluster.json`. */
export interface ClusterState {
  dir: string;
  databaseUrl: string;
  /** The balancer: every request of the tests goes here unless a test means one server. */
  proxyUrl: string;
  serverPorts: number[];
  /** Each server's data directory is the same one: its outbox is where either server mails. */
  dataDir: string;
  demoPassword: string;
}

export function clusterDir(): string {
  const dir = process.env.E2E_CLUSTER_DIR;
  if (!dir) throw new Error('E2E_CLUSTER_DIR is not set: run these tests with balanced.config.ts');
  return dir;
}

export function readState(dir = clusterDir()): ClusterState {
  return JSON.parse(readFileSync(join(dir, 'cluster.json'), 'utf8'));
}

/** Starts PostgreSQL, both servers at the same moment and nginx in front of them. */
export async function startCluster(dir: string, demoPassword: string, proxyPort: number): Promise<ClusterState> {
  mkdirSync(dir, { recursive: true });
  // Run as root (CI), PostgreSQL and nginx's workers run as other users: they must get through.
  chmodSync(dir, 0o755);
  const postgres = execFileSync(join(root, 'scripts/start-postgres.sh'), [join(dir, 'postgres')], { encoding: 'utf8' });
  const databaseUrl = postgres.match(/TEST_DATABASE_URL=(\S+)/)![1];
  const serverPorts = await Promise.all([freePort(), freePort()]);
  const state: ClusterState = {
    dir,
    databaseUrl,
    proxyUrl: `http://127.0.0.1:${proxyPort}`,
    serverPorts,
    dataDir: join(dir, 'data'),
    demoPassword,
  };
  writeFileSync(join(dir, 'cluster.json'), JSON.stringify(state, null, 2));
  await startServers(state, [0, 1]);
  await startProxy(state, proxyPort);
  return state;
}

export async function stopCluster(dir: string) {
  const state = readState(dir);
  await Promise.all(state.serverPorts.map((_, index) => stopServer(state, index, 'SIGTERM')));
  stopProcess(join(dir, 'nginx.pid'), 'SIGQUIT');
  await waitUntil(() => !isRunning(join(dir, 'nginx.pid')), 'nginx to stop');
  execFileSync(join(root, 'scripts/stop-postgres.sh'), [join(dir, 'postgres')]);
  rmSync(dir, { recursive: true, force: true });
}

/** Starts the given servers together (no waiting between them) and waits until each is ready. */
export async function startServers(state: ClusterState, indices: number[]) {
  for (const index of indices) {
    const port = state.serverPorts[index];
    const log = openSync(serverLog(state, index), 'a');
    const server = spawn(
      join(targetDir, 'debug/partner-center-server'),
      [
        `--bind=127.0.0.1:${port}`,
        `--data-dir=${state.dataDir}`,
        `--dist-dir=${join(root, 'dist')}`,
        '--demo',
        '--trusted-proxies=127.0.0.1',
        '--shutdown-timeout=10',
      ],
      {
        detached: true,
        stdio: ['ignore', log, log],
        env: {
          ...process.env,
          DATABASE_URL: state.databaseUrl,
          PARTNER_CENTER_PUBLIC_URL: state.proxyUrl,
          PARTNER_CENTER_DEMO_PASSWORD: state.demoPassword,
        },
      },
    );
    server.unref();
    writeFileSync(pidFile(state, index), String(server.pid));
  }
  await Promise.all(
    indices.map((index) =>
      waitUntil(async () => {
        if (!isRunning(pidFile(state, index))) {
          throw new Error(`server ${index} exited:\n${readFileSync(serverLog(state, index), 'utf8')}`);
        }
        return (await answer(`http://127.0.0.1:${state.serverPorts[index]}/api/v1/health/ready`)) === 200;
      }, `server ${index} to be ready`),
    ),
  );
}

/** Sends `signal` to one server and waits until its process is gone. */
export async function stopServer(state: ClusterState, index: number, signal: 'SIGTERM' | 'SIGKILL') {
  const file = pidFile(state, index);
  stopProcess(file, signal);
  await waitUntil(() => !isRunning(file), `server ${index} to exit`);
}

export function serverLog(state: ClusterState, index: number): string {
  return join(state.dir, `server-${index}.log`);
}

/** Runs one SQL statement on the cluster's database; its rows, columns separated by `|`. */
export function sql(state: ClusterState, statement: string): string[][] {
  const out = execFileSync(psqlBinary, [state.databaseUrl, '--no-psqlrc', '-At', '-v', 'ON_ERROR_STOP=1', '-c', statement], {
    encoding: 'utf8',
  });
  return out
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split('|'));
}

async function startProxy(state: ClusterState, port: number) {
  const temp = join(state.dir, 'nginx-temp');
  mkdirSync(temp, { recursive: true });
  chmodSync(temp, 0o777);
  const upstreams = state.serverPorts.map((p) => `server 127.0.0.1:${p} max_fails=1 fail_timeout=5s;`).join(' ');
  const config = join(state.dir, 'nginx.conf');
  writeFileSync(
    config,
    `daemon off;
worker_processes 1;
pid ${join(state.dir, 'nginx.pid')};
error_log ${join(state.dir, 'nginx-error.log')} warn;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path ${temp}/body;
  proxy_temp_path ${temp}/proxy;
  fastcgi_temp_path ${temp}/fastcgi;
  uwsgi_temp_path ${temp}/uwsgi;
  scgi_temp_path ${temp}/scgi;
  upstream partner_center { ${upstreams} keepalive 16; }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://partner_center;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Request-Id $request_id;
    }
  }
}
`,
  );
  const log = openSync(join(state.dir, 'nginx.log'), 'a');
  // Debian's path: /usr/sbin is not on an ordinary user's PATH.
  spawn('/usr/sbin/nginx', ['-c', config, '-p', state.dir], { detached: true, stdio: ['ignore', log, log] }).unref();
  await waitUntil(async () => (await answer(`${state.proxyUrl}/api/v1/health/ready`)) === 200, 'nginx to answer');
}

function pidFile(state: ClusterState, index: number): string {
  return join(state.dir, `server-${index}.pid`);
}

function stopProcess(file: string, signal: NodeJS.Signals) {
  try {
    process.kill(Number(readFileSync(file, 'utf8')), signal);
  } catch {
    // Already gone.
  }
}

function isRunning(file: string): boolean {
  try {
    const pid = Number(readFileSync(file, 'utf8'));
    process.kill(pid, 0);
    // A killed child of this process stays a zombie until reaped; its state says it is dead.
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function answer(url: string): Promise<number | undefined> {
  try {
    return (await fetch(url)).status;
  } catch {
    return undefined;
  }
}

async function waitUntil(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolvePort(port));
    });
  });
}
