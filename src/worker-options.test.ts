import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workerExecArgv } from './worker-options.ts';

test('worker options: the options of `node -e`/`-p` code are left out, the others kept', () => {
  assert.deepEqual(workerExecArgv(['--import', 'tsx', '--input-type', 'module', '-e', 'code()', '--max-old-space-size=4096']), [
    '--import', 'tsx', '--max-old-space-size=4096',
  ]);
  assert.deepEqual(workerExecArgv(['--input-type=module', '--eval=1', '--print', '2', '--enable-source-maps']), ['--enable-source-maps']);
  assert.deepEqual(workerExecArgv([]), []);
});
