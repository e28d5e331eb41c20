import { type DotRenderer, loadDotRenderer } from '../../report/html/diagram.ts';
import { renderReport } from '../../report/html/report-page.ts';
import { reportFromStores } from '../../report/read/from-stores.ts';
import type { LocalEngine } from '../engine.ts';
import { json, type ServeRoute } from './route.ts';

/** How often the page reloads itself unless `?refresh=<seconds>` asks for another period. */
export const DASHBOARD_REFRESH_SECONDS = 5;

/** Graphviz is loaded on the first page drawn, once per process. */
let dotRenderer: Promise<DotRenderer> | undefined;

function refreshOf(url: URL): number | undefined {
  const asked = url.searchParams.get('refresh');
  if (asked === null) return DASHBOARD_REFRESH_SECONDS;
  const seconds = Number(asked);
  return Number.isInteger(seconds) && seconds >= 1 && seconds <= 3600 ? seconds : undefined;
}

/** The report of the engine's own tables, read without charging anyone: watching is not the campaign's cost. */
async function livePage(engine: LocalEngine, refreshSeconds: number): Promise<string> {
  const now = engine.clock.now();
  const data = await engine.usage.uncounted(() =>
    reportFromStores(engine.deps.catalog, engine.deps.stores, {
      title: 'Journeys, live',
      source: `journeys serve, from the engine's own tables at ${new Date(now).toISOString().slice(0, 19).replace('T', ' ')} UTC; this page reloads every ${refreshSeconds} s. Reach and the AWS bill are counted by simulations (journeys simulate).`,
      now,
    }),
  );
  dotRenderer ??= loadDotRenderer();
  return renderReport({ ...data, refreshSeconds }, await dotRenderer);
}

/**
 * GET / on `journeys serve`: the same report as `journeys report`, drawn from the engine's tables
 * on every load, with the runs of each journey and the entries waiting in open cohort windows.
 */
export const dashboardRoute: ServeRoute = {
  name: 'GET / (the live report)',
  path: /^\/$/,
  maxBodyBytes: 0,
  handle: async (request, engine) => {
    if (request.method !== 'GET') return json(405, { message: 'use GET /' });
    const refreshSeconds = refreshOf(request.url);
    if (refreshSeconds === undefined)
      return json(400, { message: 'expected ?refresh= a whole number of seconds from 1 to 3600' });
    return {
      statusCode: 200,
      headers: {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        // The page fetches nothing; the browser is told so too.
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
      },
      body: await livePage(engine, refreshSeconds),
    };
  },
};
