import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { SAMPLE_CUSTOMER } from '../../workflows/messages/sample-customer.ts';

const run = promisify(execFile);

async function journeys(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', ['bin/journeys.js', ...args], {
      env: { ...process.env, NO_COLOR: '1' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const scratch = () => mkdtempSync(join(tmpdir(), 'journeys-templates-'));

/** A copy of the built-in workspace, so a test can break one template. */
function scratchWorkspace(): string {
  const root = scratch();
  for (const folder of ['journeys', 'offers', 'templates'])
    cpSync(join('workflows', folder), join(root, folder), { recursive: true });
  return root;
}

describe('journeys validate on templates', () => {
  test('refuses a template with an unknown variable at its line and column, and lists a warning without failing for it', async () => {
    // Prepare
    const root = scratchWorkspace();
    const file = join(root, 'templates', 'cart-reminder-push.template.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        '{{ customer.first_name | default: "Hi" }}',
        '{{ customer.frist_name }}',
      ),
    );
    writeFileSync(
      join(root, 'templates', 'sale-launch-618-push.template.yaml'),
      'id: sale-launch-618-push\nchannel: push\nsubject: 618 is live!\nbody: "{{ customer.first_name }}, 618 is live."\n',
    );

    // Act
    const result = await journeys('validate', '--workspace', root);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /cart-reminder-push\.template\.yaml:6:6 body: unknown variable customer\.frist_name; expected one of customer\.id, .* \[template\.unknown_variable\]/,
    );
    expect(result.stdout).toMatch(
      /warning: .*sale-launch-618-push\.template\.yaml:4:11 body: customer\.first_name is a field a profile may not have/,
    );
    expect(result.stdout).toContain('✗ 1 violation(s)');
  });

  test('the built-in workspace passes, its templates compiled', async () => {
    const result = await journeys('validate');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('12 template(s) compiled');
    expect(result.stdout).not.toContain('warning');
  });
});

describe('journeys preview', () => {
  test('writes an email as HTML for the sample customer, with the offer of the step that sends it', async () => {
    // Prepare
    const out = join(scratch(), 'cart.html');

    // Act
    const result = await journeys('preview', 'cart-coupon-email', '--out', out);

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`wrote ${out} (subject: "¥15 off the items in your cart")\n`);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain(`Hi ${SAMPLE_CUSTOMER.attributes.first_name},`);
    expect(html).toContain('Cart Saver (¥15 off orders over ¥99)');
    expect(html).toContain('href="https://example.com/unsubscribe/preview"');
    expect(html).not.toMatch(/\{\{|<mj-/);
  });

  test('writes an SMS as text for a customer from a file, taking the offer given', async () => {
    // Prepare
    const folder = scratch();
    const customer = join(folder, 'customer.json');
    writeFileSync(customer, JSON.stringify({ customerId: 'c-9', createdAt: 0 }));
    const out = join(folder, 'sms.txt');

    // Act
    const result = await journeys(
      'preview',
      'workflows/templates/retouch-flash-sale-pass-sms.template.yaml',
      '--customer',
      customer,
      '--offer',
      'cart-coupon-15',
      '--out',
      out,
    );

    // Assess
    expect(result.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(
      'Hi, missed 618? Your flash pass unlocks ¥15 off flash deals for 5 days. Reply TD to unsubscribe.\n',
    );
  });

  test('refuses a customer file that is not a profile, naming each field, and writes nothing', async () => {
    // Prepare
    const folder = scratch();
    const customer = join(folder, 'customer.json');
    writeFileSync(
      customer,
      JSON.stringify({ customerId: 'c-9', createdAt: 0, timezone: 'Mars/Olympus', tier: 'Z' }),
    );

    // Act
    const result = await journeys(
      'preview',
      'cart-coupon-email',
      '--customer',
      customer,
      '--out',
      join(folder, 'x.html'),
    );

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `--customer: ${customer}: timezone: "Mars/Olympus" is not an IANA time zone`,
    );
    expect(result.stderr).toContain(`--customer: ${customer}: tier: expected one of "H", "E", "A"`);
  });

  test('refuses an offer that does not exist or does not suit the template, and an unknown template', async () => {
    const unknownOffer = await journeys('preview', 'cart-coupon-email', '--offer', 'nope');
    expect(unknownOffer.code).toBe(2);
    expect(unknownOffer.stderr).toContain(
      '--offer: no offer has id "nope"; expected one of: cart-coupon-15,',
    );

    const points = await journeys('preview', 'cart-coupon-email', '--offer', 'member-points-500');
    expect(points.code).toBe(2);
    expect(points.stderr).toContain(
      'which the points offer "member-points-500" does not have; expected a coupon offer',
    );

    const unknownTemplate = await journeys('preview', 'cart-coupon-mail');
    expect(unknownTemplate.code).toBe(2);
    expect(unknownTemplate.stderr).toContain(
      'no template has id "cart-coupon-mail" in workflows; expected one of: cart-coupon-email,',
    );
  });
});
