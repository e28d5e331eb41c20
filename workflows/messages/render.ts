import type { CompiledTemplate } from './compiled-template.ts';
import { type Flavour, LIQUID, parseLiquid } from './liquid.ts';
import type { MessageScope } from './scope.ts';

/** A message as a customer reads it. */
export interface RenderedMessage {
  readonly subject?: string;
  /** The plain-text part, or the whole message on text channels. */
  readonly text: string;
  readonly html?: string;
}

function render(source: string, flavour: Flavour, scope: MessageScope): string {
  return String(LIQUID[flavour].renderSync(parseLiquid(source, flavour), scope));
}

/** Renders a compiled template for one customer; each source is parsed once per process. */
export function renderMessage(template: CompiledTemplate, scope: MessageScope): RenderedMessage {
  return {
    ...(template.subject !== undefined ? { subject: render(template.subject, 'text', scope) } : {}),
    text: render(template.text, 'text', scope),
    ...(template.html !== undefined ? { html: render(template.html, 'html', scope) } : {}),
  };
}
