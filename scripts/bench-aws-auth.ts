// Prints how long linting and merging an aws-auth ConfigMap takes as it grows.
// Run with: npx tsx scripts/bench-aws-auth.ts
import { performance } from 'node:perf_hooks';
import { addMapping, lintAwsAuth, parseConfigMapDocument, renderConfigMapDocument } from '../src/aws-auth/index.js';

const SIZES = [500, 1000, 2000, 5000];
const RUNS = 7;

function entryText(index: number): string {
  const id = String(index).padStart(5, '0');
  return [
    `    - rolearn: arn:aws:iam::111122223333:role/team-${id}-deployment-automation-role`,
    `      username: "team-${id}-deployer:{{SessionName}}"`,
    '      groups:',
    `        - team-${id}-editors`,
    `        - team-${id}-viewers`,
  ].join('\n');
}

function configMapText(entries: number): string {
  const roles = Array.from({ length: entries }, (_, index) => entryText(index)).join('\n');
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\ndata:\n  mapRoles: |\n${roles}\n`;
}

/** Parses the file, lints it, adds one role and renders the file again, as `aws-auth add` does after a lint. */
function lintAndMerge(text: string): number {
  const doc = parseConfigMapDocument(text);
  const findings = lintAwsAuth(doc.data);
  const result = addMapping(doc.data, { arn: 'arn:aws:iam::111122223333:role/new-admin' });
  return findings.length + renderConfigMapDocument(doc, result.data).length;
}

function medianMs(text: string): number {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const start = performance.now();
    lintAndMerge(text);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

lintAndMerge(configMapText(200));
const rows = SIZES.map((entries) => {
  const text = configMapText(entries);
  return { entries, kib: text.length / 1024, ms: medianMs(text) };
});

console.log(`Node.js ${process.version}, median of ${RUNS} runs (parse, lint, add one role, render)`);
for (const row of rows) console.log(`${String(row.entries).padStart(5)} entries  ${row.kib.toFixed(0).padStart(5)} KiB  ${row.ms.toFixed(1).padStart(7)} ms`);
const first = rows[0];
const last = rows.at(-1);
if (first && last) {
  const growth = last.ms / first.ms;
  console.log(`growth ${first.entries} -> ${last.entries} entries: x${growth.toFixed(1)} time for x${(last.entries / first.entries).toFixed(0)} entries`);
}
