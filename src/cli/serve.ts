/**
 * `talentflow serve --out OUT [--port P] [--host H]`: the dashboard and read-only JSON API
 * over a finished run. Listens on 127.0.0.1 by default; stops cleanly on SIGINT/SIGTERM.
 */
import type { Command } from 'commander';
import { UsageError } from '../errors.ts';

/** Parse a port option: an integer 0–65535 (0 = any free port). */
export function parsePort(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535, got "${v}"`);
  return Number(v);
}

/** Add the `serve` command to the program. */
export function register(program: Command): void {
  program
    .command('serve')
    .description('serve a dashboard and a read-only JSON API over a finished run (aggregates only)')
    .requiredOption('--out <dir>', 'output folder of a finished `talentflow run`')
    .option('--port <n>', 'port to listen on (0 = any free port)', '8080')
    .option('--host <addr>', 'address to listen on', '127.0.0.1')
    .action(async (o: { out: string; port: string; host: string }) => {
      const port = parsePort(o.port);
      const { createServer } = await import('../server/index.ts');
      const app = await createServer({ outDir: o.out });
      const address = await app.listen({ port, host: o.host });
      process.stderr.write(`talentflow dashboard on ${address} (Ctrl-C to stop)\n`);
      const stop = () => {
        void app.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
