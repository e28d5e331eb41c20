import { describe, expect, test } from 'vitest';
import type {
  ChannelAdapter,
  DeliveryOutcome,
  OutgoingMessage,
} from '../../../../functions/commons/channels/channel-adapter.ts';
import { ChannelRouter } from '../../../../functions/commons/channels/channel-router.ts';
import type { Channel } from '../../../../workflows/schema/index.ts';

/** An adapter that keeps what it was handed and answers with `answer`. */
function recording(answer: (message: OutgoingMessage) => DeliveryOutcome | Error = accept) {
  const batches: string[][] = [];
  const finished: string[] = [];
  const adapter: ChannelAdapter = {
    async deliver(messages) {
      batches.push(messages.map((message) => message.customerId));
      await new Promise((resolve) => setTimeout(resolve, 10));
      const outcomes = messages.map(answer);
      const failure = outcomes.find((outcome) => outcome instanceof Error);
      if (failure) throw failure;
      finished.push(...messages.map((message) => message.customerId));
      return outcomes as DeliveryOutcome[];
    },
  };
  return { adapter, batches, finished };
}

function accept(message: OutgoingMessage): DeliveryOutcome {
  return { idempotencyKey: message.idempotencyKey, status: 'accepted' };
}

const message = (customerId: string, channel: Channel): OutgoingMessage => ({
  idempotencyKey: `run/step/${customerId}`,
  channel,
  customerId,
  journeyId: 'j',
  runId: 'run',
  stepId: 'step',
  template: 't',
  body: 'hi',
  at: 0,
});

describe('the channel router', () => {
  test('hands email to the email adapter, the rest to the fallback, and answers in the order of the messages', async () => {
    // Prepare
    const email = recording((sent) => ({
      idempotencyKey: sent.idempotencyKey,
      status: 'rejected',
      reason: 'no',
    }));
    const fallback = recording();
    const router = new ChannelRouter({ email: email.adapter }, fallback.adapter);
    const messages = [
      message('a', 'sms'),
      message('b', 'email'),
      message('c', 'push'),
      message('d', 'email'),
    ];

    // Act
    const outcomes = await router.deliver(messages);

    // Assess
    expect(email.batches).toEqual([['b', 'd']]);
    expect(fallback.batches).toEqual([['a', 'c']]);
    expect(outcomes.map((outcome) => [outcome.idempotencyKey, outcome.status])).toEqual([
      ['run/step/a', 'accepted'],
      ['run/step/b', 'rejected'],
      ['run/step/c', 'accepted'],
      ['run/step/d', 'rejected'],
    ]);
  });

  test('throws when one adapter fails, once the others have finished', async () => {
    // Prepare
    const email = recording(() => new Error('throttled'));
    const fallback = recording();
    const router = new ChannelRouter({ email: email.adapter }, fallback.adapter);

    // Act
    const failure = await router
      .deliver([message('a', 'email'), message('b', 'sms')])
      .catch((error) => error);

    // Assess
    expect(failure).toEqual(new Error('throttled'));
    expect(fallback.finished).toEqual(['b']);
  });

  test('calls no adapter for an empty batch', async () => {
    const email = recording();
    const fallback = recording();

    expect(await new ChannelRouter({ email: email.adapter }, fallback.adapter).deliver([])).toEqual([]);
    expect([...email.batches, ...fallback.batches]).toEqual([]);
  });
});
