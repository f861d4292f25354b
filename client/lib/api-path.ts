import type { apiRoutes } from '@ticketing/common/api';

/** A route template of the public API (`/api/tickets/:id`), as the API's route table spells it. */
export type ApiRoutePath = (typeof apiRoutes)[keyof typeof apiRoutes]['path'];

/**
 * The path of a call: the route template with its parameters filled in, each encoded. Calls are named by their
 * template so that metrics can label them by it, never by the path, which carries ids.
 */
export function apiPath(route: ApiRoutePath, params: Readonly<Record<string, string>> = {}): string {
  return route.replace(/:([A-Za-z]\w*)/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for :${name} of ${route}`);
    return encodeURIComponent(value);
  });
}
