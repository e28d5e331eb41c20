import { describe, expect, it } from 'vitest';
import { checkEvery, DEFAULT_CHECK_EVERY, Step, WaitForStep } from '../../../workflows/schema/index.ts';

const waitFor = {
  id: 'wait-for-order',
  kind: 'wait_for',
  event: 'purchase',
  timeout: '1d',
  on_event: 'done',
};

describe('wait_for check_every', () => {
  it('is 15 minutes by default', () => {
    expect(DEFAULT_CHECK_EVERY).toBe('15m');
  });

  it('stays unwritten after parsing when the author did not write it, so rules can tell', () => {
    const step = WaitForStep.parse(waitFor);
    expect(step.check_every).toBeUndefined();
    expect('check_every' in step).toBe(false);
  });

  it('gives the default as the effective value when it is not written', () => {
    expect(checkEvery(WaitForStep.parse(waitFor))).toBe('15m');
  });

  it('gives the written value when there is one', () => {
    const step = WaitForStep.parse({ ...waitFor, check_every: '1h' });
    expect(step.check_every).toBe('1h');
    expect(checkEvery(step)).toBe('1h');
  });

  it('parses the same way as a step of the step union', () => {
    const step = Step.parse(waitFor);
    expect(step.kind === 'wait_for' && step.check_every).toBeUndefined();
  });

  it('still rejects a check_every that is not a duration', () => {
    expect(WaitForStep.safeParse({ ...waitFor, check_every: 'often' }).success).toBe(false);
  });
});
