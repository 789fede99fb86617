import type { Messages } from './en.ts';

// Nederlands. Product words as in the Dutch help articles: "Inloggen", "Inloggen via internet",
// "Doorgaan", "Begin met kijken", "Vorige", "Wachtwoord weergeven", "Stuur me een e-mail". Typed
// as the full Messages so a key added to en.ts without a Dutch text fails the type check.

export const nl: Messages = {
  'app.name': 'Tv-aanmelding',
  'common.continue': 'Doorgaan',
  'common.signIn': 'Inloggen',
  'common.signOut': 'Uitloggen',
  'common.back': 'Terug',
  'common.errorCode': 'Foutcode: {code}',
  'common.helpLink': 'Wat kan ik doen?',

  'tv8.title': 'Log in op je tv',
  'tv8.intro': 'Voer de inlogcode in die op je tv staat.',
  'tv8.codeLabel': 'Inlogcode',
  'tv8.codeHint': 'Acht letters, zoals BCDF-GHJK. Hoofdletters, spaties en streepjes maken niet uit.',

  'signIn.title': 'Inloggen',
  'signIn.intro': 'Log in om verder te gaan met het inloggen op je tv.',
  'signIn.loginLabel': 'E-mailadres of telefoonnummer',
  'signIn.passwordLabel': 'Wachtwoord',
  'signIn.showPassword': 'Wachtwoord weergeven',
  'signIn.forgot': 'Wachtwoord vergeten?',

  'confirm.title': 'Deze tv inloggen?',
  'confirm.checkCode': 'Controleer of deze code overeenkomt met de code op je tv:',
  'confirm.device': 'Apparaat',
  'confirm.requested': 'Code aangevraagd',
  'confirm.network': 'Vanaf netwerk (IP-adres)',
  'confirm.signedInAs': 'Je logt de tv in als {name}.',
  'confirm.startWatching': 'Begin met kijken',
  'confirm.deny': 'Dit is niet mijn tv',
  'confirm.networkWarning': 'Deze tv zit op een ander netwerk dan deze telefoon of computer. Ga alleen door als het jouw tv is.',

  'done.title': 'Je tv wordt ingelogd',
  'done.waiting': 'Je inlog wordt naar de tv gestuurd…',
  'done.received': 'Je tv is ingelogd. Veel kijkplezier!',
  'done.notReceived': 'De tv heeft de inlog nog niet ontvangen. Staat er een nieuwe code op de tv, dan was de tv weg: voer de nieuwe code in en probeer het opnieuw.',
  'denied.title': 'De tv is niet ingelogd',
  'denied.body': 'Je hebt deze inlog geweigerd. De tv toont een melding en kan om een nieuwe code vragen.',

  'home.title': 'Je account',
  'home.signedInAs': 'Ingelogd als {name}.',
  'home.signInTv': 'Een tv inloggen',
  'home.notSignedIn': 'Je bent niet ingelogd.',

  'clearCookies.title': 'Cookies gewist',
  'clearCookies.body': 'Je bent uitgelogd en de cookies van deze site zijn gewist. Log opnieuw in om door te gaan.',

  'help.title': 'Foutcode {code}',
  'help.allCodes': 'Alle foutcodes',

  'tv.signIn': 'Inloggen',
  'tv.signInFromWeb': 'Inloggen via internet',
  'tv.scanOrVisit': 'Scan de QR-code met je telefoon, of ga naar',
  'tv.andEnter': 'en voer deze code in:',
  'tv.expiresIn': 'De code verloopt over {time}.',
  'tv.scanned': 'Ga verder op je telefoon…',
  'tv.signedInAs': 'Ingelogd als {name}',
  'tv.denied': 'De inlog is geweigerd.',
  'tv.expired': 'De code is verlopen. Er wordt een nieuwe opgehaald…',
  'tv.getNewCode': 'Nieuwe code ophalen',
  'tv.noConnection': 'Geen verbinding. We proberen het opnieuw…',
  'tv.starting': 'Inlogcode ophalen…',
};
