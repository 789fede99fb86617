import type { ErrorCode } from '../../shared/errors.ts';

// What a person can do about each error, as a list of troubleshooting topics in the spirit of the
// help articles: the most likely fix first, network and device steps last. The words for each
// topic live in en.ts, sv.ts and nl.ts beside this file. Typed as a full record, so a new error
// code without help fails the type check.

export type HelpTopic =
  | 'checkCode' | 'newCode' | 'finishOnPhone' | 'waitAndRetry'
  | 'checkPassword' | 'resetPassword' | 'signIn' | 'reloadPage' | 'clearCookies'
  | 'restartApp' | 'checkAddress' | 'tvKeepsTrying' | 'tryLater'
  | 'restartDevice' | 'restartNetwork' | 'defaultSettings' | 'contactIsp'
  | 'newPassword' | 'newResetLink' | 'checkSmsCode' | 'newSmsCode' | 'switchProfile' | 'checkEntry'
  | 'billingDetails' | 'contactSupport';

export interface TopicText {
  heading: string;
  steps: string[];
}

export type HelpTexts = Record<HelpTopic, TopicText>;

const NETWORK: HelpTopic[] = ['restartDevice', 'restartNetwork', 'defaultSettings', 'contactIsp'];

export const HELP_TOPICS: Record<ErrorCode, HelpTopic[]> = {
  'TV-100': ['checkCode', 'newCode'],
  'TV-101': ['waitAndRetry', 'checkCode'],
  'TV-102': ['newCode'],
  'TV-103': ['newCode'],
  'TV-104': ['newCode'],
  'TV-108': ['newCode'],
  'TV-109': ['waitAndRetry', 'newCode'],
  'TV-111': ['newCode'],
  'TV-112': ['newCode'],
  'TV-105': ['restartApp', 'newCode'],
  'TV-106': ['finishOnPhone', 'newCode'],
  'TV-107': ['tvKeepsTrying'],
  'TV-110': ['restartApp'],
  'TV-200': ['checkPassword', 'resetPassword', 'clearCookies'],
  'TV-201': ['waitAndRetry', 'resetPassword'],
  'TV-202': ['signIn', 'clearCookies'],
  'TV-203': ['reloadPage', 'clearCookies'],
  'TV-300': ['newPassword'],
  'TV-301': ['newPassword'],
  'TV-302': ['newPassword'],
  'TV-303': ['newPassword'],
  'TV-304': ['checkPassword', 'resetPassword'],
  'TV-305': ['newPassword'],
  'TV-306': ['switchProfile'],
  'TV-307': ['waitAndRetry', 'resetPassword'],
  'TV-310': ['newResetLink'],
  'TV-311': ['checkSmsCode', 'newSmsCode'],
  'TV-312': ['newSmsCode'],
  'TV-313': ['newResetLink', 'newSmsCode'],
  'TV-320': ['waitAndRetry'],
  'TV-321': ['checkEntry'],
  'TV-322': ['checkEntry'],
  'TV-323': ['checkEntry', 'contactSupport'],
  'TV-330': ['contactSupport'],
  'TV-331': ['billingDetails'],
  'TV-332': ['contactSupport'],
  'TV-400': ['reloadPage', 'restartApp'],
  'TV-401': ['restartApp'],
  'TV-402': ['restartApp'],
  'TV-403': ['signIn'],
  'TV-404': ['checkAddress'],
  'TV-413': ['reloadPage'],
  'TV-415': ['restartApp'],
  'TV-600': ['signIn'],
  // An old sign-in used again may mean someone copied it: sign in again and change the password.
  'TV-601': ['signIn', 'resetPassword'],
  'TV-602': ['restartApp', 'signIn'],
  'TV-700': ['tvKeepsTrying', ...NETWORK],
  'TV-500': ['tryLater'],
  'TV-503': ['tryLater', ...NETWORK],
};
