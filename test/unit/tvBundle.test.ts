import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { TV_BUNDLE_OPTIONS } from '../../server/http/tvClient.ts';

// The TV app runs on small TV hardware: its bundle takes only types from shared/protocol.ts, never
// the zod schemas the server validates with (zod alone would add about 450 KB).

describe('the TV app bundle', () => {
  it('carries no zod', async () => {
    const result = await build({ ...TV_BUNDLE_OPTIONS, write: false, metafile: true });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((path) => path.includes('node_modules/zod'))).toEqual([]);
    expect(result.outputFiles[0]!.contents.length).toBeLessThan(200_000);
  }, 60_000);
});
