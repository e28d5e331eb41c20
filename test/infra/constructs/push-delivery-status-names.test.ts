import { describe, expect, test } from 'vitest';
import { deliveryStatusLogGroupNames } from '../../../infra/constructs/push-delivery-status.ts';

describe('the log groups SNS writes a push application’s delivery statuses to', () => {
  test('are named after the region, account, platform and name of the application, failures apart', () => {
    // Act / Assess: as SNS names them, "sns/<region>/<account>/app/<PLATFORM>/<name>" and ".../Failure".
    expect(deliveryStatusLogGroupNames('arn:aws:sns:us-west-1:111122223333:app/APNS/shop-ios')).toEqual({
      success: 'sns/us-west-1/111122223333/app/APNS/shop-ios',
      failure: 'sns/us-west-1/111122223333/app/APNS/shop-ios/Failure',
    });
  });

  test('an ARN that is no platform application is refused, quoting it', () => {
    // Act / Assess
    expect(() => deliveryStatusLogGroupNames('arn:aws:sns:us-west-1:111122223333:orders')).toThrow(
      /expected the ARN of an SNS platform application, got arn:aws:sns:us-west-1:111122223333:orders/,
    );
  });
});
