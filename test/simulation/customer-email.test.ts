import { describe, expect, it } from 'vitest';
import { generateSignups } from '../../simulation/behaviour.ts';
import { generateCustomerBase } from '../../simulation/customer-base.ts';
import { createRng } from '../../simulation/random.ts';

const createdAt = Date.parse('2026-06-11T02:00:00Z');

describe('the email addresses of the synthetic customers', () => {
  const base = generateCustomerBase({ customers: 10_000, seed: 618, createdAt });
  const withEmail = base.filter((profile) => profile.email !== undefined);

  it('gives almost every customer an address of their own on example.com, and a few none', () => {
    const share = withEmail.length / base.length;

    expect(share).toBeGreaterThan(0.95);
    expect(share).toBeLessThan(0.99);
    for (const profile of withEmail) expect(profile.email).toBe(`${profile.customerId}@example.com`);
  });

  it('gives sign-ups an address in their signup event, which the profile takes', () => {
    const signups = generateSignups({
      count: 200,
      from: createdAt,
      to: createdAt + 86_400_000,
      rng: createRng(618).fork('signups'),
      idStart: 10_000,
    });
    const withAddress = signups.filter(({ profile }) => profile.email !== undefined);

    expect(withAddress.length).toBeGreaterThan(180);
    for (const { profile, event } of withAddress)
      expect(event.properties).toMatchObject({ email: `${profile.customerId}@example.com` });
  });
});
