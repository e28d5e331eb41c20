import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { localUnsubscribeKey, UNSUBSCRIBE_KEY_FILE } from '../../engine/unsubscribe-key.ts';
import {
  signUnsubscribeToken,
  verifyUnsubscribeToken,
} from '../../functions/commons/channels/unsubscribe-token.ts';

const claim = { customerId: 'c-1', channel: 'email' } as const;

describe('the local unsubscribe key', () => {
  test('is kept in the data folder, readable by its owner only, so links outlive a restart', () => {
    // Prepare
    const folder = mkdtempSync(join(tmpdir(), 'journeys-key-'));

    // Act
    const token = signUnsubscribeToken(claim, localUnsubscribeKey({}, folder));
    const afterRestart = localUnsubscribeKey({}, folder);

    // Assess
    expect(verifyUnsubscribeToken(token, afterRestart)).toEqual(claim);
    expect(statSync(join(folder, UNSUBSCRIBE_KEY_FILE)).mode & 0o777).toBe(0o600);
  });

  test('is a new one per engine without a data folder', () => {
    const token = signUnsubscribeToken(claim, localUnsubscribeKey({}));

    expect(verifyUnsubscribeToken(token, localUnsubscribeKey({}))).toBeUndefined();
  });

  test('is the configured UNSUBSCRIBE_KEY when given, whatever the folder holds', () => {
    // Prepare
    const folder = mkdtempSync(join(tmpdir(), 'journeys-key-'));
    localUnsubscribeKey({}, folder);
    const configured = { UNSUBSCRIBE_KEY: 'a-configured-key-of-at-least-32-characters' };

    // Act
    const token = signUnsubscribeToken(claim, localUnsubscribeKey(configured, folder));

    // Assess
    expect(verifyUnsubscribeToken(token, localUnsubscribeKey(configured))).toEqual(claim);
    expect(verifyUnsubscribeToken(token, localUnsubscribeKey({}, folder))).toBeUndefined();
  });
});
