/**
 * Headless Chromium for the end-to-end tests: Debian's `chromium` driven by playwright-core.
 * When Chromium is absent the tests fail with a clear message, unless TALENTFLOW_SKIP_E2E=1
 * (scripts/run-tests.mjs sets it, with the reason, when Chromium cannot be installed).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = ['/usr/lib/chromium/chromium', '/usr/bin/chromium'];

/** Folder for the screenshots saved for review (gitignored). */
export const SCREENSHOTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'output', 'screenshots');

/** The Chromium executable, or null. */
export function chromiumPath(): string | null {
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

/** Why the e2e tests are skipped (string for `test(..., { skip })`), or false to run them. */
export function skipReason(): string | false {
  if (chromiumPath()) return false;
  if (process.env.TALENTFLOW_SKIP_E2E === '1') return process.env.TALENTFLOW_SKIP_E2E_REASON ?? 'Chromium not installed and TALENTFLOW_SKIP_E2E=1';
  return false;
}

/** Launch headless Chromium; throws a clear error when it is not installed. */
export async function launch(): Promise<Browser> {
  const exe = chromiumPath();
  if (!exe) {
    throw new Error(
      'Chromium is not installed (looked for ' + CANDIDATES.join(', ') + '). Install it with ' +
        '`apt-get update && apt-get install -y --no-install-recommends chromium fonts-nanum`, ' +
        'or set TALENTFLOW_SKIP_E2E=1 to skip the end-to-end tests.',
    );
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: exe,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}
