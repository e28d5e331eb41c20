import { z } from 'zod';
import { placeOfId } from '../commons/stores/inbox.ts';

/** The events API's rule for a customer id (workflows/contracts/customer.ts), for the {id} of the path. */
export const CustomerIdParam = z
  .string({ error: 'expected the customer id in the path' })
  .min(1, { error: 'expected a non-empty customer id' })
  .max(128, { error: 'expected a customer id of at most 128 characters' })
  .regex(/^[\w:.\-@+]+$/, { error: 'expected a customer id of letters, digits and _ : . - @ +' })
  .refine((id) => id !== '__proto__', { error: 'expected a customer id other than "__proto__"' });

const MessageIdParam = z
  .string({ error: 'expected the message id in the path' })
  .refine((id) => placeOfId(id) !== undefined, {
    error: 'expected the id of a message as GET /customers/{id}/inbox lists it',
  });

export const MAX_PAGE = 100;
export const DEFAULT_PAGE = 20;

const Limit = z.coerce
  .number({ error: `expected limit as a whole number from 1 to ${MAX_PAGE}` })
  .int({ error: `expected limit as a whole number from 1 to ${MAX_PAGE}` })
  .min(1, { error: `expected limit as a whole number from 1 to ${MAX_PAGE}` })
  .max(MAX_PAGE, { error: `expected limit as a whole number from 1 to ${MAX_PAGE}` })
  .default(DEFAULT_PAGE)
  .describe('How many messages a page holds.');

const Cursor = z
  .string({ error: 'expected next as the cursor a previous page gave' })
  .refine((cursor) => placeOfId(cursor) !== undefined, {
    error: 'expected next as the cursor a previous page gave, unchanged',
  })
  .describe('The `next` of the previous page, as it was given: opaque.');

/** GET /customers/{id}/inbox?limit=&next= */
export const ListInboxRequest = z.strictObject({
  path: z.strictObject({ id: CustomerIdParam }),
  query: z.strictObject({ limit: Limit, next: Cursor.optional() }),
});

/** POST /customers/{id}/inbox/{message}/read */
export const ReadMessageRequest = z.strictObject({
  path: z.strictObject({ id: CustomerIdParam, message: MessageIdParam }),
});

const Iso = z.iso.datetime();

export const InboxEntry = z
  .strictObject({
    id: z.string().describe('The message id, for POST /customers/{id}/inbox/{message}/read.'),
    subject: z.string().optional().describe('The rendered title, when the template has one.'),
    body: z.string().describe('The rendered text.'),
    journeyId: z.string(),
    stepId: z.string(),
    offer: z.string().optional().describe('The offer the send step carries.'),
    sentAt: Iso,
    expiresAt: Iso.describe('After this the message is no longer listed, and DynamoDB removes it.'),
    read: z.boolean(),
    readAt: Iso.optional().describe('When it was first read.'),
  })
  .describe('An in-app message as the inbox routes answer it.');
export type InboxEntry = z.infer<typeof InboxEntry>;

export const InboxListing = z
  .strictObject({
    messages: z.array(InboxEntry).describe('Newest first.'),
    next: z.string().optional().describe('The cursor of the next page; absent on the last page.'),
  })
  .describe('A page of GET /customers/{id}/inbox.');
export type InboxListing = z.infer<typeof InboxListing>;

export const ReadAnswer = z.strictObject({ message: InboxEntry });
export type ReadAnswer = z.infer<typeof ReadAnswer>;
