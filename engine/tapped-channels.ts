import type { ChannelAdapter, OutgoingMessage } from '../functions/commons/channels/channel-adapter.ts';

/** The channels, with `onDeliver` told of every batch they delivered (the simulation's touches, serve's outbox file). */
export function tapped(
  adapter: ChannelAdapter,
  onDeliver?: (messages: readonly OutgoingMessage[]) => void,
): ChannelAdapter {
  if (!onDeliver) return adapter;
  return {
    async deliver(messages, context) {
      const outcomes = await adapter.deliver(messages, context);
      onDeliver(messages);
      return outcomes;
    },
  };
}
