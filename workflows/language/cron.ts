import awsCronParser from 'aws-cron-parser';

export type CronCheck = { ok: true } | { ok: false; problem: string };

/** Checks an EventBridge Scheduler cron expression (the part inside "cron(...)"). */
export function checkCron(expression: string): CronCheck {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 6) {
    return {
      ok: false,
      problem: `"${expression}" has ${fields.length} fields; expected the 6 of EventBridge Scheduler: minutes hours day-of-month month day-of-week year, e.g. "0 10 ? * MON *"`,
    };
  }
  if (fields[2] !== '?' && fields[4] !== '?') {
    return {
      ok: false,
      problem: `"${expression}" sets both day-of-month and day-of-week; put "?" in one of them`,
    };
  }
  try {
    awsCronParser.parse(expression);
    return { ok: true };
  } catch (error) {
    return { ok: false, problem: `"${expression}" is not a valid cron: ${(error as Error).message}` };
  }
}

/** The next time the cron fires strictly after `after`, in UTC. Time zones are applied by the caller. */
export function nextCronTime(expression: string, after: Date): Date | undefined {
  return awsCronParser.next(awsCronParser.parse(expression), after) ?? undefined;
}
