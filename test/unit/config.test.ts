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

  it('reads the support contact (none by default: the built-in /support page)', () => {
    expect(loadConfig({})).toMatchObject({ supportUrl: undefined, supportEmail: undefined });
    expect(loadConfig({ SUPPORT_URL: 'https://help.example.com/tv', SUPPORT_EMAIL: ' help@example.com ' })).toMatchObject({
      supportUrl: 'https://help.example.com/tv', supportEmail: 'help@example.com',
    });
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT must be a whole number/],
    [{ PORT: '70000' }, /PORT must be between/],
    [{ REDIS_URL: 'localhost:6379' }, /REDIS_URL must/],
    [{ PUBLIC_URL: 'ftp://x' }, /PUBLIC_URL must start with http/],
    [{ CODE_LIFETIME_SECONDS: '5' }, /CODE_LIFETIME_SECONDS must be between/],
    [{ CLIENTS: 'bad id!' }, /CLIENTS entries/],
    [{ NODE_ENV: 'production' }, /SIGNING_KEY, APP_SECRET, PUBLIC_URL, REDIS_URL/],
    [{ SUPPORT_URL: 'support.example.com' }, /SUPPORT_URL must/],
    [{ SUPPORT_EMAIL: 'Support <help@example.com>' }, /SUPPORT_EMAIL must be a plain email address/],
  ])('stops with a clear message for %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});

describe('configuration: every variable is checked', () => {
  it.each([
    [{ LOG_LEVEL: 'verbose' }, /LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "verbose"/],
    [{ DEMO_ACCOUNT: 'yes' }, /DEMO_ACCOUNT must be on or off/],
    [{ HOST: 'not a host' }, /HOST must be an IP address or a host name/],
    [{ TRUST_PROXY: 'everyone' }, /TRUST_PROXY must be true, false, a hop count/],
    [{ ALLOWED_ORIGINS: 'https://tv.example.com/path' }, /ALLOWED_ORIGINS entries must be origins/],
    [{ MAIL_FROM: 'nobody' }, /MAIL_FROM must be an address/],
    [{ NODE_ENV: 'staging' }, /NODE_ENV must be production, development or test/],
    [{ BILLING_RECOVERY: 'maybe' }, /BILLING_RECOVERY must be on or off/],
    [{ SIGNING_KEY: '{not json' }, /SIGNING_KEY is not valid JSON/],
    [{ SIGNING_KEY: '[{"kty":"OKP","crv":"Ed25519","x":"abc"}]' }, /SIGNING_KEY must start with a private key/],
    [{ APP_SECRET: 'short' }, /APP_SECRET must be at least 32 characters long\.$/],
  ])('stops with a clear message for %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('never repeats the value of a variable that may hold a password', () => {
    expect(() => loadConfig({ REDIS_URL: 'http://user:hunter2@redis:6379' })).toThrow(/^REDIS_URL must start with redis: or rediss:\.$/);
    expect(() => loadConfig({ SMTP_URL: 'imap://user:hunter2@mail' })).not.toThrow(/hunter2/);
  });

  it('reads the values it checks', () => {
    const config = loadConfig({ LOG_LEVEL: 'warn', DEMO_ACCOUNT: 'false', HOST: '::1', TRUST_PROXY: 'loopback, 10.0.0.0/8', ALLOWED_ORIGINS: 'https://a.example, http://b.example:8080' });
    expect(config).toMatchObject({ logLevel: 'warn', demoAccount: false, host: '::1', trustProxy: 'loopback, 10.0.0.0/8', allowedOrigins: ['https://a.example', 'http://b.example:8080'] });
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ NODE_ENV: 'test' }).demoAccount).toBe(true);
    expect(loadConfig({ HOST: 'tv-signin.internal' }).host).toBe('tv-signin.internal');
  });
});
