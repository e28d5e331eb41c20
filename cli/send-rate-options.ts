import type { Command } from 'commander';
import type { SendRates } from '../functions/commons/channels/pacing.ts';
import {
  EmailMaxPerSecond,
  PushMaxPerSecond,
  SmsMaxPerSecond,
  WebhookMaxPerSecond,
} from '../functions/commons/runtime/config.ts';

/** The pacing flags' options, validated as the deployed functions validate their rates. */
export const SendRateOptions = {
  emailRate: EmailMaxPerSecond.optional(),
  smsRate: SmsMaxPerSecond.optional(),
  pushRate: PushMaxPerSecond.optional(),
  webhookRate: WebhookMaxPerSecond.optional(),
};

/** Adds `--email-rate`, `--sms-rate`, `--push-rate` and `--webhook-rate` to a command that runs the engine. */
export function withSendRateFlags(command: Command): Command {
  return command
    .option(
      '--email-rate <per-second>',
      "pace email to the provider's maximum send rate, as -c emailMaxPerSecond does in AWS (default: unpaced)",
    )
    .option('--sms-rate <per-second>', 'pace SMS likewise (-c smsMaxPerSecond)')
    .option('--push-rate <per-second>', 'pace push likewise (-c pushMaxPerSecond)')
    .option('--webhook-rate <per-second>', 'pace webhook calls likewise (-c webhookMaxPerSecond)');
}

/** Each channel's rate from the parsed flags; a channel without one is unpaced. */
export function sendRatesOf(options: {
  readonly emailRate?: number;
  readonly smsRate?: number;
  readonly pushRate?: number;
  readonly webhookRate?: number;
}): SendRates {
  return {
    email: options.emailRate,
    sms: options.smsRate,
    push: options.pushRate,
    webhook: options.webhookRate,
  };
}

/** The rates in words for a start-up line, such as "email 5/s, sms 20/s"; empty when nothing is paced. */
export function describeSendRates(rates: SendRates): string {
  return Object.entries(rates)
    .filter(([, rate]) => rate !== undefined)
    .map(([channel, rate]) => `${channel} ${rate}/s`)
    .join(', ');
}
