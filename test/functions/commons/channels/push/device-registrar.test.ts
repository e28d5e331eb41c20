import {
  CreatePlatformEndpointCommand,
  DeleteEndpointCommand,
  GetEndpointAttributesCommand,
  SetEndpointAttributesCommand,
  SNSClient,
  SNSServiceException,
} from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, test } from 'vitest';
import {
  pushApplicationsOf,
  SnsDeviceRegistrar,
} from '../../../../../functions/commons/channels/push/device-registrar.ts';
import { parseConfig } from '../../../../../functions/commons/runtime/config.ts';

const sns = mockClient(SNSClient);
afterEach(() => sns.reset());

const snsError = (name: string, message = `SNS said ${name}`) =>
  new SNSServiceException({ name, $fault: 'client', $metadata: {}, message });

const APNS_APP = 'arn:aws:sns:us-east-1:111122223333:app/APNS/shop';
const FCM_APP = 'arn:aws:sns:us-east-1:111122223333:app/GCM/shop';
const FCM_ENDPOINT = 'arn:aws:sns:us-east-1:111122223333:endpoint/GCM/shop/7b3d';
const android = { customerId: 'c-1', platform: 'fcm', token: 'fcm-token-android' } as const;

function registrar(applications = { apns: APNS_APP, fcm: FCM_APP }) {
  return new SnsDeviceRegistrar(new SNSClient({ region: 'us-east-1' }), applications, {
    backoff: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
    wait: async () => {},
  });
}

const inputsOf = <T>(command: new (...args: never[]) => T) =>
  sns.commandCalls(command as never).map((call) => (call.args[0] as { input: unknown }).input);

describe('the SNS device registrar', () => {
  test("a first registration creates the endpoint on the platform's application, owned by the customer", async () => {
    // Prepare
    sns.on(CreatePlatformEndpointCommand).resolves({ EndpointArn: FCM_ENDPOINT });
    sns
      .on(GetEndpointAttributesCommand)
      .resolves({ Attributes: { Token: android.token, Enabled: 'true', CustomUserData: 'c-1' } });

    // Act
    const endpointArn = await registrar().register(android);

    // Assess
    expect(endpointArn).toBe(FCM_ENDPOINT);
    expect(inputsOf(CreatePlatformEndpointCommand)).toEqual([
      { PlatformApplicationArn: FCM_APP, Token: android.token, CustomUserData: 'c-1' },
    ]);
    expect(inputsOf(GetEndpointAttributesCommand)).toEqual([{ EndpointArn: FCM_ENDPOINT }]);
    expect(inputsOf(SetEndpointAttributesCommand)).toEqual([]);
  });

  test('a platform without an application here registers nothing', async () => {
    // Act
    const endpointArn = await registrar({ apns: APNS_APP } as never).register(android);

    // Assess
    expect(endpointArn).toBeUndefined();
    expect(sns.calls()).toHaveLength(0);
  });

  test('a known endpoint that SNS disabled is enabled again with the latest token, not created anew', async () => {
    // Prepare
    sns
      .on(GetEndpointAttributesCommand)
      .resolves({ Attributes: { Token: 'fcm-token-old', Enabled: 'false', CustomUserData: 'c-1' } });

    // Act
    const endpointArn = await registrar().register({ ...android, endpointArn: FCM_ENDPOINT });

    // Assess
    expect(endpointArn).toBe(FCM_ENDPOINT);
    expect(inputsOf(CreatePlatformEndpointCommand)).toEqual([]);
    expect(inputsOf(SetEndpointAttributesCommand)).toEqual([
      {
        EndpointArn: FCM_ENDPOINT,
        Attributes: { Token: android.token, Enabled: 'true', CustomUserData: 'c-1' },
      },
    ]);
  });

  test('a known endpoint that was deleted is created again', async () => {
    // Prepare
    const fresh = `${FCM_ENDPOINT}-fresh`;
    sns
      .on(GetEndpointAttributesCommand, { EndpointArn: FCM_ENDPOINT })
      .rejects(snsError('NotFoundException', 'Endpoint does not exist'))
      .on(GetEndpointAttributesCommand, { EndpointArn: fresh })
      .resolves({ Attributes: { Token: android.token, Enabled: 'true', CustomUserData: 'c-1' } })
      .on(CreatePlatformEndpointCommand)
      .resolves({ EndpointArn: fresh });

    // Act
    const endpointArn = await registrar().register({ ...android, endpointArn: FCM_ENDPOINT });

    // Assess
    expect(endpointArn).toBe(fresh);
    expect(inputsOf(CreatePlatformEndpointCommand)).toHaveLength(1);
    expect(inputsOf(SetEndpointAttributesCommand)).toEqual([]);
  });

  test("a token another customer registered: SNS's InvalidParameter names the endpoint, which moves to this customer", async () => {
    // Prepare
    sns
      .on(CreatePlatformEndpointCommand)
      .rejects(
        snsError(
          'InvalidParameterException',
          `Invalid parameter: Token Reason: Endpoint ${FCM_ENDPOINT} already exists with the same Token, but different attributes.`,
        ),
      )
      .on(GetEndpointAttributesCommand)
      .resolves({ Attributes: { Token: android.token, Enabled: 'true', CustomUserData: 'c-0' } });

    // Act
    const endpointArn = await registrar().register(android);

    // Assess
    expect(endpointArn).toBe(FCM_ENDPOINT);
    expect(inputsOf(SetEndpointAttributesCommand)).toEqual([
      {
        EndpointArn: FCM_ENDPOINT,
        Attributes: { Token: android.token, Enabled: 'true', CustomUserData: 'c-1' },
      },
    ]);
  });

  test('a token another customer owns is taken off them first; if that fails, the endpoint stays theirs', async () => {
    // Prepare
    sns
      .on(CreatePlatformEndpointCommand)
      .resolves({ EndpointArn: FCM_ENDPOINT })
      .on(GetEndpointAttributesCommand)
      .resolves({ Attributes: { Token: android.token, Enabled: 'true', CustomUserData: 'c-0' } });
    const owners: string[] = [];

    // Act
    const failing = registrar().register(android, {
      takeOver: async (previous) => {
        owners.push(previous);
        throw new Error('ingest failed');
      },
    });
    await expect(failing).rejects.toThrow('ingest failed');
    const setBeforeSuccess = inputsOf(SetEndpointAttributesCommand).length;
    await registrar().register(android, { takeOver: async (previous) => void owners.push(previous) });

    // Assess
    expect(owners).toEqual(['c-0', 'c-0']);
    expect(setBeforeSuccess).toBe(0);
    expect(inputsOf(SetEndpointAttributesCommand)).toHaveLength(1);
  });

  test("an endpoint of another application (the sandbox app's) is not reused", async () => {
    // Prepare
    const sandbox = 'arn:aws:sns:us-east-1:111122223333:endpoint/APNS_SANDBOX/shop-dev/2a9c';
    const production = 'arn:aws:sns:us-east-1:111122223333:endpoint/APNS/shop/3c1e';
    sns
      .on(CreatePlatformEndpointCommand)
      .resolves({ EndpointArn: production })
      .on(GetEndpointAttributesCommand)
      .resolves({ Attributes: { Token: 'apns-token', Enabled: 'true', CustomUserData: 'c-1' } });

    // Act
    const endpointArn = await registrar().register({
      customerId: 'c-1',
      platform: 'apns',
      token: 'apns-token',
      endpointArn: sandbox,
    });

    // Assess
    expect(endpointArn).toBe(production);
    expect(inputsOf(CreatePlatformEndpointCommand)).toEqual([
      { PlatformApplicationArn: APNS_APP, Token: 'apns-token', CustomUserData: 'c-1' },
    ]);
  });

  test('a throttled call is retried; one that stays throttled throws', async () => {
    // Prepare
    sns
      .on(CreatePlatformEndpointCommand)
      .rejectsOnce(snsError('ThrottledException'))
      .resolves({ EndpointArn: FCM_ENDPOINT })
      .on(GetEndpointAttributesCommand)
      .rejects(snsError('ThrottledException'));

    // Act
    const registering = registrar().register(android);

    // Assess
    await expect(registering).rejects.toMatchObject({ name: 'ThrottledException' });
    expect(inputsOf(CreatePlatformEndpointCommand)).toHaveLength(2);
    expect(inputsOf(GetEndpointAttributesCommand)).toHaveLength(3);
  });

  test("unregistering deletes the customer's endpoint, but not one another customer took over, nor a missing one", async () => {
    // Prepare
    const taken = `${FCM_ENDPOINT}-taken`;
    const missing = `${FCM_ENDPOINT}-missing`;
    sns
      .on(GetEndpointAttributesCommand, { EndpointArn: FCM_ENDPOINT })
      .resolves({ Attributes: { Token: android.token, Enabled: 'false', CustomUserData: 'c-1' } })
      .on(GetEndpointAttributesCommand, { EndpointArn: taken })
      .resolves({ Attributes: { Token: android.token, Enabled: 'true', CustomUserData: 'c-2' } })
      .on(GetEndpointAttributesCommand, { EndpointArn: missing })
      .rejects(snsError('NotFoundException'));
    const keeper = registrar();

    // Act
    for (const endpointArn of [FCM_ENDPOINT, taken, missing]) await keeper.unregister(endpointArn, 'c-1');

    // Assess
    expect(inputsOf(DeleteEndpointCommand)).toEqual([{ EndpointArn: FCM_ENDPOINT }]);
  });
  test('unregistering a device reported gone deletes its endpoint only while SNS still has it disabled', async () => {
    // Prepare: the app registered the second endpoint again after the report.
    const enabledAgain = `${FCM_ENDPOINT}-again`;
    sns
      .on(GetEndpointAttributesCommand, { EndpointArn: FCM_ENDPOINT })
      .resolves({ Attributes: { Token: android.token, Enabled: 'false', CustomUserData: 'c-1' } })
      .on(GetEndpointAttributesCommand, { EndpointArn: enabledAgain })
      .resolves({ Attributes: { Token: android.token, Enabled: 'true', CustomUserData: 'c-1' } });
    const keeper = registrar();

    // Act
    for (const endpointArn of [FCM_ENDPOINT, enabledAgain])
      await keeper.unregister(endpointArn, 'c-1', { onlyIfDisabled: true });

    // Assess
    expect(inputsOf(DeleteEndpointCommand)).toEqual([{ EndpointArn: FCM_ENDPOINT }]);
  });
});

describe('the push applications of the configuration', () => {
  const tables = { CUSTOMERS_TABLE: 'customers', EVENTS_TABLE: 'events', STATE_TABLE: 'state' };

  test('are the platforms whose application ARN is set, and none when neither is', () => {
    expect(pushApplicationsOf(parseConfig({ ...tables, PUSH_FCM_APPLICATION_ARN: FCM_APP }))).toEqual({
      fcm: FCM_APP,
    });
    expect(pushApplicationsOf(parseConfig(tables))).toBeUndefined();
  });

  test('an ARN that is not a platform application of its platform is refused, naming the variable', () => {
    expect(() => parseConfig({ ...tables, PUSH_FCM_APPLICATION_ARN: APNS_APP })).toThrow(
      /PUSH_FCM_APPLICATION_ARN: expected the ARN of an SNS platform application, such as "arn:aws:sns:us-east-1:111122223333:app\/GCM\/shop"/,
    );
  });
});
