import type { ChannelAdapter } from '../../../functions/commons/channels/channel-adapter.ts';

/**
 * An adapter made anew for every delivery, as a Lambda retried in a new container has none of
 * the last one's memory. With `dieAfterFirst`, the first delivery's container dies once the
 * provider has taken its messages, before the send step records them: the shard task fails, and
 * the state machine's Retry runs it again.
 */
export function freshPerDelivery(
  make: () => ChannelAdapter,
  options: { readonly dieAfterFirst?: boolean } = {},
): ChannelAdapter & { readonly deliveries: () => number } {
  let deliveries = 0;
  return {
    deliveries: () => deliveries,
    async deliver(messages, context) {
      deliveries += 1;
      const outcomes = await make().deliver(messages, context);
      if (options.dieAfterFirst && deliveries === 1)
        throw new Error('the Lambda timed out after the provider took the messages');
      return outcomes;
    },
  };
}
