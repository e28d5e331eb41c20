import type { Channel } from '../../workflows/schema/index.ts';

const WHAT: Record<Channel, string> = {
  email: 'emails',
  sms: 'text messages',
  push: 'push notifications',
  in_app: 'in-app messages',
  webhook: 'messages',
};

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character] ?? '',
  );

function page(title: string, content: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;line-height:1.5}button{font:inherit;padding:.5rem 1.25rem;cursor:pointer}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${content}
</body>
</html>
`;
}

/**
 * The page a GET shows: nothing changes until the button POSTs the RFC 8058 one-click body, so
 * a link scanner that fetches the link unsubscribes no one.
 */
export function confirmPage(token: string, channel: Channel): string {
  return page(
    `Unsubscribe from ${WHAT[channel]}?`,
    `<p>You will get no more marketing ${WHAT[channel]} from us.</p>
<form method="post" action="?token=${escapeHtml(encodeURIComponent(token))}">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">Unsubscribe</button>
</form>`,
  );
}

export function unsubscribedPage(channel: Channel): string {
  return page(
    'You are unsubscribed',
    `<p>You will get no more marketing ${WHAT[channel]} from us. It may take a moment for messages already on their way.</p>`,
  );
}

export function problemPage(title: string, detail: string): string {
  return page(title, `<p>${escapeHtml(detail)}</p>`);
}
