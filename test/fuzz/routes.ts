import type { Express } from 'express';

// Every route the app serves, read from Express' own router, so a new endpoint is fuzzed without
// anyone remembering to list it.

export interface Route {
  method: 'get' | 'post';
  path: string;
}

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

export function routesOf(app: Express): Route[] {
  const found = new Map<string, Route>();
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const path of ([] as string[]).concat(layer.route.path)) {
          for (const method of Object.keys(layer.route.methods)) {
            if (method === 'get' || method === 'post') found.set(`${method} ${path}`, { method, path });
          }
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return [...found.values()].sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}
