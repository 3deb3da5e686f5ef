// Prints how long startSandbox() takes (moto start, certificate, seeding), over several runs.
// Run: npx tsx test/sandbox/bench-startup.ts [runs]
import { startSandbox } from './index.js';

async function measure(runs: number): Promise<void> {
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    const sandbox = await startSandbox();
    times.push(performance.now() - started);
    await sandbox.stop();
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? 0;
  process.stdout.write(`startSandbox over ${runs} runs: median ${median.toFixed(0)} ms, max ${(times.at(-1) ?? 0).toFixed(0)} ms\n`);
}

await measure(Number(process.argv[2] ?? 5));
