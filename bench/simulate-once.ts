// Runs one simulation in its own process, so wall time and peak memory belong to it alone.
// Prints one JSON line: the report plus timing and memory.

import { reportJson } from '../simulation/report.ts';
import { runSimulation } from '../simulation/simulate.ts';
import { catalogFromWorkspace } from '../workflows/workspace/catalog.ts';

const customers = Number(process.argv[2]);
const days = Number(process.argv[3] ?? 10);
const began = performance.now();
const result = await runSimulation({
  catalog: await catalogFromWorkspace('workflows'),
  customers,
  days,
  seed: 618,
  startAt: Date.parse('2027-06-10T16:00:00Z'),
  onProgress: (line) => process.stderr.write(`    [${customers}] ${line}\n`),
});
const seconds = (performance.now() - began) / 1000;
process.stdout.write(
  `${JSON.stringify({
    customers,
    days,
    seconds,
    // ru_maxrss is in kilobytes on Linux; it includes dynalite, which runs in a worker thread.
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    ...reportJson({ customers, days }, result),
  })}\n`,
);
process.exit(0);
