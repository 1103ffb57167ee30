/**
 * Bulk matching speed (`taxonomy match --file`): 100,000 generated skill texts (one in
 * ten an AI spelling of the bok12 preset, mixed case with a trailing abbreviation; the
 * rest misses of a few words, some containing an AI name) matched against bok12 and
 * rendered as CSV. Prints strings/second, median of the timed runs.
 */
import { formatMatchRows } from '../src/cli/taxonomy-text.ts';
import { bulkMatcher, loadTaxonomy } from '../src/taxonomy/match.ts';

const N = 100_000;
const RUNS = 5;

const tax = loadTaxonomy('bok12');
const ai = [...new Set(tax.skills.flatMap((s) => [s.name, ...s.aliases]))];
const words = ['project', 'management', 'sales', 'data', 'entry', 'customer', 'service', 'e-learning', 'leadership', 'design'];
const texts: string[] = [];
for (let i = 0; i < N; i++) {
  if (i % 10 === 0) texts.push(`${ai[i % ai.length]!.replace(/\b\w/g, (c) => c.toUpperCase())} (AI)`);
  else if (i % 10 === 1) texts.push(`${words[i % words.length]!} ${ai[(i * 7) % ai.length]!} engineer`);
  else texts.push(`${words[i % words.length]!} ${words[(i * 3) % words.length]!} ${i}`);
}

const times: number[] = [];
let matched = 0;
let bytes = 0;
for (let r = 0; r < RUNS; r++) {
  const t = performance.now();
  const m = bulkMatcher(tax);
  const rows = texts.map(m);
  bytes = formatMatchRows(rows, 'csv').length;
  times.push((performance.now() - t) / 1000);
  matched = rows.filter((x) => x.skill !== null).length;
}
times.sort((a, b) => a - b);
const median = times[Math.floor(RUNS / 2)]!;
console.log(`taxonomy match: ${N} strings, ${matched} matched, ${(bytes / 1e6).toFixed(1)} MB of CSV`);
console.log(
  `median ${median.toFixed(3)} s over ${RUNS} runs (min ${times[0]!.toFixed(3)}, max ${times[RUNS - 1]!.toFixed(3)}): ${Math.round(N / median).toLocaleString('en-US')} strings/s`,
);
