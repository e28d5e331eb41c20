import { CustomerProfile } from '../contracts/customer.ts';

/** The customer a preview shows a template to when it is given none: every field filled in. */
export const SAMPLE_CUSTOMER: CustomerProfile = CustomerProfile.parse({
  customerId: 'sample-customer',
  timezone: 'Asia/Shanghai',
  consent: { email: true, sms: true, push: true },
  email: 'ana@example.com',
  member: true,
  tier: 'E',
  orderCount: 3,
  recentOrderCount: 1,
  firstPurchaseAt: Date.parse('2027-02-03T04:00:00Z'),
  lastActiveAt: Date.parse('2027-06-08T12:30:00Z'),
  totalSpend: 1288,
  tags: ['newsletter'],
  attributes: { first_name: 'Ana', city: 'Shanghai' },
  createdAt: Date.parse('2027-01-20T09:00:00Z'),
});
