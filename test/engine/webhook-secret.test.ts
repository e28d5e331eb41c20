import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { localWebhookSecret, WEBHOOK_SECRET_FILE } from '../../engine/webhook-secret.ts';

describe('the local webhook secret', () => {
  test('is made in the data folder on the first webhook, readable by its owner only, and outlives a restart', async () => {
    // Prepare
    const folder = mkdtempSync(join(tmpdir(), 'journeys-webhook-key-'));
    const secret = localWebhookSecret({}, folder);
    expect(existsSync(join(folder, WEBHOOK_SECRET_FILE))).toBe(false);

    // Act
    const first = await secret();
    const afterRestart = await localWebhookSecret({}, folder)();

    // Assess
    expect(first).toMatch(/^whsec_[\w-]{43}$/);
    expect(afterRestart).toBe(first);
    expect(readFileSync(join(folder, WEBHOOK_SECRET_FILE), 'utf8').trim()).toBe(first);
    expect(statSync(join(folder, WEBHOOK_SECRET_FILE)).mode & 0o777).toBe(0o600);
  });

  test('is one per engine without a data folder, the same for each of its webhooks', async () => {
    const secret = localWebhookSecret({});
    expect(await secret()).toBe(await secret());
    expect(await secret()).not.toBe(await localWebhookSecret({})());
  });

  test('is WEBHOOK_SECRET when the environment gives one, and then no file is written', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'journeys-webhook-key-'));
    const configured = { WEBHOOK_SECRET: 'whsec_configured_secret_0123456789abcdefgh' };
    expect(await localWebhookSecret(configured, folder)()).toBe(configured.WEBHOOK_SECRET);
    expect(existsSync(join(folder, WEBHOOK_SECRET_FILE))).toBe(false);
  });
});
