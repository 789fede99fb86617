// English text for the TV and the companion site. Other languages translate these keys; a key
// missing in another language falls back to English. {name} placeholders are filled by t().

export const en = {
  'app.name': 'TV Sign-in',
  'common.continue': 'Continue',
  'common.signIn': 'Sign In',
  'common.signOut': 'Sign Out',
  'common.back': 'Back',
  'common.errorCode': 'Error code: {code}',
  'common.helpLink': 'What can I do?',

  'tv8.title': 'Sign in to your TV',
  'tv8.intro': 'Enter the sign-in code shown on your TV.',
  'tv8.codeLabel': 'Sign-in code',
  'tv8.codeHint': 'Eight letters, like BCDF-GHJK. Capitals, spaces and dashes do not matter.',

  'signIn.title': 'Sign In',
  'signIn.intro': 'Sign in to continue signing in your TV.',
  'signIn.loginLabel': 'Email or phone number',
  'signIn.passwordLabel': 'Password',
  'signIn.showPassword': 'Show password',
  'signIn.forgot': 'Forgot your password?',

  'confirm.title': 'Sign in this TV?',
  'confirm.checkCode': 'Check that this code matches the code on your TV:',
  'confirm.device': 'Device',
  'confirm.requested': 'Code requested',
  'confirm.network': 'From network (IP address)',
  'confirm.signedInAs': 'You will sign the TV in as {name}.',
  'confirm.startWatching': 'Start Watching',
  'confirm.deny': "This isn't my TV",
  'confirm.networkWarning': 'This TV is on a different network from this phone or computer. Only continue if it is your TV.',

  'done.title': 'Your TV is signing in',
  'done.waiting': 'Sending your sign-in to the TV…',
  'done.received': 'Your TV is signed in. Enjoy watching!',
  'done.notReceived': 'The TV has not picked up the sign-in yet. If it shows a new code, the TV went away: enter the new code to try again.',
  'denied.title': 'The TV was not signed in',
  'denied.body': 'You refused this sign-in. The TV shows a message and can ask for a new code.',

  'home.title': 'Your account',
  'home.signedInAs': 'Signed in as {name}.',
  'home.signInTv': 'Sign in a TV',
  'home.notSignedIn': 'You are not signed in.',

  'clearCookies.title': 'Cookies cleared',
  'clearCookies.body': 'You are signed out and this site’s cookies are cleared. Sign in again to continue.',

  'help.title': 'Error code {code}',
  'help.allCodes': 'All error codes',

  'tv.signIn': 'Sign In',
  'tv.signInFromWeb': 'Sign In from Web',
  'tv.scanOrVisit': 'Scan the QR code with your phone, or visit',
  'tv.andEnter': 'and enter this code:',
  'tv.expiresIn': 'The code expires in {time}.',
  'tv.scanned': 'Continue on your phone…',
  'tv.signedInAs': 'Signed in as {name}',
  'tv.denied': 'The sign-in was refused.',
  'tv.expired': 'The code expired. Getting a new one…',
  'tv.getNewCode': 'Get a new code',
  'tv.noConnection': 'No connection. Trying again…',
  'tv.starting': 'Getting a sign-in code…',
  'tv.signInWithRemote': 'Sign in with the remote',
  'tv.language': 'Language',
  'tv.enterLogin': 'Enter your email or phone number',
  'tv.loginRequired': 'Enter your email address or phone number first.',
  'tv.enterPassword': 'Enter your password',
  'tv.passwordRequired': 'Enter your password first.',
  'tv.usingLogin': 'Signing in as',
  'tv.previous': 'Previous',
  'tv.caseSensitive': 'Passwords are case-sensitive. Press ⇧ to switch between capitals and small letters.',
  'tv.signingIn': 'Signing in…',
  'tv.wrongPasswordHelp': 'Forgot your password? Reset it on your phone or computer at {url}',
  'tv.errorHelp': 'For help, visit {url}',
  'tv.keyShift': 'Capitals',
  'tv.keySpace': 'Space',
  'tv.keyDelete': 'Delete',
} as const;

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;
