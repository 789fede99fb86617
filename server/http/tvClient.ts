import { Router } from 'express';
import { build, type BuildOptions } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { projectPath } from '../projectRoot.ts';

// Serves the TV app at /tv. Its TypeScript (tv-client/src) is bundled with the shared code and
// the qrcode package: ahead of time by `npm run build` (dist/tv/app.js, what `npm start` serves),
// or, when the server runs from its sources (tests, `npx tsx app/main.ts`), by esbuild in memory
// on the first request, with the same options.

const tvClientDir = projectPath('tv-client');

/** How the TV bundle is built, ahead or on demand. */
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

/** Made once, on the first request, and kept (a later build does not change a running server). */
function once(make: () => Promise<string>): () => Promise<string> {
  let bundle: Promise<string> | undefined;
  return () => {
    bundle ??= make();
    bundle.catch(() => (bundle = undefined));
    return bundle;
  };
}

/** `prebuiltBundle`: the file `npm run build` wrote; without it the bundle is built on demand. */
export function tvClientRoutes(options: { prebuiltBundle?: string } = {}): Router {
  const { prebuiltBundle } = options;
  const tvBundle = once(
    prebuiltBundle
      ? () => readFile(prebuiltBundle, 'utf8')
      : () => build({ ...TV_BUNDLE_OPTIONS, write: false }).then((result) => result.outputFiles[0]!.text),
  );
  const router = Router();
  router.get('/tv', async (_req, res) => {
    res.type('html').set('Cache-Control', 'no-cache').send(await readFile(`${tvClientDir}/index.html`, 'utf8'));
  });
  router.get('/tv/app.js', async (_req, res) => {
    res.type('js').set('Cache-Control', 'no-cache').send(await tvBundle());
  });
  return router;
}
