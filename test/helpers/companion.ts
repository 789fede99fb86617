import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';

// A person's browser on the companion site: keeps cookies, reads the CSRF token from forms.

export function csrfTokenIn(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('page has no CSRF token');
  return match[1];
}

export class Browser {
  readonly agent: TestAgent;
  constructor(readonly baseUrl: string) {
    this.agent = request.agent(baseUrl);
  }

  async csrf(path = '/tv8'): Promise<string> {
    return csrfTokenIn((await this.agent.get(path)).text);
  }

  async signIn(login: string, password: string) {
    const _csrf = await this.csrf('/login');
    return this.agent.post('/login').type('form').send({ login, password, next: '/', _csrf });
  }

  async enterCode(code: string) {
    const _csrf = await this.csrf('/tv8');
    return this.agent.post('/tv8').type('form').send({ code, _csrf });
  }

  async decide(code: string, decision: 'approve' | 'deny') {
    const _csrf = await this.csrf('/tv8');
    return this.agent.post('/tv8/confirm').type('form').send({ code, decision, _csrf });
  }
}

export async function startPairing(baseUrl: string, fields: Record<string, string> = {}) {
  const response = await request(baseUrl)
    .post('/oauth/device_authorization')
    .type('form')
    .send({ client_id: 'tv', device_name: 'Living room TV', device_model: 'Model X', ...fields });
  if (response.status !== 200) throw new Error(`device_authorization failed: ${response.status} ${response.text}`);
  return response.body as { device_code: string; user_code: string; verification_uri: string; verification_uri_complete: string; expires_in: number; interval: number };
}
