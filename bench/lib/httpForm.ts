import { request, type Agent } from 'node:http';

// A minimal form POST / GET over node:http: the load generator must cost as little CPU as
// possible, so no fetch (undici) machinery per request and full control of source address and
// connection reuse.

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface HttpOptions {
  /** false: a fresh TCP connection (a TV); an Agent: connection reuse (a phone). */
  agent: Agent | false;
  localAddress?: string;
  cookie?: string;
  timeoutMs?: number;
}

export function httpCall(method: 'GET' | 'POST', url: string, form: Record<string, string> | null, options: HttpOptions): Promise<HttpAnswer> {
  const body = form ? new URLSearchParams(form).toString() : '';
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        agent: options.agent,
        localAddress: options.localAddress,
        headers: {
          ...(form ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } : {}),
          ...(options.cookie ? { cookie: options.cookie } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.setTimeout(options.timeoutMs ?? 10_000, () => req.destroy(new Error(`${method} ${url} timed out`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** name=value pairs from Set-Cookie headers, merged into a Cookie header. */
export function mergeCookies(cookieHeader: string, setCookie: string | string[] | undefined): string {
  const jar = new Map(cookieHeader ? cookieHeader.split('; ').map((pair) => pair.split('=', 2) as [string, string]) : []);
  for (const line of [setCookie ?? []].flat()) {
    const [pair = ''] = line.split(';');
    const eq = pair.indexOf('=');
    if (eq > 0) jar.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
}
