// Entry of the workbook's worker thread. Beside the compiled code (dist/) it starts
// xlsx-thread-worker.js; beside the TypeScript sources (tests, development) it registers tsx
// and starts xlsx-thread-worker.ts. tsx is a development dependency: it is imported only
// in the second case.
import { existsSync } from 'node:fs';

const compiled = new URL('./xlsx-thread-worker.js', import.meta.url);
if (existsSync(compiled)) await import(compiled.href);
else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./xlsx-thread-worker.ts');
}
