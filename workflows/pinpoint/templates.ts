import type { Channel, Template } from '../schema/index.ts';
import type { PinpointTemplate } from './export-input.ts';
import { defaultSubstitutions, type LiquidText, toLiquid } from './placeholders.ts';

/** A template the import writes, with what a person must still decide about it. */
export interface ImportedTemplate {
  readonly template: Template;
  readonly todos: readonly string[];
  /** What mapped, for the report. */
  readonly notes: readonly string[];
}

const UNSUBSCRIBE = '{{ unsubscribe_url }}';

/** The HTML inside <body>, without the document around it (MJML builds its own). */
function bodyOf(html: string): { inner: string; droppedHead: boolean } {
  const body = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html);
  const inner = body ? (body[1] ?? '') : html.replace(/<\/?(?:html|head)[^>]*>/gi, '');
  return { inner: inner.trim(), droppedHead: /<head[\s>]/i.test(html) || /<style[\s>]/i.test(html) };
}

const escapeMjml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** An email: the HTML part inside one mj-text, with the one-click unsubscribe link every email must carry. */
function emailTemplate(id: string, exported: Extract<PinpointTemplate, { kind: 'email' }>): ImportedTemplate {
  const defaults = defaultSubstitutions(exported.DefaultSubstitutions);
  const parts: LiquidText[] = [];
  const todos: string[] = [];
  const notes: string[] = [];
  const liquid = (text: string) => {
    const converted = toLiquid(text, 'email', defaults);
    parts.push(converted);
    return converted.liquid;
  };
  const subject = exported.Subject ? liquid(exported.Subject) : 'TODO: a subject';
  if (!exported.Subject) todos.push('the exported template has no Subject: write one');
  const html = exported.HtmlPart ? bodyOf(exported.HtmlPart) : undefined;
  if (html?.droppedHead)
    todos.push("the HTML's <head> and <style> are left out: MJML writes its own; restyle with mj-attributes");
  const content = html ? liquid(html.inner) : escapeMjml(liquid(exported.TextPart ?? 'TODO: the message'));
  if (!exported.HtmlPart && !exported.TextPart)
    todos.push('the exported template has neither HtmlPart nor TextPart: write the message');
  const footer = content.includes(UNSUBSCRIBE)
    ? ''
    : `\n        <mj-text font-size="12px" color="#888888"><a href="${UNSUBSCRIBE}">Unsubscribe</a></mj-text>`;
  if (footer) notes.push('added the one-click unsubscribe link every email here carries');
  const mjml = `<mjml>\n  <mj-body>\n    <mj-section>\n      <mj-column>\n        <mj-text>\n${content}\n        </mj-text>${footer}\n      </mj-column>\n    </mj-section>\n  </mj-body>\n</mjml>\n`;
  const text = exported.TextPart ? liquid(exported.TextPart) : undefined;
  const textWithLink =
    text === undefined || text.includes(UNSUBSCRIBE) ? text : `${text}\n\nUnsubscribe: ${UNSUBSCRIBE}`;
  return finish(
    { id, channel: 'email', subject, mjml, ...(textWithLink ? { text: textWithLink } : {}) },
    parts,
    todos,
    notes,
  );
}

function finish(
  template: Template,
  parts: readonly LiquidText[],
  todos: string[],
  notes: string[],
): ImportedTemplate {
  for (const part of parts) {
    notes.push(...part.mapped);
    for (const lost of part.lost) todos.push(`${lost} has no variable here: replace the [..] text it left`);
  }
  return { template, todos: [...new Set(todos)], notes: [...new Set(notes)] };
}

/** A push: the Default message, else the first platform's, as title and body. */
function pushTemplate(id: string, exported: Extract<PinpointTemplate, { kind: 'push' }>): ImportedTemplate {
  const defaults = defaultSubstitutions(exported.DefaultSubstitutions);
  const platforms = (['Default', 'GCM', 'APNS', 'ADM', 'Baidu'] as const).filter(
    (name) => exported[name]?.Body,
  );
  const [first] = platforms;
  const chosen = first ? exported[first] : undefined;
  const todos: string[] = [];
  const notes: string[] = [];
  if (platforms.length > 1)
    notes.push(`took the ${first} message; Pinpoint also had ${platforms.slice(1).join(', ')}`);
  if (!chosen) todos.push('the exported push template has no Body: write the message');
  if (chosen?.Url || chosen?.Action)
    todos.push(
      `the push opened ${chosen.Url ?? chosen.Action}: push messages here carry a title and a text only`,
    );
  const title = chosen?.Title ? toLiquid(chosen.Title, 'push', defaults) : undefined;
  const body = toLiquid(chosen?.Body ?? 'TODO: the message', 'push', defaults);
  return finish(
    { id, channel: 'push', ...(title ? { subject: title.liquid } : {}), body: body.liquid },
    title ? [title, body] : [body],
    todos,
    notes,
  );
}

/** The template an exported Pinpoint template becomes on `channel`, or a placeholder when it was not exported. */
export function importTemplate(
  id: string,
  channel: Channel,
  exported: PinpointTemplate | undefined,
  context: { readonly name?: string; readonly url?: string; readonly data?: string },
): ImportedTemplate {
  if (channel === 'webhook') {
    const url =
      context.url && /^https:\/\//.test(context.url)
        ? context.url
        : `https://lambda-url.invalid/${encodeURIComponent(context.url || 'function')}`;
    const body = toLiquid(context.data ?? '{}', 'webhook', {});
    const todos =
      url === context.url
        ? []
        : [
            `Pinpoint called ${context.url || 'a Lambda function'}: put the URL that reaches it here and in the webhook allowlist`,
          ];
    return finish({ id, channel: 'webhook', url, body: body.liquid || '{}' }, [body], todos, []);
  }
  if (exported?.kind === 'email' && channel === 'email') return emailTemplate(id, exported);
  if (exported?.kind === 'push' && channel === 'push') return pushTemplate(id, exported);
  if (exported?.kind === 'sms' && channel === 'sms') {
    const body = toLiquid(
      exported.Body ?? 'TODO: the message',
      'sms',
      defaultSubstitutions(exported.DefaultSubstitutions),
    );
    return finish(
      { id, channel: 'sms', body: body.liquid },
      [body],
      exported.Body ? [] : ['the exported SMS template has no Body: write the message'],
      [],
    );
  }
  const why = exported
    ? `template ${context.name} was exported as a ${exported.kind} template, not ${channel}`
    : `template ${context.name ?? '(none named)'} is not among the exported templates (--templates)`;
  const placeholder = 'TODO: the message of this step';
  const template: Template =
    channel === 'email'
      ? {
          id,
          channel,
          subject: 'TODO: a subject',
          mjml: `<mjml>\n  <mj-body>\n    <mj-section>\n      <mj-column>\n        <mj-text>${placeholder}</mj-text>\n        <mj-text><a href="${UNSUBSCRIBE}">Unsubscribe</a></mj-text>\n      </mj-column>\n    </mj-section>\n  </mj-body>\n</mjml>\n`,
        }
      : channel === 'sms'
        ? { id, channel, body: placeholder }
        : { id, channel: channel === 'in_app' ? 'in_app' : 'push', body: placeholder };
  return {
    template,
    todos: [`${why}: a placeholder was written; export it and import again, or write the message`],
    notes: [],
  };
}
