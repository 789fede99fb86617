import { Router } from 'express';
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

// Serves the TV app at /tv. Its TypeScript (tv-client/src) is bundled by esbuild in memory when the
// node starts (buildTvBundle, awaited before the node reports ready), never on a viewer's first
// request; the bundle includes the shared code and the qrcode package.

const tvClientDir = fileURLToPath(new URL('../../tv-client', import.meta.url));

let bundle: Promise<string> | undefined;
let built = false;

/** Builds the TV bundle (once per process); /readyz waits for it. */
export async function buildTvBundle(): Promise<void> {
  await tvBundle();
  built = true;
}

export const tvBundleBuilt = (): boolean => built;

function tvBundle(): Promise<string> {
  bundle ??= build({
    entryPoints: [`${tvClientDir}/src/main.ts`],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    sourcemap: false,
    logLevel: 'silent',
  }).then((result) => result.outputFiles[0]!.text);
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
