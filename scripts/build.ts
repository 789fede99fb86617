// `npm run build`: what `npm start` runs, as plain JavaScript in dist/ (esbuild, a second or two):
//   dist/main.js       the server (app/main.ts), every npm package left to node_modules
//   dist/accounts.js   the accounts command (server/cli/accounts.ts)
//   dist/tv/app.js     the TV app's browser bundle, built ahead instead of on the first request
// No type-checking here: `npm test` runs tsc.
import { build, type BuildOptions, type BuildResult } from 'esbuild';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TV_BUNDLE_OPTIONS } from '../server/http/tvClient.ts';
import { projectPath } from '../server/projectRoot.ts';

const server: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
};

export async function buildAll(): Promise<void> {
  const dist = projectPath('dist');
  const results = await Promise.all([
    build({ ...server, entryPoints: [projectPath('app', 'main.ts')], outfile: `${dist}/main.js`, write: false }),
    build({ ...server, entryPoints: [projectPath('server', 'cli', 'accounts.ts')], outfile: `${dist}/accounts.js`, write: false }),
    build({ ...TV_BUNDLE_OPTIONS, logLevel: 'warning', outfile: `${dist}/tv/app.js`, write: false }),
  ]);
  await Promise.all(results.map(writeAtomically));
}

/** Each file is written aside and renamed into place, so a server starting meanwhile never reads half a file. */
async function writeAtomically(result: BuildResult<{ write: false }>): Promise<void> {
  for (const file of result.outputFiles) {
    await mkdir(dirname(file.path), { recursive: true });
    const aside = `${file.path}.${process.pid}.tmp`;
    await writeFile(aside, file.contents);
    await rename(aside, file.path);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  await buildAll();
  console.log('Built dist/main.js, dist/accounts.js and dist/tv/app.js.');
}
