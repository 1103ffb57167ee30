/**
 * A throwaway PostgreSQL cluster for the tests: initdb in a temporary folder, the server
 * listening only on a Unix socket in that folder (no TCP port), stopped and removed by
 * `stop()`. As root it runs as the `postgres` user (the server refuses root). The server
 * programs come from TALENTFLOW_PG_BIN (set by scripts/run-tests.mjs after installing
 * Debian's postgresql when missing) or the usual places.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/** A running cluster. */
export interface PgCluster {
  /** The socket folder (the `host` of a connection). */
  socketDir: string;
  port: number;
  /** The cluster's superuser. */
  superuser: string;
  /** A connection URL for a user and database over the socket. */
  url(user: string, db?: string): string;
  /** Run SQL with psql as the superuser (throws on error); returns stdout. */
  psql(sqlText: string, db?: string): string;
  stop(): void;
}

/** Why the PostgreSQL tests cannot run here, or undefined when they can. */
export function pgSkipReason(): string | undefined {
  if (process.env.TALENTFLOW_SKIP_PG === '1') return process.env.TALENTFLOW_SKIP_PG_REASON ?? 'TALENTFLOW_SKIP_PG=1';
  return binDir() ? undefined : 'PostgreSQL server programs (initdb, pg_ctl) not found; run the tests with `npm test`, which installs Debian postgresql';
}

function binDir(): string | undefined {
  const dirs = [process.env.TALENTFLOW_PG_BIN ?? ''];
  try {
    for (const v of readdirSync('/usr/lib/postgresql').sort().reverse()) dirs.push(`/usr/lib/postgresql/${v}/bin`);
  } catch {
    // none
  }
  return dirs.find((d) => d && existsSync(join(d, 'initdb')) && existsSync(join(d, 'pg_ctl')));
}

/** Start a cluster (a few seconds). */
export function startCluster(): PgCluster {
  const bin = binDir();
  if (!bin) throw new Error(pgSkipReason());
  const root = mkdtempSync(join(tmpdir(), 'tf-pg-'));
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const superuser = asRoot ? 'postgres' : userInfo().username;
  if (asRoot) {
    const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    if (id.status !== 0) throw new Error('running as root, but there is no postgres user to run the server as');
    chownSync(root, Number(id.stdout), Number(gid.stdout));
  }
  chmodSync(root, 0o700);
  const run = (prog: string, args: string[], input?: string) => {
    const cmd = asRoot ? 'runuser' : join(bin, prog);
    const argv = asRoot ? ['-u', 'postgres', '--', join(bin, prog), ...args] : args;
    const r = spawnSync(cmd, argv, { encoding: 'utf8', input, cwd: root });
    if (r.status !== 0) throw new Error(`${prog} ${args.join(' ')} failed: ${r.stderr || r.stdout}`);
    return r.stdout;
  };
  const data = join(root, 'data');
  run('initdb', ['-D', data, '-U', superuser, '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync']);
  const port = 20000 + Math.floor(Math.random() * 30000);
  const opts = `-c listen_addresses='' -c unix_socket_directories='${root}' -p ${port} -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_parallel_workers_per_gather=2`;
  run('pg_ctl', ['-D', data, '-o', opts, '-l', join(root, 'server.log'), '-w', 'start']);
  const psqlBin = existsSync(join(bin, 'psql')) ? join(bin, 'psql') : 'psql';
  const cluster: PgCluster = {
    socketDir: root,
    port,
    superuser,
    url: (user, db = 'postgres') => `postgres://${encodeURIComponent(user)}@/${db}?host=${encodeURIComponent(root)}&port=${port}`,
    psql(sqlText, db = 'postgres') {
      const r = spawnSync(psqlBin, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-At', '-h', root, '-p', String(port), '-U', superuser, '-d', db], { encoding: 'utf8', input: sqlText });
      if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`);
      return r.stdout;
    },
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
  return cluster;
}
