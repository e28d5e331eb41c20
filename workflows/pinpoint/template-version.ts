import type { ActivityNode } from './activity-graph.ts';
import type { PinpointTemplate } from './export-input.ts';
import type { Decision } from './import-report.ts';
import { subjectOf } from './step-context.ts';

const EXPORT_COMMAND = { email: 'get-email-template', sms: 'get-sms-template', push: 'get-push-template' };

/**
 * A message activity's TemplateVersion, against the template exported under its name. Without
 * one, Pinpoint sent the template's active version, which get-*-template prints by default; with
 * one, it sent that version, which the export holds only when it was asked for it.
 */
export function templateVersionDecision(
  node: ActivityNode,
  exported: PinpointTemplate | undefined,
  stepId: string | undefined,
): Decision | undefined {
  const message =
    node.type === 'EMAIL' || node.type === 'SMS' || node.type === 'PUSH' || node.type === 'CUSTOM'
      ? node.activity[node.type]
      : undefined;
  const wanted = message?.TemplateVersion;
  if (wanted === undefined || message?.TemplateName === undefined) return undefined;
  const base = { subject: subjectOf(node), ...(stepId ? { stepId } : {}) };
  if (exported?.Version === wanted)
    return {
      ...base,
      outcome: 'mapped',
      detail: `TemplateVersion ${wanted}: the exported template is that version`,
    };
  const command = exported
    ? EXPORT_COMMAND[exported.kind]
    : 'get-email-template, get-sms-template or get-push-template';
  const held = exported
    ? exported.Version === undefined
      ? 'the exported template does not say its version'
      : `the exported template is version ${exported.Version}`
    : 'the template was not exported';
  return {
    ...base,
    outcome: 'lost',
    detail: `TemplateVersion ${wanted}: Pinpoint sent that version of ${message.TemplateName}, and ${held}; export it with \`${command} --template-name ${message.TemplateName} --template-version ${wanted}\` and import again`,
  };
}
