import type { ErrorId } from '../../shared/errors.ts';
import type { Account, AccountStore } from '../accounts/accountStore.ts';
import type { WebSessions } from '../accounts/webSessions.ts';
import type { Notifier } from '../notify/notifier.ts';
import type { Clock } from '../clock.ts';
import { translator } from '../../shared/i18n/index.ts';
import { newPasswordProblem } from './passwordPolicy.ts';

// Setting a new password, from /password (current password known) or after a reset link or SMS
// code. Afterwards: every other browser session ends, TVs and other devices too when the person
// asked for it, and a notice email tells the account's owner.

export interface NewPasswordRequest {
  account: Account;
  newPassword: unknown;
  confirmation: unknown;
  /** The session secret of the browser making the change: it stays signed in. */
  keepSessionSecret: string;
  signOutDevices: boolean;
  locale: string;
}

export interface PasswordChange {
  /** Null when the password was changed; otherwise why not. */
  setNewPassword(request: NewPasswordRequest): Promise<ErrorId | null>;
}

export function createPasswordChange(deps: {
  accounts: AccountStore;
  webSessions: WebSessions;
  /** Signs every TV and device of the account out (device sessions and refresh tokens). */
  signOutAllDevices(accountId: string): Promise<void>;
  notifier: Notifier;
  clock: Clock;
  publicUrl: string;
}): PasswordChange {
  return {
    async setNewPassword(request) {
      const { account } = request;
      const problem = newPasswordProblem(request.newPassword, request.confirmation);
      if (problem) return problem;
      const password = request.newPassword as string;
      if (await deps.accounts.passwordMatches(account.id, password)) return 'password_same_as_previous';
      await deps.accounts.setPassword(account.id, password);
      await deps.webSessions.endAllFor(account.id, request.keepSessionSecret);
      if (request.signOutDevices) await deps.signOutAllDevices(account.id);
      if (account.email) {
        const t = translator(request.locale);
        const time = new Date(deps.clock.now()).toISOString().slice(0, 16).replace('T', ' ');
        deps.notifier.email({
          to: account.email,
          subject: t('password.mailSubject'),
          text: t('password.mailBody', { name: account.name, time, link: `${deps.publicUrl}/loginhelp` }),
        });
      }
      return null;
    },
  };
}
