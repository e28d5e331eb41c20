import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { z } from 'zod';
import { MAX_SMS_SEGMENTS, smsLength } from '../../../workflows/messages/sms-segments.ts';
import { smsTemplateLength } from '../../../workflows/messages/sms-template-length.ts';
import { checkTemplateText } from '../../../workflows/workspace/validate-text.ts';

const Length = {
  case: z.string(),
  encoding: z.enum(['GSM-7', 'UCS-2']),
  units: z.number().int(),
  segments: z.number().int(),
};
const Fixtures = z.strictObject({
  description: z.string(),
  texts: z.array(
    z.strictObject({
      ...Length,
      text: z.string().optional(),
      parts: z.array(z.tuple([z.string(), z.number().int()])).optional(),
    }),
  ),
  templates: z.array(z.strictObject({ ...Length, body: z.string() })),
});

const fixtures = Fixtures.parse(
  JSON.parse(readFileSync(new URL('../../fixtures/sms-segments.json', import.meta.url), 'utf8')),
);
const textOf = (entry: (typeof fixtures.texts)[number]) =>
  entry.text ?? (entry.parts ?? []).map(([part, times]) => part.repeat(times)).join('');

/** An SMS template file's text with this body. */
const templateFile = (id: string, body: string) => stringify({ id, channel: 'sms', body });

describe('the SMS segment counter', () => {
  test.each(fixtures.texts.map((entry) => [entry.case, entry] as const))('%s', (_case, entry) => {
    expect(smsLength(textOf(entry))).toEqual({
      encoding: entry.encoding,
      units: entry.units,
      segments: entry.segments,
    });
  });

  test('the fixtures cover both encodings on each side of every boundary, Chinese text and emoji', () => {
    const texts = fixtures.texts.map(textOf);
    expect(texts.some((text) => /\p{Script=Han}/u.test(text))).toBe(true);
    expect(texts.some((text) => /\p{Extended_Pictographic}/u.test(text))).toBe(true);
    const segmentsByEncoding = (encoding: string) =>
      new Set(fixtures.texts.filter((entry) => entry.encoding === encoding).map((entry) => entry.segments));
    expect([...segmentsByEncoding('GSM-7')].sort()).toEqual([1, 2, 3]);
    expect([...segmentsByEncoding('UCS-2')].sort()).toEqual([1, 2, 3]);
  });
});

describe('the longest an SMS template renders to', () => {
  test.each(fixtures.templates.map((entry) => [entry.case, entry] as const))('%s', (_case, entry) => {
    const { placeholders: _placeholders, ...length } = smsTemplateLength(entry.body);
    expect(length).toEqual({ encoding: entry.encoding, units: entry.units, segments: entry.segments });
  });

  test('names each placeholder with the length it was counted at', () => {
    const length = smsTemplateLength(
      '{{ customer.first_name | default: "Hi" }}, {{ offer.name }}: {{ offer.amount | money }} off, until {{ offer.expires_at | local_date: "d LLL" }}',
    );

    expect([...length.placeholders]).toEqual([
      ['customer.first_name', 64],
      ['offer.name', 64],
      ['offer.amount', 28],
      ['offer.expires_at', 6],
    ]);
  });
});

describe('journeys validate on an SMS template', () => {
  test('a template of one segment passes without a warning', async () => {
    // Act
    const result = await checkTemplateText(
      'welcome-sms.template.yaml',
      templateFile(
        'welcome-sms',
        'Welcome, {{ customer.first_name | default: "friend" }}! Reply TD to unsubscribe.',
      ),
    );

    // Assess
    expect(result.violations).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.compiled).toBeDefined();
  });

  test('warns of a template past one segment, naming its segments and the placeholders at their longest', async () => {
    // Act
    const result = await checkTemplateText(
      'long-sms.template.yaml',
      templateFile(
        'long-sms',
        `${'Big sale today. '.repeat(8)}Hi {{ customer.first_name | default: "there" }}`,
      ),
    );

    // Assess
    expect(result.violations).toEqual([]);
    expect(result.compiled).toBeDefined();
    expect(result.warnings.map(({ code, path, message }) => ({ code, path, message }))).toEqual([
      {
        code: 'template.sms_segments',
        path: ['body'],
        message:
          'this SMS takes up to 2 segments, each billed: 195 GSM-7 characters at most, counting customer.first_name at 64 characters (their longest); one segment holds 160, and 153 each once split; shorten it, or bound a placeholder with | truncate: n, to send one',
      },
    ]);
  });

  test('refuses a Chinese template of 11 segments, and compiles none', async () => {
    // Prepare: 641 Chinese characters and an offer name of up to 64: 705 UCS-2 units, 11 parts of 67.
    const body = `${'限时优惠，全场商品八折起！'.repeat(49)}限时优惠{{ offer.name }}`;

    // Act
    const result = await checkTemplateText(
      'newsletter-sms.template.yaml',
      templateFile('newsletter-sms', body),
    );

    // Assess
    expect(result.compiled).toBeUndefined();
    expect(result.violations.map(({ code, path, message }) => ({ code, path, message }))).toEqual([
      {
        code: 'template.sms_too_long',
        path: ['body'],
        message: `this SMS takes up to 11 segments: 705 UCS-2 code units at most, counting offer.name at 64 characters (their longest); one segment holds 70, and 67 each once split; at most ${MAX_SMS_SEGMENTS} are allowed, so shorten it`,
      },
    ]);
  });

  test('refuses a GSM-7 template of 11 segments, and passes one of 10 with a warning', async () => {
    // Prepare: 10 parts of 153 are 1,530 characters; an email address counts at 254.
    const tenSegments = `${'a'.repeat(1276)}{{ customer.email | default: "you" }}`;
    const elevenSegments = `${'a'.repeat(1277)}{{ customer.email | default: "you" }}`;

    // Act
    const ten = await checkTemplateText('ten-sms.template.yaml', templateFile('ten-sms', tenSegments));
    const eleven = await checkTemplateText(
      'eleven-sms.template.yaml',
      templateFile('eleven-sms', elevenSegments),
    );

    // Assess
    expect(ten.violations).toEqual([]);
    expect(ten.warnings.map((warning) => warning.code)).toEqual(['template.sms_segments']);
    expect(eleven.violations.map((violation) => violation.code)).toEqual(['template.sms_too_long']);
    expect(eleven.compiled).toBeUndefined();
  });

  test('counts no segments of a body whose Liquid is broken: the syntax error is what it says', async () => {
    // Act
    const result = await checkTemplateText(
      'broken-sms.template.yaml',
      templateFile('broken-sms', `${'a'.repeat(2000)}{{ customer.first_name `),
    );

    // Assess
    expect(result.violations.map((violation) => violation.code)).toEqual(['template.liquid_syntax']);
  });
});
