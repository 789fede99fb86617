import type { TestNode } from './testNode.ts';
import { csrfTokenIn, type Browser } from './companion.ts';
import type { OutboxEntry } from '../../server/notify/devOutbox.ts';

// Account-help test helpers: what reached the dev outbox, the link or code inside a message, and
// the forms of /loginhelp and /password as a person fills them in.

/** Messages delivered so far (waits for background deliveries first), newest first. */
export async function outbox(node: TestNode, to?: string): Promise<OutboxEntry[]> {
  const { delivery } = node.app.services;
  await delivery.notifier.idle();
  const entries = await delivery.devOutbox!.list();
  return to ? entries.filter((entry) => entry.to === to) : entries;
}

/** The path and query of the reset link in an email. */
export function resetLinkIn(entry: OutboxEntry | undefined): string {
  const match = /https?:\/\/[^/\s]+(\/loginhelp\/reset\?token=\S+)/.exec(entry?.text ?? '');
  if (!match?.[1]) throw new Error(`no reset link in ${JSON.stringify(entry)}`);
  return match[1];
}

/**
 * Opens an emailed reset link as a person does: the page (which uses nothing up), then its
 * button. Returns the button's response (303 to /password when the link worked).
 */
export async function followResetLink(browser: Browser, link: string) {
  const shown = await browser.agent.get(link);
  const token = /name="token" value="([^"]*)"/.exec(shown.text)?.[1];
  if (!token) return shown;
  return browser.agent.post('/loginhelp/reset').type('form').send({ token: token.replace(/&amp;/g, '&'), _csrf: csrfTokenIn(shown.text) });
}

export function smsCodeIn(entry: OutboxEntry | undefined): string {
  const match = /\b(\d{6})\b/.exec(entry?.text ?? '');
  if (!match?.[1]) throw new Error(`no code in ${JSON.stringify(entry)}`);
  return match[1];
}

export async function requestEmailReset(browser: Browser, email: string) {
  const _csrf = await browser.csrf('/loginhelp');
  return browser.agent.post('/loginhelp/email').type('form').send({ email, _csrf });
}

export async function requestSmsReset(browser: Browser, phone: string) {
  const _csrf = await browser.csrf('/loginhelp?method=sms');
  return browser.agent.post('/loginhelp/sms').type('form').send({ phone, _csrf });
}

export async function enterSmsCode(browser: Browser, phone: string, code: string) {
  const _csrf = await browser.csrf('/loginhelp?method=sms');
  return browser.agent.post('/loginhelp/sms/verify').type('form').send({ phone, code, _csrf });
}

export async function submitNewPassword(browser: Browser, fields: { current?: string; password: string; confirm?: string; signOutDevices?: boolean }) {
  const _csrf = await browser.csrf('/loginhelp');
  return browser.agent.post('/password').type('form').send({
    ...(fields.current === undefined ? {} : { current: fields.current }),
    new: fields.password,
    confirm: fields.confirm ?? fields.password,
    ...(fields.signOutDevices ? { signOutDevices: '1' } : {}),
    _csrf,
  });
}

export async function findAccountByBilling(browser: Browser, fields: { firstName: string; lastName: string; card: string }) {
  const _csrf = await browser.csrf('/loginhelp');
  return browser.agent.post('/loginhelp/recover').type('form').send({ ...fields, _csrf });
}
