import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { BACKENDS } from '../helpers/redisBackends.ts';
import { startCluster, type TestCluster } from '../helpers/testNode.ts';
import { Browser } from '../helpers/companion.ts';

// The companion speaks the browser's language, a language picked with the switcher wins and is
// remembered, and errors come in that language with their stable code.

const backend = BACKENDS[0]!;

describe('companion languages', () => {
  let cluster: TestCluster;
  let baseUrl: string;
  beforeAll(async () => {
    cluster = await startCluster(backend);
    baseUrl = cluster.nodes[0]!.baseUrl;
  });
  afterAll(() => cluster.close());

  it('follows Accept-Language', async () => {
    const sv = await request(baseUrl).get('/tv8').set('Accept-Language', 'sv-SE,sv;q=0.9');
    expect(sv.headers['content-language']).toBe('sv');
    expect(sv.text).toContain('<html lang="sv">');
    expect(sv.text).toContain('>Fortsätt</button>');
    const nl = await request(baseUrl).get('/tv8').set('Accept-Language', 'nl-NL');
    expect(nl.text).toContain('>Doorgaan</button>');
    const other = await request(baseUrl).get('/tv8').set('Accept-Language', 'fi');
    expect(other.text).toContain('>Continue</button>');
  });

  it('switches with ?lang=, keeps the rest of the address, and remembers the choice', async () => {
    const browser = new Browser(baseUrl);
    const english = await browser.agent.get('/tv8?code=BCDFGHJK').set('Accept-Language', 'en');
    expect(english.text).toContain('href="/tv8?code=BCDFGHJK&amp;lang=nl"');
    expect(english.text).toContain('href="/tv8?code=BCDFGHJK&amp;lang=sv"');
    const dutch = await browser.agent.get('/tv8?code=BCDFGHJK&lang=nl').set('Accept-Language', 'en');
    expect(dutch.text).toContain('Voer de inlogcode in die op je tv staat.');
    expect(dutch.text).toContain('value="BCDF-GHJK"');
    const later = await browser.agent.get('/login').set('Accept-Language', 'en');
    expect(later.text).toContain('Wachtwoord weergeven');
    expect(later.text).toContain('<span lang="nl" aria-current="true">Nederlands</span>');
  });

  it('shows errors in the chosen language with their code and help link', async () => {
    const browser = new Browser(baseUrl);
    await browser.agent.get('/tv8?lang=sv');
    const wrong = await browser.enterCode('ZZZZ-ZZZZ');
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('Koden fungerade inte.');
    expect(wrong.text).toContain('Felkod: TV-100');
    expect(wrong.text).toContain('href="/help/TV-100"');
  });

  it('translates error pages and ignores languages it does not have', async () => {
    const missing = await request(baseUrl).get('/nowhere?lang=nl');
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('Er staat niets op dit adres.');
    const unknown = await request(baseUrl).get('/tv8?lang=__proto__').set('Accept-Language', 'en');
    expect(unknown.status).toBe(200);
    expect(unknown.text).toContain('<html lang="en">');
  });
});
