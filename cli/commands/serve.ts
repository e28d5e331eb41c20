import type { Command } from 'commander';
import { z } from 'zod';
import { serve } from '../../engine/serve.ts';
import { catalogFromWorkspace } from '../../workflows/workspace/catalog.ts';
import { parseOptions } from '../options.ts';

const ServeOptions = z.strictObject({
  port: z.coerce
    .number({ error: 'expected a port number' })
    .int({ error: 'expected a whole port number' })
    .min(0, { error: 'expected a port from 0 to 65535' })
    .max(65_535, { error: 'expected a port from 0 to 65535' })
    .default(8787),
  dataDir: z.string().min(1).default('.data/serve'),
  outbox: z.string().min(1).default('out/outbox.jsonl'),
  workspace: z.string().min(1).default('workflows'),
});

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(
      'Run the local stack for real use: POST /events on localhost, the minute ticker and schedules on the real clock, and the outbox.',
    )
    .option('-p, --port <port>', 'port on 127.0.0.1', '8787')
    .option('--data-dir <dir>', 'where DynamoDB data persists between runs', '.data/serve')
    .option('--outbox <file>', 'where delivered messages are appended as JSONL', 'out/outbox.jsonl')
    .option('-w, --workspace <dir>', 'folder holding journeys/, offers/ and templates/', 'workflows')
    .addHelpText(
      'after',
      '\nExample:\n  curl -s localhost:8787/events -d \'{"events":[{"eventId":"e1","customerId":"c1","name":"signup","at":"2027-06-11T02:00:00Z"}]}\'\n',
    )
    .action(async (raw: unknown) => {
      const options = parseOptions(ServeOptions, raw);
      const running = await serve({
        catalog: catalogFromWorkspace(options.workspace),
        port: options.port,
        dataDir: options.dataDir,
        outboxFile: options.outbox,
        log: (line) => process.stderr.write(`${new Date().toISOString()} ${line}\n`),
      });
      process.stderr.write(
        `Journeys is serving on http://127.0.0.1:${running.port} (POST /events, GET /health); data in ${options.dataDir} (DynamoDB API on ${running.engine.dynamoEndpoint}), messages to ${options.outbox}. Ctrl-C stops.\n`,
      );
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await running.close();
    });
}
