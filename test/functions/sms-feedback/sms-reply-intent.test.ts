import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { replyIntent } from '../../../functions/sms-feedback/sms-feedback-events.ts';

interface ReplyCase {
  readonly reply: { readonly messageKeyword?: string; readonly messageBody: string };
  readonly intent: 'opt_out' | 'opt_in' | null;
  readonly why: string;
}

const { cases } = JSON.parse(
  readFileSync(new URL('../../fixtures/channels/sms-replies.json', import.meta.url), 'utf8'),
) as { cases: ReplyCase[] };

describe('what an SMS reply asks for (test/fixtures/channels/sms-replies.json)', () => {
  test.each(cases.map((entry) => [JSON.stringify(entry.reply), entry.intent, entry.why, entry] as const))(
    '%s asks for %s: %s',
    (_reply, intent, _why, entry) => {
      expect(replyIntent(entry.reply) ?? null).toBe(intent);
    },
  );
});
