import { Router } from 'express';
import { build, type BuildOptions } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { projectPath } from '../projectRoot.ts';

// Serves the TV app at /tv. Its TypeScript (tv-client/src) is bundled with the shared code and
// the qrcode package, never on a viewer's first request: ahead of time by `npm run build`
// (dist/tv/app.js, which `npm start` reads when the node starts), or, when the server runs from
// its sources (tests, `npx tsx app/main.ts`), by esbuild in memory when the node starts, with the
// same options. buildTvBundle is awaited before the node reports ready.

const tvClientDir = projectPath('tv-client');

/** How the TV bundle is built, ahead or in memory. */
export const TV_BUNDLE_OPTIONS = {
  entryPoints: [`${tvClientDir}/src/main.ts`],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2020',
  minify: true,
  sourcemap: false,
  logLevel: 'silent',
} as const satisfies BuildOptions;

let bundle: Promise<string> | undefined;
let built = false;

/**
 * Makes the TV bundle (once per process; a later build does not change a running server):
 * reads `prebuiltBundle`, the file `npm run build` wrote, or else bundles in memory. /readyz waits for it.
 */
export async function buildTvBundle(prebuiltBundle?: string): Promise<void> {
  await tvBundle(prebuiltBundle);
  built = true;
}

export const tvBundleBuilt = (): boolean => built;

function tvBundle(prebuiltBundle?: string): Promise<string> {
  bundle ??= prebuiltBundle
    ? readFile(prebuiltBundle, 'utf8')
    : build({ ...TV_BUNDLE_OPTIONS, write: false }).then((result) => result.outputFiles[0]!.text);
  bundle.catch(() => (bundle = undefined));
  return bundle;
}

export function tvClientRoutes(): Router {
  const router = Router();
  router.get('/tv', async (_req, res) => {
    res.type('html').set('Cache-Control', 'no-cache').send(await readFile(`${tvClientDir}/index.html`, 'utf8'));
  });
  router.get('/tv/app.js', async (_req, res) => {
    res.type('js').set('Cache-Control', 'no-cache').send(await tvBundle());
  });
  return router;
}
