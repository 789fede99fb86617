import type { AccountStore } from '../accounts/accountStore.ts';
import type { Notifier } from '../notify/notifier.ts';
import { translator } from '../../shared/i18n/index.ts';
import type { ResetLinks } from './resetLinks.ts';
import type { SmsCodes } from './smsCodes.ts';

// What happens behind "Email Me", "Text Me" and "Find Account". Each returns at once and tells
// nothing: the page answers the same whether or not an account was found, and the look-up,
// issuing and sending all happen in the background, so neither the answer nor its timing differ.

export interface ResetRequests {
  byEmail(email: string, locale: string): void;
  bySms(phone: string, locale: string): void;
  /** Billing recovery: if the details match an account with an email, a reset link goes there. */
  byBilling(details: { firstName: string; lastName: string; cardNumber: string }, locale: string): void;
}

export function createResetRequests(deps: {
  accounts: AccountStore;
  resetLinks: ResetLinks;
  smsCodes: SmsCodes;
  notifier: Notifier;
  publicUrl: string;
  smsCodeLifetimeSeconds: number;
}): ResetRequests {
  const { accounts, resetLinks, smsCodes, notifier } = deps;

  async function emailResetLink(account: { id: string; email?: string; name: string }, locale: string): Promise<void> {
    if (!account.email) return;
    const t = translator(locale);
    const token = await resetLinks.issue(account.id);
    const link = `${deps.publicUrl}/loginhelp/reset?token=${encodeURIComponent(token)}`;
    notifier.email({ to: account.email, subject: t('loginhelp.mailSubject'), text: t('loginhelp.mailBody', { name: account.name, link }) });
  }

  return {
    byEmail(email, locale) {
      notifier.inBackground('reset-email', async () => {
        const account = await accounts.findByLogin(email);
        if (account) await emailResetLink(account, locale);
      });
    },

    bySms(phone, locale) {
      notifier.inBackground('reset-sms', async () => {
        const account = await accounts.findByLogin(phone);
        // No account with this number: nothing is sent (the page says to use email when no phone
        // number was ever added), but a decoy makes the code step answer as for a real number.
        if (!account?.phone) {
          await smsCodes.issueDecoy(phone);
          return;
        }
        const code = await smsCodes.issue(account.id);
        const t = translator(locale);
        notifier.sms({ to: account.phone, text: t('loginhelp.smsText', { code, minutes: Math.round(deps.smsCodeLifetimeSeconds / 60) }) });
      });
    },

    byBilling(details, locale) {
      notifier.inBackground('reset-billing', async () => {
        const account = await accounts.findByBilling(details.firstName, details.lastName, details.cardNumber);
        if (account?.billing?.method === 'card') await emailResetLink(account, locale);
      });
    },
  };
}
