import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { BACKENDS } from '../helpers/redisBackends.ts';
import { startCluster, type TestCluster } from '../helpers/testNode.ts';
import { signedInPhone } from '../helpers/deviceClient.ts';
import { translator } from '../../shared/i18n/index.ts';

// The confirm page says whether the TV asked from the phone's network, the way a household is one
// network: the same IPv4 address (one router), or the same IPv6 /64 (each device its own address).
// Pages only: one backend will do.

const t = translator('en');

describe('confirm page: the same network or another', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startCluster(BACKENDS[0]!, { env: { TRUST_PROXY: 'loopback' } });
  });
  afterAll(() => cluster.close());

  async function networkSaid(tvIp: string, phoneIp: string) {
    const { baseUrl } = cluster.nodes[0]!;
    const start = await request(baseUrl).post('/oauth/device_authorization').set('X-Forwarded-For', tvIp).type('form').send({ client_id: 'tv' });
    const phone = await signedInPhone(baseUrl);
    const page = (await phone.agent.get(`/tv8/confirm?code=${start.body.user_code}`).set('X-Forwarded-For', phoneIp)).text;
    expect(page).not.toContain(tvIp);
    return { said: /data-testid="network">([^<]+)</.exec(page)?.[1], warned: page.includes(t('confirm.networkWarning')) };
  }

  it('IPv6: the same /64 is the same network; another /64 is warned about', async () => {
    expect(await networkSaid('2001:db8:1:2::10', '2001:db8:1:2:aaaa::20')).toEqual({ said: t('confirm.sameNetwork'), warned: false });
    expect(await networkSaid('2001:db8:1:2::10', '2001:db8:1:3::10')).toEqual({ said: t('confirm.otherNetwork'), warned: true });
  });

  it('IPv4: one address is one network', async () => {
    expect(await networkSaid('203.0.113.7', '203.0.113.7')).toEqual({ said: t('confirm.sameNetwork'), warned: false });
    expect(await networkSaid('203.0.113.7', '203.0.113.8')).toEqual({ said: t('confirm.otherNetwork'), warned: true });
  });
});
