import { z } from 'zod';

/** The context keys of the EventBridge source, read with `-c key=value` (docs/data-in.md, "EventBridge"). */
export const EVENTBRIDGE_CONTEXT_KEYS = ['eventBusName', 'eventSources'] as const;

const EventSource = z
  .string()
  .regex(/^[\w.\-/]+\*?$/, {
    error:
      'expected an event source such as "journeys.events", or a prefix ending in "*" such as "aws.partner/segment.com/*"',
  })
  .max(256, { error: 'expected an event source of at most 256 characters' });

/**
 * The EventBridge source: off unless `eventBusName` names a bus (a partner bus such as
 * "aws.partner/segment.com/<source id>", "default", or another); `eventSources` is a
 * comma-separated list of the sources its rule takes.
 */
export const EventBridgeContext = z
  .object({
    eventBusName: z
      .string()
      .regex(/^[\w.\-/]{1,256}$/, {
        error: 'expected an event bus name such as "default" or "aws.partner/segment.com/YdgkQ6bm4k"',
      })
      .optional(),
    eventSources: z
      .string()
      .transform((list) =>
        list
          .split(',')
          .map((source) => source.trim())
          .filter(Boolean),
      )
      .pipe(z.array(EventSource).min(1, { error: 'expected at least one event source' }))
      .optional(),
  })
  .superRefine((context, ctx) => {
    if (context.eventSources && !context.eventBusName)
      ctx.addIssue({
        code: 'custom',
        path: ['eventSources'],
        message: 'expected eventBusName as well: the sources are those of a bus',
      });
  })
  .transform((context) =>
    context.eventBusName
      ? {
          eventBusName: context.eventBusName,
          ...(context.eventSources ? { sources: context.eventSources } : {}),
        }
      : undefined,
  );
export type EventBridgeContext = z.output<typeof EventBridgeContext>;
