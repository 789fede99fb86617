import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.ts';

describe('configuration', () => {
  it('starts with no configuration at all (development, embedded store)', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ mode: 'development', port: 3000, publicUrl: 'http://localhost:3000', redisUrl: undefined, codeLifetimeSeconds: 600 });
    expect(config.clients).toEqual([{ clientId: 'tv', name: 'TV app' }]);
  });

  it('reads PORT, REDIS_URL and PUBLIC_URL', () => {
    const config = loadConfig({ PORT: '8080', REDIS_URL: 'redis://10.0.0.1:6379', PUBLIC_URL: 'https://tv.example.com/' });
    expect(config).toMatchObject({ port: 8080, redisUrl: 'redis://10.0.0.1:6379', publicUrl: 'https://tv.example.com' });
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT must be a whole number/],
    [{ PORT: '70000' }, /PORT must be between/],
    [{ REDIS_URL: 'localhost:6379' }, /REDIS_URL must/],
    [{ PUBLIC_URL: 'ftp://x' }, /PUBLIC_URL must start with http/],
    [{ CODE_LIFETIME_SECONDS: '5' }, /CODE_LIFETIME_SECONDS must be between/],
    [{ CLIENTS: 'bad id!' }, /CLIENTS entries/],
    [{ NODE_ENV: 'production' }, /SIGNING_KEY, APP_SECRET, PUBLIC_URL, REDIS_URL/],
  ])('stops with a clear message for %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
