import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { z } from 'zod';
import {
  EmailMaxPerSecond,
  PushMaxPerSecond,
  SegmentCount,
  SegmentCustomers,
  SmsMaxPerSecond,
  WebhookMaxPerSecond,
} from '../functions/commons/runtime/config.ts';
import { catalogFromWorkspace } from '../workflows/workspace/catalog.ts';
import { addressOf } from './constructs/email-delivery.ts';
import { EVENTBRIDGE_CONTEXT_KEYS, EventBridgeContext } from './eventbridge-context.ts';
import { PUSH_CONTEXT_KEYS, PushContext } from './push-context.ts';
import { DeployAccessStack } from './stacks/deploy-access-stack.ts';
import { JourneysStack } from './stacks/journeys-stack.ts';

/** Context (`-c name=value` or cdk.json), validated: a bad value stops the synth with the field named. */
const AppContext = z.object({
  stage: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,19}$/, { error: 'expected a short lowercase stage name such as "staging"' })
    .default('dev'),
  maxConcurrency: z.coerce.number().int().min(1).max(10_000).default(100),
  alarmEmail: z.email({ error: 'expected an e-mail address' }).optional(),
  frequencyCapPerDay: z.coerce.number().int().min(1).max(100).default(3),
  quietHours: z
    .string()
    .regex(/^\d{2}:\d{2}-\d{2}:\d{2}$/, { error: 'expected "HH:MM-HH:MM"' })
    .default('21:00-08:00'),
  githubRepository: z
    .string()
    .regex(/^[\w.-]+\/[\w.-]+$/, { error: 'expected "owner/repository"' })
    .optional(),
  workspace: z.string().default('workflows'),
  audienceSegments: SegmentCount.optional(),
  audienceSegmentCustomers: SegmentCustomers.optional(),
  warmWritesPerSecond: z.coerce
    .number()
    .int()
    .min(4_000, { error: 'expected at least 4000 write units per second (what a new table already serves)' })
    .max(400_000, { error: 'expected at most 400000 write units per second' })
    .optional(),
  emailFrom: z
    .string()
    .refine((from) => z.email().safeParse(addressOf(from)).success, {
      error: 'expected a verified sender such as "Shop <news@shop.example>" or "news@shop.example"',
    })
    .optional(),
  emailIdentityArn: z
    .string()
    .regex(/^arn:aws[\w-]*:ses:[a-z0-9-]+:\d{12}:identity\/.+$/, {
      error:
        'expected an SES identity ARN such as "arn:aws:ses:us-east-1:111122223333:identity/shop.example"',
    })
    .optional(),
  smsOriginationIdentityArn: z
    .string()
    .regex(/^arn:aws[\w-]*:sms-voice:[a-z0-9-]+:\d{12}:(phone-number|pool|sender-id)\/.+$/, {
      error:
        'expected the ARN of an End User Messaging SMS phone number, pool or sender ID, such as "arn:aws:sms-voice:us-east-1:111122223333:pool/pool-1a2b3c"',
    })
    .optional(),
  emailMaxPerSecond: EmailMaxPerSecond.optional(),
  smsMaxPerSecond: SmsMaxPerSecond.optional(),
  pushMaxPerSecond: PushMaxPerSecond.optional(),
  webhookMaxPerSecond: WebhookMaxPerSecond.optional(),
});

export async function buildApp(app: App = new App()): Promise<App> {
  const context = AppContext.parse({
    stage: app.node.tryGetContext('stage'),
    maxConcurrency: app.node.tryGetContext('maxConcurrency'),
    alarmEmail: app.node.tryGetContext('alarmEmail'),
    frequencyCapPerDay: app.node.tryGetContext('frequencyCapPerDay'),
    quietHours: app.node.tryGetContext('quietHours'),
    githubRepository: app.node.tryGetContext('githubRepository'),
    workspace: app.node.tryGetContext('workspace'),
    warmWritesPerSecond: app.node.tryGetContext('warmWritesPerSecond'),
    audienceSegments: app.node.tryGetContext('audienceSegments'),
    audienceSegmentCustomers: app.node.tryGetContext('audienceSegmentCustomers'),
    emailFrom: app.node.tryGetContext('emailFrom'),
    emailIdentityArn: app.node.tryGetContext('emailIdentityArn'),
    emailMaxPerSecond: app.node.tryGetContext('emailMaxPerSecond'),
    smsOriginationIdentityArn: app.node.tryGetContext('smsOriginationIdentityArn'),
    smsMaxPerSecond: app.node.tryGetContext('smsMaxPerSecond'),
    pushMaxPerSecond: app.node.tryGetContext('pushMaxPerSecond'),
    webhookMaxPerSecond: app.node.tryGetContext('webhookMaxPerSecond'),
  });
  const push = PushContext.parse(
    Object.fromEntries(PUSH_CONTEXT_KEYS.map((key) => [key, app.node.tryGetContext(key)])),
  );
  const eventBridge = EventBridgeContext.parse(
    Object.fromEntries(EVENTBRIDGE_CONTEXT_KEYS.map((key) => [key, app.node.tryGetContext(key)])),
  );
  // The templates' MJML is compiled here, so the catalog file carries HTML and no Lambda runs MJML.
  const catalog = await catalogFromWorkspace(context.workspace);
  const folder = join(tmpdir(), 'journeys-cdk');
  mkdirSync(folder, { recursive: true });
  const catalogFile = join(folder, `catalog-${context.stage}.json`);
  writeFileSync(
    catalogFile,
    JSON.stringify({
      journeys: [...catalog.journeys.values()],
      offers: [...catalog.offers.values()],
      templates: [...catalog.templates.values()],
      ...(catalog.segment ? { segment: catalog.segment } : {}),
    }),
  );
  new JourneysStack(app, `Journeys-${context.stage}`, {
    stage: context.stage,
    journeys: [...catalog.journeys.values()],
    catalogFile,
    maxConcurrency: context.maxConcurrency,
    alarmEmail: context.alarmEmail,
    frequencyCapPerDay: context.frequencyCapPerDay,
    quietHours: context.quietHours,
    warmWritesPerSecond: context.warmWritesPerSecond,
    audienceSegments: context.audienceSegments,
    audienceSegmentCustomers: context.audienceSegmentCustomers,
    emailFrom: context.emailFrom,
    emailIdentityArn: context.emailIdentityArn,
    smsOriginationIdentityArn: context.smsOriginationIdentityArn,
    push,
    eventBridge,
    sendRates: {
      email: context.emailMaxPerSecond,
      sms: context.smsMaxPerSecond,
      push: context.pushMaxPerSecond,
      webhook: context.webhookMaxPerSecond,
    },
  });
  new DeployAccessStack(app, 'JourneysDeployAccess', {
    githubRepository: context.githubRepository ?? 'OWNER/REPOSITORY',
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return app;
}

if (import.meta.url === `file://${process.argv[1]}`) (await buildApp()).synth();
