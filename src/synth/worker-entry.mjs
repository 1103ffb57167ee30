// Entry of the generator's worker threads: TypeScript runs through tsx (as in bin/talentflow.mjs).
import { register } from 'tsx/esm/api';
register();
await import('./worker.ts');
