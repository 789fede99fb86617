import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { withGeneratedTable } from '../../server/configTable.ts';
import { VARIABLES } from '../../server/configVariables.ts';

// The README's configuration table is generated from server/configVariables.ts; this fails when
// someone changes one without the other.

describe("README's configuration table", () => {
  it('is the one generated from server/configVariables.ts', () => {
    const readme = readFileSync('README.md', 'utf8');
    const hint =
      'README.md\'s configuration table differs from server/configVariables.ts. Add or change the variable there ' +
      '(one entry: env, schema, default, meaning), then run `npm run config:readme` to rewrite the table, and commit both.';
    expect(readme === withGeneratedTable(readme), hint).toBe(true);
  });

  it('names every variable once', () => {
    const names = Object.values(VARIABLES).map((v) => v.env);
    expect(new Set(names).size).toBe(names.length);
  });
});
