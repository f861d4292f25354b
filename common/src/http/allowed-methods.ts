import type { RequestHandler, Router } from 'express';
import { HttpError } from '../errors/http-error';

interface Layer {
  route?: { methods: Record<string, boolean | undefined> };
  handle?: { stack?: Layer[] };
  match(path: string): boolean;
}

/** Does the layer match the path? A path that cannot be decoded matches nothing here (the router reports it). */
function matches(layer: Layer, path: string): boolean {
  try {
    return layer.match(path);
  } catch {
    return false;
  }
}

/**
 * The methods the routers answer at a path, as `Allow` lists them: HEAD wherever GET is, and OPTIONS, which
 * `optionsHandler` answers. Empty when no route has the path.
 */
export function allowedMethods(routers: readonly Router[], path: string): string[] {
  const methods = new Set<string>();
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (!matches(layer, path)) continue;
      if (layer.route) {
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (on && method !== '_all') methods.add(method.toUpperCase());
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  for (const router of routers) walk((router as unknown as { stack: Layer[] }).stack);
  if (methods.size === 0) return [];
  if (methods.has('GET')) methods.add('HEAD');
  methods.add('OPTIONS');
  return [...methods].sort();
}

/**
 * OPTIONS on a known path: 204 with every method of the path in `Allow`. Express's own answer comes from the
 * first router that has the path, so it left out the methods of the others (PUT of /api/tickets/:id).
 */
export function optionsHandler(routers: readonly Router[]): RequestHandler {
  return (req, res, next) => {
    const allowed = req.method === 'OPTIONS' ? allowedMethods(routers, req.path) : [];
    if (allowed.length === 0) {
      next();
      return;
    }
    res.setHeader('Allow', allowed.join(', '));
    res.status(204).end();
  };
}

/** After the routers: a known path asked with a method it does not answer is a 405 naming the ones it does. */
export function methodNotAllowedHandler(routers: readonly Router[]): RequestHandler {
  return (req, res, next) => {
    const allowed = allowedMethods(routers, req.path);
    if (allowed.length === 0) {
      next();
      return;
    }
    res.setHeader('Allow', allowed.join(', '));
    next(new HttpError(405, 'Method not allowed'));
  };
}
