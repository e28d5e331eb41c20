import {
  CreatePlatformEndpointCommand,
  DeleteEndpointCommand,
  EndpointDisabledException,
  GetEndpointAttributesCommand,
  InternalErrorException,
  InvalidParameterException,
  NotFoundException,
  PublishCommand,
  SetEndpointAttributesCommand,
  SNSClient,
} from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';

// SNS mobile push has no local emulator: this stand-in answers at the SDK edge (aws-sdk-client-mock)
// and keeps endpoints as SNS does: one per token and application, disabled when the platform
// rejects the token, deleted on request.
const metadata = { $metadata: {} };

export type StandInSns = ReturnType<typeof standInSns>;

/** SNS's platform endpoints behind a mocked client: what CreatePlatformEndpoint made, and their attributes. */
export function standInSns() {
  const client = new SNSClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const mock = mockClient(client);
  const endpoints = new Map<string, Record<string, string>>();
  let made = 0;
  const failing = new Set<string>();
  mock.on(CreatePlatformEndpointCommand).callsFake(async (input) => {
    if (failing.delete(String(input.Token)))
      throw new InternalErrorException({ message: 'Internal error', ...metadata });
    const prefix = `${String(input.PlatformApplicationArn).replace(':app/', ':endpoint/')}/`;
    const existing = [...endpoints].find(([arn, at]) => arn.startsWith(prefix) && at.Token === input.Token);
    if (existing) return { EndpointArn: existing[0] };
    made += 1;
    const endpointArn = `${prefix}endpoint-${made}`;
    endpoints.set(endpointArn, { Token: input.Token, Enabled: 'true', CustomUserData: input.CustomUserData });
    return { EndpointArn: endpointArn };
  });
  mock.on(GetEndpointAttributesCommand).callsFake(async ({ EndpointArn }) => {
    const attributes = endpoints.get(EndpointArn);
    if (!attributes) throw new NotFoundException({ message: 'Endpoint does not exist', ...metadata });
    return { Attributes: { ...attributes } };
  });
  mock.on(SetEndpointAttributesCommand).callsFake(async ({ EndpointArn, Attributes }) => {
    endpoints.set(EndpointArn, { ...endpoints.get(EndpointArn), ...Attributes });
    return {};
  });
  mock.on(DeleteEndpointCommand).callsFake(async ({ EndpointArn }) => {
    endpoints.delete(EndpointArn);
    return {};
  });
  mock.on(PublishCommand).callsFake(async ({ TargetArn }) => {
    const attributes = endpoints.get(TargetArn);
    if (!attributes)
      throw new InvalidParameterException({ message: 'Invalid parameter: TargetArn', ...metadata });
    if (attributes.Enabled !== 'true')
      throw new EndpointDisabledException({ message: 'Endpoint is disabled', ...metadata });
    return { MessageId: `message-${mock.commandCalls(PublishCommand).length}` };
  });
  const endpointOf = (token: string) => [...endpoints].find(([, at]) => at.Token === token)?.[0];
  return {
    client,
    mock,
    endpointOf,
    /** The next CreatePlatformEndpoint of the token fails with an internal error. */
    failOnce(token: string) {
      failing.add(token);
    },
    /** What SNS does when the platform tells it the token is no longer valid. */
    disable(token: string) {
      const endpointArn = endpointOf(token);
      if (endpointArn) endpoints.set(endpointArn, { ...endpoints.get(endpointArn), Enabled: 'false' });
    },
    /** Each Publish: its endpoint, and the step named in the data payload. */
    published: () =>
      mock.commandCalls(PublishCommand).map(({ args: [{ input }] }) => {
        const message = JSON.parse(String(input.Message)) as Record<string, string>;
        const payload = JSON.parse(message.APNS ?? message.GCM ?? '{}');
        const data = payload.fcmV1Message?.message.data ?? payload;
        return { targetArn: String(input.TargetArn), stepId: String(data.stepId) };
      }),
    inputs: <T>(command: new (...args: never[]) => T) =>
      mock.commandCalls(command as never).map((call) => (call.args[0] as { input: unknown }).input),
  };
}
