// `npm run config:readme`: rewrites README.md's configuration table from server/configVariables.ts.
import { readFileSync, writeFileSync } from 'node:fs';
import { withGeneratedTable } from '../server/configTable.ts';

const readme = readFileSync('README.md', 'utf8');
const updated = withGeneratedTable(readme);
writeFileSync('README.md', updated);
console.log(updated === readme ? 'README.md: configuration table already up to date.' : 'README.md: configuration table regenerated.');
