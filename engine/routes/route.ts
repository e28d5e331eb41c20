import type { IncomingHttpHeaders } from 'node:http';
import type { HttpResponse } from '../../functions/ingest-events/events-request.ts';
import type { LocalEngine } from '../engine.ts';

/** A request to `journeys serve`, read whole, with the path parameters its route matched. */
export interface ServeRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingHttpHeaders;
  /** The route's named groups, decoded. */
  readonly params: Readonly<Record<string, string>>;
  readonly body: string;
  /** The body as it came, for a route that takes binary bodies (a gzipped Segment batch). */
  readonly bytes: Buffer;
}

/** One route of `journeys serve`: the local stand-in for one route of the events API in AWS. */
export interface ServeRoute {
  /** How the not-found answer and the startup line name it, e.g. "POST /events". */
  readonly name: string;
  /** The whole path; its named groups become `params`. */
  readonly path: RegExp;
  /** A longer body is refused with 413 before the handler sees it. */
  readonly maxBodyBytes: number;
  readonly handle: (request: ServeRequest, engine: LocalEngine) => Promise<HttpResponse>;
}

export function json(statusCode: number, body: unknown): HttpResponse {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/** The route serving a path, with its parameters decoded, or undefined. */
export function matchRoute(
  routes: readonly ServeRoute[],
  pathname: string,
): { route: ServeRoute; params: Record<string, string> } | undefined {
  for (const route of routes) {
    const match = route.path.exec(pathname);
    if (!match) continue;
    const params: Record<string, string> = {};
    for (const [name, value] of Object.entries(match.groups ?? {})) {
      if (value === undefined) continue;
      try {
        params[name] = decodeURIComponent(value);
      } catch {
        params[name] = value;
      }
    }
    return { route, params };
  }
  return undefined;
}
