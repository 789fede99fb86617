import type { ErrorCode } from '../errors.ts';
import { svAccountHelpErrors } from './accountHelp.sv.ts';

// Swedish error messages, keyed by the stable code. Typed as a full record so a new error in
// shared/errors.ts without a Swedish text fails the type check.

export const svErrors: Record<ErrorCode, string> = {
  ...svAccountHelpErrors,
  'TV-100': 'Koden fungerade inte. Kontrollera koden på din tv, eller hämta en ny kod på tv:n och försök igen.',
  'TV-101': 'För många försök. Vänta några minuter och försök sedan igen.',
  'TV-102': 'Inloggningskoden har gått ut. Tv:n visar en ny kod.',
  'TV-103': 'Inloggningen nekades på mobilen eller datorn.',
  'TV-108': 'Tv:n är redan inloggad med ditt konto. Du behöver inte göra något mer.',
  'TV-109': 'Du har redan godkänt den här koden. Tv:n loggar in.',
  'TV-111': 'En annan mobil eller dator har redan godkänt den här koden. Om det inte var du, hämta en ny kod på tv:n.',
  'TV-112': 'Tv:n slutade vänta på den här koden (den gick tillbaka, laddades om eller stängdes av). Hämta en ny kod på tv:n.',
  'TV-104': 'Inloggningskoden har redan använts. Hämta en ny kod på tv:n.',
  'TV-105': 'Tv:n skickade en inloggningsbegäran som servern inte känner till. Tv:n börjar om.',
  'TV-106': 'Väntar på att du bekräftar på din mobil eller dator.',
  'TV-107': 'Tv:n frågade för ofta. Den väntar lite längre mellan varje kontroll.',
  'TV-110': 'Tv:n skickade ett meddelande som servern inte kunde läsa.',
  'TV-200': 'Fel e-postadress, telefonnummer eller lösenord. Kom ihåg att lösenord är skiftlägeskänsliga. Du kan återställa ditt lösenord.',
  'TV-201': 'För många inloggningsförsök. Vänta några minuter, eller återställ ditt lösenord.',
  'TV-202': 'Logga in för att fortsätta.',
  'TV-203': 'Sidan har gått ut. Gå tillbaka, ladda om sidan och försök igen. Om det händer igen, gå till /clearcookies.',
  'TV-400': 'Begäran saknade något eller innehöll ett värde som servern inte kan använda.',
  'TV-401': 'Den här appen är inte registrerad för inloggning här.',
  'TV-402': 'Den här typen av inloggningsbegäran stöds inte.',
  'TV-403': 'Inloggningen på den här enheten gäller inte längre. Logga in igen.',
  'TV-404': 'Det finns ingenting på den här adressen.',
  'TV-413': 'Begäran var för stor.',
  'TV-415': 'Begäran måste vara ett formulär eller JSON.',
  'TV-700': 'Ingen anslutning till inloggningstjänsten. Det är inte ett problem med ditt lösenord. Tv:n fortsätter att försöka av sig själv.',
  'TV-600': 'Den här enheten är inte längre inloggad: den loggades ut eller har inte använts på länge. Logga in igen.',
  'TV-601': 'Den här enheten loggades ut för att skydda ditt konto, eftersom en gammal inloggning för den användes igen. Logga in igen.',
  'TV-602': 'Enheten bad om mer åtkomst än den fick när den loggades in.',
  'TV-500': 'Något gick fel hos oss. Försök igen.',
  'TV-503': 'Vi kan inte nå inloggningstjänsten just nu. Det är inte ett problem med ditt lösenord. Försök igen om en stund.',
};
