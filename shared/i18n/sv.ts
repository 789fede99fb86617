import type { Messages } from './en.ts';

// Svenska. Product words as in the Swedish help articles: "Logga in", "Logga in från webben",
// "Fortsätt", "Börja titta", "Föregående", "Visa lösenord". Typed as the full Messages so a key
// added to en.ts without a Swedish text fails the type check.

export const sv: Messages = {
  'app.name': 'TV-inloggning',
  'common.continue': 'Fortsätt',
  'common.signIn': 'Logga in',
  'common.signOut': 'Logga ut',
  'common.back': 'Tillbaka',
  'common.errorCode': 'Felkod: {code}',
  'common.helpLink': 'Vad kan jag göra?',

  'tv8.title': 'Logga in på din tv',
  'tv8.intro': 'Ange inloggningskoden som visas på din tv.',
  'tv8.codeLabel': 'Inloggningskod',
  'tv8.codeHint': 'Åtta bokstäver, till exempel BCDF-GHJK. Versaler, mellanslag och bindestreck spelar ingen roll.',

  'signIn.title': 'Logga in',
  'signIn.intro': 'Logga in för att fortsätta logga in din tv.',
  'signIn.loginLabel': 'E-postadress eller telefonnummer',
  'signIn.passwordLabel': 'Lösenord',
  'signIn.showPassword': 'Visa lösenord',
  'signIn.forgot': 'Har du glömt lösenordet?',

  'confirm.title': 'Logga in den här tv:n?',
  'confirm.checkCode': 'Kontrollera att koden stämmer med koden på din tv:',
  'confirm.device': 'Enhet',
  'confirm.requested': 'Koden begärdes',
  'confirm.network': 'Från nätverk (IP-adress)',
  'confirm.signedInAs': 'Du loggar in tv:n som {name}.',
  'confirm.startWatching': 'Börja titta',
  'confirm.deny': 'Det här är inte min tv',
  'confirm.networkWarning': 'Den här tv:n är ansluten till ett annat nätverk än din mobil eller dator. Fortsätt bara om det är din tv.',

  'done.title': 'Din tv loggas in',
  'done.waiting': 'Skickar inloggningen till tv:n …',
  'done.received': 'Din tv är inloggad. Trevlig tittning!',
  'done.notReceived': 'Tv:n har inte tagit emot inloggningen än. Om den visar en ny kod har tv:n försvunnit: ange den nya koden och försök igen.',
  'denied.title': 'Tv:n loggades inte in',
  'denied.body': 'Du nekade den här inloggningen. Tv:n visar ett meddelande och kan be om en ny kod.',

  'home.title': 'Ditt konto',
  'home.signedInAs': 'Inloggad som {name}.',
  'home.signInTv': 'Logga in en tv',
  'home.notSignedIn': 'Du är inte inloggad.',

  'clearCookies.title': 'Cookies rensade',
  'clearCookies.body': 'Du är utloggad och webbplatsens cookies är rensade. Logga in igen för att fortsätta.',

  'help.title': 'Felkod {code}',
  'help.allCodes': 'Alla felkoder',

  'tv.signIn': 'Logga in',
  'tv.signInFromWeb': 'Logga in från webben',
  'tv.scanOrVisit': 'Rikta mobilens kamera mot QR-koden, eller gå till',
  'tv.andEnter': 'och ange den här koden:',
  'tv.expiresIn': 'Koden går ut om {time}.',
  'tv.scanned': 'Fortsätt på din mobil …',
  'tv.signedInAs': 'Inloggad som {name}',
  'tv.denied': 'Inloggningen nekades.',
  'tv.expired': 'Koden har gått ut. Hämtar en ny …',
  'tv.getNewCode': 'Hämta en ny kod',
  'tv.noConnection': 'Ingen anslutning. Försöker igen …',
  'tv.starting': 'Hämtar en inloggningskod …',
};
