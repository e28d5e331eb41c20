import type { Command } from 'commander';
import { z } from 'zod';
import { DASHBOARD_REFRESH_SECONDS } from '../../engine/routes/dashboard-route.ts';
import { serve } from '../../engine/serve.ts';
import { catalogFromWorkspace } from '../../workflows/workspace/catalog.ts';
import { parseOptions } from '../options.ts';
import { describeSendRates, SendRateOptions, sendRatesOf, withSendRateFlags } from '../send-rate-options.ts';

const Port = z.coerce
  .number({ error: 'expected a port number' })
  .int({ error: 'expected a whole port number' })
  .min(0, { error: 'expected a port from 0 to 65535' })
  .max(65_535, { error: 'expected a port from 0 to 65535' });

const ServeOptions = z.strictObject({
  port: Port.default(8787),
  dataDir: z.string().min(1).default('.data/serve'),
  outbox: z.string().min(1).default('out/outbox.jsonl'),
  workspace: z.string().min(1).default('workflows'),
  deliver: z.enum(['email', 'outbox'], { error: 'expected "email" or "outbox"' }).default('email'),
  sesPort: Port.default(0),
  segmentWriteKey: z.string().min(1).optional(),
  dynamodbEndpoint: z
    .url({ protocol: /^https?$/, error: 'expected an http(s) URL, such as http://127.0.0.1:8000' })
    .optional(),
  tablePrefix: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{3,200}$/, {
      error: 'expected 3 to 200 letters, digits, "_", "-" or ".", as DynamoDB table names allow',
    })
    .default('journeys-local'),
  ...SendRateOptions,
});

export function registerServe(program: Command): void {
  const command = program
    .command('serve')
    .description(
      'Run the local stack for real use: POST /events, /unsubscribe and the in-app inbox on localhost, the minute ticker and schedules on the real clock, email to a local SES, and the outbox.',
    )
    .option('-p, --port <port>', 'port on 127.0.0.1', '8787')
    .option(
      '--data-dir <dir>',
      'where DynamoDB data (and the unsubscribe key) persists between runs',
      '.data/serve',
    )
    .option('--outbox <file>', 'where delivered messages are appended as JSONL', 'out/outbox.jsonl')
    .option('-w, --workspace <dir>', 'folder holding journeys/, offers/ and templates/', 'workflows')
    .option(
      '--deliver <where>',
      'email: send email through the SES adapter to a local SES (aws-ses-v2-local); outbox: email to the outbox too',
      'email',
    )
    .option('--ses-port <port>', 'port of the local SES and its mail page (0: a free port)', '0')
    .option(
      '--segment-write-key <key>',
      "the write key Segment's libraries send to POST /v1/batch, /v1/track and /v1/identify (default: $JOURNEYS_SEGMENT_WRITE_KEY, else the data folder's own, made once and printed)",
    )
    .option(
      '--dynamodb-endpoint <url>',
      "keep the tables in this DynamoDB instead of dynalite in the data folder: DynamoDB Local's (http://127.0.0.1:8000) or a Region's, with the AWS credentials and AWS_REGION of the environment",
    )
    .option(
      '--table-prefix <prefix>',
      'with --dynamodb-endpoint: the tables are <prefix>-customers, -events, -state and -outbox, created where missing and kept',
      'journeys-local',
    );
  withSendRateFlags(command)
    .addHelpText(
      'after',
      '\nExample:\n  curl -s localhost:8787/events -d \'{"events":[{"eventId":"e1","customerId":"c1","name":"signup","at":"2027-06-11T02:00:00Z","properties":{"email":"c1@example.com","consent":{"email":true}}}]}\'\n',
    )
    .action(async (raw: unknown) => {
      const options = parseOptions(ServeOptions, raw);
      const sendRates = sendRatesOf(options);
      const running = await serve({
        catalog: await catalogFromWorkspace(options.workspace),
        port: options.port,
        dataDir: options.dataDir,
        ...(options.dynamodbEndpoint
          ? { dynamodb: { endpoint: options.dynamodbEndpoint, tablePrefix: options.tablePrefix } }
          : {}),
        outboxFile: options.outbox,
        ...(options.deliver === 'email' ? { email: { sesPort: options.sesPort } } : {}),
        // Paced on the real clock: a deferred message waits the real time its slot is away.
        sendRates,
        segmentWriteKey: options.segmentWriteKey ?? process.env.JOURNEYS_SEGMENT_WRITE_KEY,
        log: (line) => process.stderr.write(`${new Date().toISOString()} ${line}\n`),
      });
      const mail = running.ses ? `, email to a local SES (mail page: ${running.ses.mailPage})` : '';
      const paced = describeSendRates(sendRates);
      const tables = options.dynamodbEndpoint
        ? `tables ${options.tablePrefix}-* at ${running.engine.dynamoEndpoint}`
        : `data in ${options.dataDir} (DynamoDB API on ${running.engine.dynamoEndpoint})`;
      process.stderr.write(
        `Journeys is serving on http://127.0.0.1:${running.port} (POST /events, GET and POST /unsubscribe, GET /customers/{id}/inbox, POST /customers/{id}/inbox/{message}/read, GET /health); ${tables}, messages to ${options.outbox}${mail}${paced ? `, paced: ${paced}` : ''}. Ctrl-C stops.\n` +
          `Segment: POST /v1/batch, /v1/track and /v1/identify take the write key ${running.segmentWriteKey} (host http://127.0.0.1:${running.port}).\n` +
          `The live report: http://127.0.0.1:${running.port}/ (reloads every ${DASHBOARD_REFRESH_SECONDS} s).\n`,
      );
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await running.close();
    });
}
