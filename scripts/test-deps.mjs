// What the test suite needs from the system, installed when missing: Debian's Chromium
// (the end-to-end tests drive it with playwright-core; never a downloaded browser) and
// the CJK fonts the Korean report and PNG charts render with. Used by run-tests.mjs when
// the selected tests include the browser tests. Where installing is impossible (not
// root, no apt-get, no package archive) it returns the reason, and the browser tests are
// reported as skipped with it; they are never silently passed.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

/** Where Debian's chromium package puts the browser. */
export const CHROMIUM = ['/usr/lib/chromium/chromium', '/usr/bin/chromium'];
const FONTS = ['fonts-noto-cjk', 'fonts-nanum'];

const installed = (pkg) => spawnSync('dpkg', ['-s', pkg], { stdio: 'ignore' }).status === 0;
const hasChromium = () => CHROMIUM.some((p) => existsSync(p));

/**
 * Make sure Chromium and the fonts are there. Returns null when the browser tests can run,
 * or the reason they cannot.
 */
export function ensureBrowserDeps(log = (m) => console.error(m)) {
  const need = [];
  if (!hasChromium()) need.push('chromium');
  if (spawnSync('dpkg', ['--version'], { stdio: 'ignore' }).status === 0) for (const f of FONTS) if (!installed(f)) need.push(f);
  if (!need.length) return null;
  const why = (reason) => (hasChromium() ? null : `Chromium is not installed and could not be (${reason}); install the Debian package chromium`);
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return why('not root');
  if (spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status !== 0) return why('no apt-get');
  log(`test set-up: installing ${need.join(' ')} with apt-get (once; needed by the browser tests)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (update.status !== 0) return why('apt-get update failed');
  const inst = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...need], { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (inst.status !== 0) return why(`apt-get install ${need.join(' ')} failed`);
  return hasChromium() ? null : why('the chromium package did not provide the browser');
}

/** The folder of PostgreSQL's server programs (initdb, pg_ctl, postgres), or null. */
export function postgresBin() {
  const candidates = [];
  const cfg = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (cfg.status === 0) candidates.push(cfg.stdout.trim());
  try {
    const versions = readdirSync('/usr/lib/postgresql').filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) candidates.push(`/usr/lib/postgresql/${v}/bin`);
  } catch {
    // no Debian PostgreSQL
  }
  return candidates.find((d) => existsSync(join(d, 'initdb')) && existsSync(join(d, 'pg_ctl'))) ?? null;
}

/**
 * Make sure PostgreSQL's server programs are there (Debian's postgresql package) for the
 * tests that run the study on a throwaway cluster. Returns `{ bin }`, or `{ reason }` when
 * they cannot be had; those tests are then skipped with the reason, never passed.
 */
export function ensurePostgres(log = (m) => console.error(m)) {
  let bin = postgresBin();
  if (bin) return { bin };
  const why = (reason) => ({ reason: `PostgreSQL is not installed and could not be (${reason}); install the Debian package postgresql` });
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return why('not root');
  if (spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status !== 0) return why('no apt-get');
  log('test set-up: installing postgresql with apt-get (once; needed by the PostgreSQL tests)');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // The package's own cluster is not needed: the tests make their own.
  spawnSync('mkdir', ['-p', '/etc/postgresql-common/createcluster.d'], { stdio: 'ignore' });
  writeFileSync('/etc/postgresql-common/createcluster.d/talentflow-tests.conf', 'create_main_cluster = false\n');
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (update.status !== 0) return why('apt-get update failed');
  const inst = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'postgresql'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (inst.status !== 0) return why('apt-get install postgresql failed');
  bin = postgresBin();
  return bin ? { bin } : why('the postgresql package did not provide initdb');
}
