import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

// The folders depend in one direction: shared/ ← server/, shared/ ← companion-web/, and only the
// composition root (app/) knows both. A stray import across the line fails here, naming the file.

const root = resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Every file of `folder` that imports from one of `forbidden` (top-level folders), with the import. */
function crossings(folder: string, forbidden: string[]): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(join(root, folder))) {
    for (const match of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)) {
      const target = relative(root, resolve(file, '..', match[1]!)).split(/[\\/]/)[0]!;
      if (forbidden.includes(target)) found.push(`${relative(root, file)} → ${match[1]}`);
    }
  }
  return found;
}

describe('folder layering', () => {
  it('companion-web never imports server/ or app/: it declares its ports', () => {
    expect(crossings('companion-web', ['server', 'app'])).toEqual([]);
  });

  it('server/ never imports companion-web/ or app/', () => {
    expect(crossings('server', ['companion-web', 'app'])).toEqual([]);
  });

  it('shared/ imports nothing outside itself', () => {
    expect(crossings('shared', ['server', 'companion-web', 'app', 'tv-client'])).toEqual([]);
  });

  it('the check sees imports at all (app/ imports both sides)', () => {
    expect(crossings('app', ['server']).length).toBeGreaterThan(0);
    expect(crossings('app', ['companion-web']).length).toBeGreaterThan(0);
  });
});
