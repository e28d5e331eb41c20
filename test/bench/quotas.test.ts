import { describe, expect, test } from 'vitest';
import { DEFAULT_QUOTAS } from '../../bench/quotas.ts';

describe('the quota table', () => {
  test('each quota names its documentation page', () => {
    for (const quota of Object.values(DEFAULT_QUOTAS)) {
      expect(quota.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
      expect(quota.value).toBeGreaterThan(0);
    }
  });
});
