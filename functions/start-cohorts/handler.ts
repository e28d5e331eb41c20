import { z } from 'zod';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';
import { stepHandler } from '../commons/runtime/step-handler.ts';
import { startScheduledRun, tick } from './start-cohorts.ts';

/** The minute ticker sends {} (or { action: "tick" }); a journey's schedule sends its id and time. */
export const StartCohortsRequest = z.union([
  z.strictObject({ action: z.literal('tick').default('tick') }),
  z.strictObject({
    action: z.literal('schedule'),
    journeyId: z.string().min(1),
    scheduledAt: z.iso.datetime({ offset: true }),
  }),
]);

export const StartCohortsResponse = z.record(z.string(), z.unknown());

export const createStartCohortsHandler = (deps: RuntimeDeps) =>
  stepHandler(
    deps,
    { input: StartCohortsRequest, output: StartCohortsResponse },
    async (request, handlerDeps) =>
      request.action === 'schedule'
        ? { ...(await startScheduledRun(request.journeyId, Date.parse(request.scheduledAt), handlerDeps)) }
        : { ...(await tick(handlerDeps)) },
  );
