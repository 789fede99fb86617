import { describe, expect, it } from 'vitest';
import { runEntryPoint } from '../helpers/runEntryPoint.ts';

// `npm run accounts -- --help` prints the usage (issue 12), and an unknown option says what was
// wrong and how to use it, never a stack trace. Neither needs Redis.

describe('npm run accounts: help and unknown options', () => {
  it('--help and -h print the usage and exit 0', async () => {
    for (const flag of ['--help', '-h']) {
      const help = runEntryPoint(['server/cli/accounts.ts', flag], {});
      expect(await help.exited).toBe(0);
      expect(help.output()).toContain('Usage: npm run accounts -- create');
      expect(help.output()).not.toMatch(/\n\s+at /);
    }
  }, 60_000);

  it('an unknown option names itself and shows the usage, exit 2, no stack trace', async () => {
    const wrong = runEntryPoint(['server/cli/accounts.ts', 'create', '--emial', 'a@example.com'], {});
    expect(await wrong.exited).toBe(2);
    expect(wrong.output()).toContain('--emial');
    expect(wrong.output()).toContain('Usage: npm run accounts');
    expect(wrong.output()).not.toMatch(/\n\s+at /);
  }, 60_000);
});
