import type { Express } from 'express';
import type { ServiceName } from '../api/routes';
import { openApiDocument } from '../openapi/document';

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/**
 * Every `METHOD /path` an app answers under /api, read from its router stack (the services mount their routers
 * at the root, so a route's path is its whole path). Express 5 keeps the stack on `app.router`.
 */
export function mountedApiRoutes(app: Express): string[] {
  const found: string[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const method of Object.keys(layer.route.methods)) {
          for (const path of paths) found.push(`${method.toUpperCase()} ${path}`);
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return [...new Set(found.filter((route) => / \/api\//.test(route)))].sort();
}

/** The operations the OpenAPI document gives a service, as `METHOD /express/:path`. */
export function documentedApiRoutes(service: ServiceName): string[] {
  const found: string[] = [];
  for (const [path, item] of Object.entries(openApiDocument().paths ?? {})) {
    for (const [method, operation] of Object.entries(item ?? {})) {
      const tags = (operation as { tags?: string[] } | undefined)?.tags ?? [];
      if (tags.includes(service)) found.push(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`);
    }
  }
  return found.sort();
}
