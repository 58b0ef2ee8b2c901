/**
 * Engine benchmark: each scenario runs in its own Node process (so peak RSS is its own), one warm-up
 * then 5 measured runs; the table shows the median. Run with `pnpm bench`.
 */
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { scenarios } from './scenarios';

const RUNS = 5;

interface Result {
  figure: number;
  peakRssMb: number;
}

async function runScenario(index: number): Promise<Result> {
  const scenario = scenarios[index];
  if (!scenario) throw new Error(`no scenario ${index}`);
  const run = await scenario.setup();
  await run(); // warm-up
  const figures: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const started = performance.now();
    await run();
    figures.push(scenario.figure(performance.now() - started));
  }
  figures.sort((a, b) => a - b);
  return {
    figure: figures[Math.floor(RUNS / 2)] as number,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

const child = process.argv.indexOf('--scenario');
if (child !== -1) {
  const result = await runScenario(Number(process.argv[child + 1]));
  process.stdout.write(JSON.stringify(result));
} else {
  const self = fileURLToPath(import.meta.url);
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `TriggerFlow engine benchmark — Node ${process.version}, ${cpus().length} × ${cpu}, ` +
      `${Math.round(totalmem() / 2 ** 30)} GiB; median of ${RUNS} after a warm-up\n`,
  );
  const rows: string[][] = [['scenario', 'median', 'unit', 'budget', 'peak RSS']];
  for (const [index, scenario] of scenarios.entries()) {
    const out = execFileSync(
      process.execPath,
      [...process.execArgv, self, '--scenario', String(index)],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      },
    );
    const result = JSON.parse(out) as Result;
    const digits = scenario.unit.endsWith('/s') ? 0 : 2;
    rows.push([
      scenario.name,
      result.figure.toLocaleString('en-US', {
        maximumFractionDigits: digits,
        minimumFractionDigits: digits,
      }),
      scenario.unit,
      scenario.budget,
      `${result.peakRssMb.toFixed(0)} MB`,
    ]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => `| ${r.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
  console.log(line(rows[0]!));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows.slice(1)) console.log(line(r));
}
