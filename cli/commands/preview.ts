import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { CustomerProfile } from '../../workflows/contracts/customer.ts';
import { schemaViolations } from '../../workflows/language/schema-violations.ts';
import { offerNeeds } from '../../workflows/messages/check-template.ts';
import { renderMessage } from '../../workflows/messages/render.ts';
import { SAMPLE_CUSTOMER } from '../../workflows/messages/sample-customer.ts';
import { messageScope } from '../../workflows/messages/scope.ts';
import { formatPath, formatViolation } from '../../workflows/rules/violation.ts';
import type { Offer, SendStep } from '../../workflows/schema/index.ts';
import { type CompiledWorkspace, compileWorkspace } from '../../workflows/workspace/compile-workspace.ts';
import { parseOptions, UsageError } from '../options.ts';

const TEMPLATE_FILE = /\.template\.(ya?ml|json)$/;

/** A preview's link stands in for the customer's own, which only a deployment can sign. */
export const PREVIEW_UNSUBSCRIBE_URL = 'https://example.com/unsubscribe/preview';

const PreviewOptions = z.strictObject({
  workspace: z.string().min(1).optional(),
  customer: z.string().min(1, { error: 'expected the path of a customer profile JSON file' }).optional(),
  offer: z.string().min(1, { error: 'expected an offer id' }).optional(),
  out: z.string().min(1, { error: 'expected the path of the file to write' }).optional(),
});

export function registerPreview(program: Command): void {
  program
    .command('preview')
    .description(
      'Render a template as a customer would see it, into a file: HTML for an email, text otherwise.',
    )
    .argument('<template>', 'a template id, or a .template.yaml file')
    .option(
      '-w, --workspace <dir>',
      'folder holding journeys/, offers/ and templates/ (default: from the file, else ./workflows)',
    )
    .option(
      '--customer <file>',
      'a customer profile as JSON, as the customers table holds it (default: a sample customer)',
    )
    .option(
      '--offer <id>',
      'the offer the message presents (default: that of the first send step using the template)',
    )
    .option('--out <file>', 'where to write (default: out/preview/<template>.html, or .txt)')
    .action(async (template: string, raw: unknown) => {
      const options = parseOptions(PreviewOptions, raw);
      const fromFile = TEMPLATE_FILE.test(template);
      const root = options.workspace ?? (fromFile ? dirname(dirname(resolve(template))) : 'workflows');
      const id = fromFile ? basename(template).replace(TEMPLATE_FILE, '') : template;
      const workspace = await compileWorkspace(root);
      const file = workspace.templateFiles.find(
        (parsed) => basename(parsed.file).replace(TEMPLATE_FILE, '') === id,
      )?.file;
      const refused = workspace.violations.filter((violation) => violation.file === file);
      if (refused.length > 0) {
        process.stderr.write(`template "${id}" is not valid; fix these first (see \`journeys validate\`):\n`);
        for (const violation of refused) process.stderr.write(`${formatViolation(violation)}\n`);
        process.exitCode = 1;
        return;
      }
      const compiled = workspace.templates.get(id);
      if (!compiled)
        throw new UsageError(
          `no template has id "${id}" in ${root}; expected one of: ${[...workspace.templates.keys()].sort().join(', ')}`,
        );
      const use = firstUse(workspace, id);
      const offer = chosenOffer(workspace, id, options.offer ?? use?.offer);
      const rendered = renderMessage(
        compiled,
        messageScope(
          {
            profile: options.customer ? readCustomer(options.customer) : SAMPLE_CUSTOMER,
            offer,
            grantedAt: Date.now(),
            journey: use
              ? { id: use.journey.id, name: use.journey.name }
              : { id: 'preview', name: 'Preview' },
            stepId: use?.step.id ?? 'preview',
            unsubscribeUrl: PREVIEW_UNSUBSCRIBE_URL,
          },
          compiled.attributes,
        ),
      );
      const html = rendered.html;
      const out = options.out ?? join('out', 'preview', `${id}.${html !== undefined ? 'html' : 'txt'}`);
      mkdirSync(dirname(resolve(out)), { recursive: true });
      const title = rendered.subject !== undefined && html === undefined ? `${rendered.subject}\n\n` : '';
      writeFileSync(out, html ?? `${title}${rendered.text}\n`);
      const subject = rendered.subject !== undefined ? ` (subject: ${JSON.stringify(rendered.subject)})` : '';
      process.stdout.write(`wrote ${out}${subject}\n`);
    });
}

/** The first send step of the workspace's journeys that uses the template. */
function firstUse(workspace: CompiledWorkspace, templateId: string) {
  for (const { journey } of workspace.journeys) {
    const step = journey.steps.find(
      (candidate): candidate is SendStep => candidate.kind === 'send' && candidate.template === templateId,
    );
    if (step) return { journey, step, offer: step.offer };
  }
  return undefined;
}

/** The offer to show: the one asked for, which must exist and suit the template; none when none is needed. */
function chosenOffer(
  workspace: CompiledWorkspace,
  templateId: string,
  offerId: string | undefined,
): Offer | undefined {
  const offers = workspace.catalog.offers;
  const known = () => [...offers.keys()].sort().join(', ');
  const source = workspace.catalog.templates.get(templateId);
  const needs = source ? offerNeeds(source) : { uses: [], kinds: [] };
  if (offerId === undefined) {
    if (needs.uses.length > 0)
      throw new UsageError(
        `--offer: template "${templateId}" shows an offer (${needs.uses.join(', ')}); expected one of: ${known()}`,
      );
    return undefined;
  }
  const offer = offers.get(offerId);
  if (!offer) throw new UsageError(`--offer: no offer has id "${offerId}"; expected one of: ${known()}`);
  if (needs.uses.length > 0 && !needs.kinds.includes(offer.kind))
    throw new UsageError(
      `--offer: template "${templateId}" shows ${needs.uses.join(', ')}, which the ${offer.kind} offer "${offerId}" does not have; expected a ${needs.kinds.join(' or ')} offer`,
    );
  return offer;
}

/** A customer profile from a JSON file, refused with every field that is wrong named. */
function readCustomer(file: string): CustomerProfile {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new UsageError(`--customer: cannot read ${file} as JSON: ${reason}`);
  }
  const result = CustomerProfile.safeParse(data, { reportInput: true });
  if (result.success) return result.data;
  const problems = schemaViolations(result.error.issues).map(
    (violation) =>
      `--customer: ${file}: ${formatPath(violation.path) || '(the profile)'}: ${violation.message}`,
  );
  throw new UsageError(problems.join('\n'));
}
