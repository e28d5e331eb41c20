import { checkTemplate, type FieldIssue } from '../messages/check-template.ts';
import { buildTemplate } from '../messages/compile-template.ts';
import type { CompiledTemplate } from '../messages/compiled-template.ts';
import type { LocatedViolation } from '../rules/violation.ts';
import type { Template } from '../schema/index.ts';
import { positionInField } from './field-position.ts';
import type { ParsedFile } from './parse-file.ts';

/** What a template file's checks found: violations refuse it, warnings only advise. */
export interface TemplateFindings {
  readonly violations: readonly LocatedViolation[];
  readonly warnings: readonly LocatedViolation[];
}

/** Places field issues in the file: the field's own line and column plus those inside its value. */
export function locateIssues(parsed: ParsedFile<Template>, issues: readonly FieldIssue[]): TemplateFindings {
  const locate = (issue: FieldIssue): LocatedViolation => {
    const violation = { code: issue.code, path: [issue.field], message: issue.message };
    const inner =
      issue.line === undefined
        ? undefined
        : positionInField(parsed.text, issue.field, { line: issue.line, column: issue.column ?? 1 });
    return inner ? { file: parsed.file, ...violation, ...inner } : parsed.source.locate(violation);
  };
  return {
    violations: issues.filter((issue) => issue.severity === 'error').map(locate),
    warnings: issues.filter((issue) => issue.severity === 'warning').map(locate),
  };
}

/** The Liquid checks of a schema-valid template file (synchronous: no MJML). */
export function checkTemplateFile(parsed: ParsedFile<Template>): TemplateFindings {
  return parsed.value ? locateIssues(parsed, checkTemplate(parsed.value)) : { violations: [], warnings: [] };
}

/** The MJML stage of a schema-valid template file: the compiled template, or what stopped it. */
export async function buildTemplateFile(
  parsed: ParsedFile<Template>,
): Promise<{ readonly compiled?: CompiledTemplate; readonly violations: readonly LocatedViolation[] }> {
  if (!parsed.value) return { violations: [] };
  const built = await buildTemplate(parsed.value);
  const { violations } = locateIssues(parsed, built.issues);
  return built.compiled ? { compiled: built.compiled, violations } : { violations };
}
