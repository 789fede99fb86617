import { networkInterfaces } from 'node:os';
import type { Config } from '../server/config.ts';
import { DEMO_ACCOUNT } from '../server/accounts/demoAccount.ts';

// What `npm start` prints: where the TV and the companion are, and everything a newcomer needs
// to try every flow in development (the demo account's phone, Kids profile and billing details,
// the outbox where email and text messages land). When PUBLIC_URL is localhost, a phone on the
// LAN cannot open the QR code's link: say how to fix that, with the address this machine has.

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** This machine's first non-internal IPv4 address, as a phone on the same network would reach it. */
export function lanAddress(interfaces = networkInterfaces()): string | undefined {
  for (const entries of Object.values(interfaces)) {
    for (const entry of entries ?? []) {
      if (entry.family === 'IPv4' && !entry.internal) return entry.address;
    }
  }
  return undefined;
}

export interface BannerFacts {
  config: Pick<Config, 'mode' | 'publicUrl' | 'port' | 'smtpUrl' | 'smsWebhookUrl'>;
  store: string;
  demo: boolean;
  lan: string | undefined;
}

export function startBanner({ config, store, demo, lan }: BannerFacts): string[] {
  const base = config.publicUrl;
  const lines = [`TV sign-in is running (${config.mode}, ${store}).`, `  TV:        ${base}/tv`, `  Companion: ${base}/tv8`];
  if (demo) {
    const { email, password, phone, profiles, billing } = DEMO_ACCOUNT;
    const kids = profiles.filter((profile) => 'kids' in profile && profile.kids).map((profile) => profile.name);
    lines.push(
      `  Demo account: ${email} / ${password}`,
      `    phone ${phone} (sign in or reset by text message)${kids.length ? `, Kids profile "${kids.join('", "')}"` : ''}`,
      `    billing details for "I don't remember my email or phone": ${billing.firstName} ${billing.lastName}, card ${billing.cardNumber}`,
    );
  }
  const outbox = config.mode !== 'production' && (!config.smtpUrl || !config.smsWebhookUrl);
  if (outbox) lines.push(`  Email and text messages (dev outbox): ${base}/dev/outbox`);
  if (LOCAL_HOSTS.has(new URL(base).hostname)) {
    const suggestion = lan ? `PUBLIC_URL=http://${lan}:${config.port}` : 'PUBLIC_URL=http://<this machine\'s LAN address>:' + config.port;
    lines.push(`  A phone cannot open "localhost" from the QR code. To scan it from a phone on this network, start with ${suggestion} npm start`);
  }
  return lines;
}
