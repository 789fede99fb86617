import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { newSecret } from './crypto.ts';

// The app secret keys CSRF tokens and other keyed hashes. Production sets APP_SECRET; development
// makes one on first start and keeps it in the data directory, shared by local nodes.

export async function appSecretFromConfig(appSecret: string | undefined, dataDir: string): Promise<string> {
  if (appSecret) return appSecret;
  const path = join(dataDir, 'app-secret');
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dataDir, { recursive: true });
  await writeFile(path, newSecret(32), { mode: 0o600, flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  return (await readFile(path, 'utf8')).trim();
}
