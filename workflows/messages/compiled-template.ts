import { z } from 'zod';
import { Channel, Id } from '../schema/primitives.ts';

/**
 * A template as the runtimes send it: Liquid sources only, the MJML already compiled to HTML, so
 * that a message costs one Liquid render and a Lambda never runs MJML.
 */
export const CompiledTemplate = z.strictObject({
  id: Id,
  channel: Channel,
  /** The subject of an email, the title of a push or in-app message. */
  subject: z.string().optional(),
  /** The plain-text part: an email's text part, or the whole message on other channels. */
  text: z.string(),
  /** An email's HTML part. */
  html: z.string().optional(),
  /** Where a webhook is POSTed: a fixed URL that the workspace's allowlist admitted at validation. */
  url: z.string().optional(),
  /** The attribute names the template reads, each given a value (null when missing) at render. */
  attributes: z.array(z.string()),
});
export type CompiledTemplate = z.infer<typeof CompiledTemplate>;
