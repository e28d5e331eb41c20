import { z } from 'zod';

/** Hosts a plain-http webhook may go to: a receiver on the same machine, for local runs and tests. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

const EXAMPLE = 'such as "https://hooks.example.com/journeys"';

/**
 * A webhook target: https, or http to a loopback host (which the AWS runtime refuses anyway), with
 * no user name, password or fragment: the signature authenticates a call, not the URL.
 */
export const WebhookUrl = z
  .string({ error: `expected a URL as text, ${EXAMPLE}` })
  .superRefine((text, context) => {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      context.addIssue({ code: 'custom', message: `expected an absolute URL, ${EXAMPLE}` });
      return;
    }
    const problem =
      url.protocol !== 'https:' && url.protocol !== 'http:'
        ? `expected an https URL, not ${url.protocol.replace(/:$/, '')}, ${EXAMPLE}`
        : url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)
          ? `expected https; plain http goes only to localhost or 127.0.0.1 (a local receiver), ${EXAMPLE}`
          : url.username !== '' || url.password !== ''
            ? 'expected no user name or password in the URL; receivers check the signature instead'
            : url.hash !== ''
              ? 'expected no "#" fragment; a fragment never reaches the receiver'
              : undefined;
    if (problem) context.addIssue({ code: 'custom', message: problem });
  })
  .describe('An https URL (plain http only to localhost or 127.0.0.1).');

/**
 * Whether an allowlist entry admits a URL: the same origin (scheme, host and port), and the same
 * path, or any path under an entry that ends in "/". Both are normalised first, so "/a/../b" is "/b".
 * Whether an entry ends in "/" is read from its text: `new URL` gives "https://h" the path "/" too.
 */
export function webhookUrlAllowed(url: string, allow: readonly string[]): boolean {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  return allow.some((entry) => {
    const allowed = new URL(entry);
    if (allowed.origin !== target.origin) return false;
    const prefix = (entry.split(/[?#]/)[0] ?? '').endsWith('/');
    if (prefix) return target.pathname.startsWith(allowed.pathname);
    return (
      target.pathname === allowed.pathname && (allowed.search === '' || allowed.search === target.search)
    );
  });
}
