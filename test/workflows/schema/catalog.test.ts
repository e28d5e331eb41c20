import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { placeholdersIn, TEMPLATE_PLACEHOLDERS, Template } from '../../../workflows/schema/index.ts';
import { parseFile } from '../../../workflows/workspace/parse-file.ts';

describe('template placeholders', () => {
  test('a template may use every known placeholder, with or without inner spaces', () => {
    // Prepare
    const body = Object.keys(TEMPLATE_PLACEHOLDERS)
      .map((name, index) => (index % 2 === 0 ? `{{${name}}}` : `{{ ${name} }}`))
      .join(' ');

    // Act
    const result = Template.safeParse({ id: 'all', channel: 'email', subject: 'Hi {{first_name}}', body });

    // Assess
    expect(result.success).toBe(true);
  });

  test('an unknown placeholder in the body or subject is refused, naming it and the known ones', () => {
    // Act
    const result = Template.safeParse({
      id: 'typo',
      channel: 'email',
      subject: 'Hi {{frist_name}}',
      body: 'Your {{offer_amount}} off, {{ coupon_code }}',
    });

    // Assess
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      [
        'subject',
        'unknown placeholder {{frist_name}}; expected one of {{first_name}}, {{customer_id}}, {{offer_name}}, {{offer_amount}}',
      ],
      [
        'body',
        'unknown placeholder {{coupon_code}}; expected one of {{first_name}}, {{customer_id}}, {{offer_name}}, {{offer_amount}}',
      ],
    ]);
  });

  test('a template file with an unknown placeholder is reported at its line', () => {
    // Prepare
    const file = join(mkdtempSync(join(tmpdir(), 'templates-')), 'typo.template.yaml');
    writeFileSync(file, 'id: typo\nchannel: sms\nbody: "Hi {{frist_name}}"\n');

    // Act
    const parsed = parseFile(file, Template);

    // Assess
    expect(parsed.value).toBeUndefined();
    expect(parsed.violations).toEqual([
      expect.objectContaining({
        line: 3,
        path: ['body'],
        message: expect.stringContaining('unknown placeholder {{frist_name}}'),
      }),
    ]);
  });

  test('placeholdersIn lists each name once, in order', () => {
    expect(placeholdersIn('{{a}} {{ b }} {{a}} {c} {{}}')).toEqual(['a', 'b']);
  });
});
