// Entry of the workbook's worker thread: TypeScript runs through tsx (as in bin/talentflow.mjs).
import { register } from 'tsx/esm/api';
register();
await import('./xlsx-thread-worker.ts');
