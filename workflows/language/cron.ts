import awsCronParser from 'aws-cron-parser';

const FIELD_NAMES = ['minutes', 'hours', 'day-of-month', 'month', 'day-of-week', 'year'];

/** A comma list of values, ranges and steps, built from the atoms one field allows. */
function listOf(atom: string): RegExp {
  const item = `(?:\\*|${atom}(?:-${atom})?)(?:/\\d{1,4})?`;
  return new RegExp(`^${item}(?:,${item})*$`, 'i');
}

const MONTHS = 'JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC';
const DAYS = 'SUN|MON|TUE|WED|THU|FRI|SAT';

/**
 * The field syntax of EventBridge cron. aws-cron-parser reads numbers with parseInt, so it
 * accepts "10abc" or "MONX"; these patterns refuse such fields before it sees them.
 */
const FIELD_PATTERNS: readonly RegExp[] = [
  listOf('\\d{1,2}'),
  listOf('\\d{1,2}'),
  /^(?:\?|L|LW|L-\d{1,2}|\d{1,2}W)$|^(?:(?:\*|\d{1,2}(?:-\d{1,2})?)(?:\/\d{1,2})?)(?:,(?:(?:\*|\d{1,2}(?:-\d{1,2})?)(?:\/\d{1,2})?))*$/i,
  listOf(`(?:\\d{1,2}|${MONTHS})`),
  new RegExp(`^(?:\\?|L|[1-7]L|[1-7]#[1-5])$|${listOf(`(?:[1-7]|${DAYS})`).source}`, 'i'),
  listOf('\\d{4}'),
];

export type CronCheck = { ok: true } | { ok: false; problem: string };

/** Checks an EventBridge Scheduler cron expression (the part inside "cron(...)"). */
export function checkCron(text: string): CronCheck {
  const expression = text.trim();
  const fields = expression.split(/\s+/);
  if (fields.length !== 6) {
    return {
      ok: false,
      problem: `"${expression}" has ${fields.length} fields; expected the 6 of EventBridge Scheduler: minutes hours day-of-month month day-of-week year, e.g. "0 10 ? * MON *"`,
    };
  }
  const badField = fields.findIndex((field, index) => !FIELD_PATTERNS[index]?.test(field));
  if (badField !== -1) {
    return {
      ok: false,
      problem: `"${expression}" is not a valid cron: a field has a value it cannot read (${FIELD_NAMES[badField]} "${fields[badField]}")`,
    };
  }
  if ((fields[2] === '?') === (fields[4] === '?')) {
    return { ok: false, problem: `"${expression}" needs "?" in exactly one of day-of-month and day-of-week` };
  }
  try {
    awsCronParser.parse(fields.join(' '));
    return { ok: true };
  } catch (error) {
    return { ok: false, problem: `"${expression}" is not a valid cron: ${(error as Error).message}` };
  }
}

/** The next time the cron fires strictly after `after`, in UTC. Time zones are applied by the caller. */
export function nextCronTime(expression: string, after: Date): Date | undefined {
  return (
    awsCronParser.next(awsCronParser.parse(expression.trim().split(/\s+/).join(' ')), after) ?? undefined
  );
}
