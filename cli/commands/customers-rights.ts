import type { Command } from 'commander';
import { z } from 'zod';
import { LocalEngine } from '../../engine/engine.ts';
import { customerRights } from '../../engine/routes/customer-rights.ts';
import { zodProblems } from '../../functions/commons/runtime/zod-problems.ts';
import { handleCustomerRightsRequest } from '../../functions/customer-rights/customer-rights.ts';
import { CustomerRightsPath } from '../../functions/customer-rights/rights-schemas.ts';
import type { HttpResponse } from '../../functions/ingest-events/events-request.ts';
import { catalogFromWorkspace } from '../../workflows/workspace/catalog.ts';
import { parseOptions, UsageError } from '../options.ts';
import { stageRightsDeps } from '../stage-rights.ts';

const RightsOptions = z.strictObject({
  dataDir: z.string().min(1).optional(),
  stage: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,19}$/, { error: 'expected a deployed stage name such as "staging"' })
    .optional(),
  workspace: z.string().min(1).default('workflows'),
});

type Route = 'erase' | 'export';

const ROUTES: Record<Route, { method: string; description: string; example: string }> = {
  erase: {
    method: 'DELETE',
    description:
      'Erase a customer, as DELETE /customers/{id} does: profile, timeline, memberships, entries, messages, inbox, devices; counts stay, under a pseudonym. Prints what was removed.',
    example: 'journeys customers erase c-1042 --data-dir .data/serve',
  },
  export: {
    method: 'GET',
    description:
      'Print everything held about a customer as JSON, as GET /customers/{id}/export answers it (docs/data-in.md lists each field).',
    example: 'journeys customers export c-1042 --stage staging > c-1042.json',
  },
};

/** `journeys customers erase <id>` and `journeys customers export <id>`. */
export function registerCustomerRights(group: Command): void {
  for (const route of Object.keys(ROUTES) as Route[]) {
    const { description, example } = ROUTES[route];
    group
      .command(route)
      .description(description)
      .argument('<id>', 'the customer id')
      .option('--data-dir <dir>', 'the embedded engine data folder, with `journeys serve` stopped', undefined)
      .option('--stage <stage>', "a deployed stage's tables, with your AWS credentials")
      .option('-w, --workspace <dir>', 'folder holding journeys/, offers/ and templates/', 'workflows')
      .addHelpText('after', `\nExample:\n  ${example}\n`)
      .action(async (id: string, raw: unknown) => {
        const options = parseOptions(RightsOptions, raw);
        if (options.stage && options.dataDir)
          throw new UsageError('--data-dir and --stage: give one; --stage works on AWS, --data-dir locally');
        // Checked before the data folder is opened: a refused id must not create or touch it.
        const path = CustomerRightsPath.safeParse({ path: { id } }, { reportInput: true });
        if (!path.success) {
          const problems = zodProblems(path.error).map((problem) => problem.message);
          process.stderr.write(`error: <id>: ${problems.join('; ')}\n`);
          process.exitCode = 1;
          return;
        }
        const response = await answer(route, id, options);
        if (response.statusCode >= 400) {
          process.stderr.write(`error: ${response.statusCode} ${response.body}\n`);
          process.exitCode = 1;
          return;
        }
        process.stdout.write(`${JSON.stringify(JSON.parse(response.body), null, 2)}\n`);
      });
  }
}

/** The route's answer, from the same code the events API runs: on a stage, or on the local tables. */
async function answer(
  route: Route,
  id: string,
  options: z.output<typeof RightsOptions>,
): Promise<HttpResponse> {
  // The journeys' steps and offers say where a customer's records are filed.
  const catalog = await catalogFromWorkspace(options.workspace);
  const request = { method: ROUTES[route].method, route, id };
  if (options.stage)
    return handleCustomerRightsRequest(request, await stageRightsDeps(options.stage, catalog));
  const engine = await LocalEngine.start({
    catalog,
    startAt: Date.now(),
    dataDir: options.dataDir ?? '.data/serve',
  });
  try {
    return await customerRights(engine, request);
  } finally {
    await engine.stop();
  }
}
