/**
 * Options for the worker threads talentflow starts (the generator's, the workbook's).
 */

/**
 * The process's Node options for a worker, less those of `node -e`/`-p` code: a worker
 * started from a file rejects them (ERR_INPUT_TYPE_NOT_ALLOWED), so talentflow called from
 * such code (as the synth bench does) could not start its threads otherwise.
 */
export function workerExecArgv(args: readonly string[] = process.execArgv): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--input-type' || a === '-e' || a === '--eval' || a === '-p' || a === '--print') i++; // and its value
    else if (!/^--(input-type|eval|print)=/.test(a)) out.push(a);
  }
  return out;
}
