// Entry of the generator's worker threads. Beside the compiled code (dist/) it starts
// worker.js; beside the TypeScript sources (tests, development) it registers tsx and
// starts worker.ts. tsx is a development dependency: it is imported only in the second case.
import { existsSync } from 'node:fs';

const compiled = new URL('./worker.js', import.meta.url);
if (existsSync(compiled)) await import(compiled.href);
else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./worker.ts');
}
