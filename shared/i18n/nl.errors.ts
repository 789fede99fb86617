import type { ErrorCode } from '../errors.ts';
import { nlAccountHelpErrors } from './accountHelp.nl.ts';

// Dutch error messages, keyed by the stable code. Typed as a full record so a new error in
// shared/errors.ts without a Dutch text fails the type check.

export const nlErrors: Record<ErrorCode, string> = {
  ...nlAccountHelpErrors,
  'TV-100': 'Die code werkte niet. Controleer de code op je tv, of vraag een nieuwe code aan op de tv en probeer het opnieuw.',
  'TV-101': 'Te veel pogingen. Wacht een paar minuten en probeer het dan opnieuw.',
  'TV-102': 'Deze inlogcode is verlopen. De tv toont een nieuwe code.',
  'TV-103': 'De inlog is geweigerd op de telefoon of computer.',
  'TV-108': 'Deze tv is al ingelogd met je account. Je hoeft niets meer te doen.',
  'TV-109': 'Je hebt deze code al goedgekeurd. Je tv logt in.',
  'TV-111': 'Een andere telefoon of computer heeft deze code al goedgekeurd. Was jij dat niet? Vraag dan een nieuwe code aan op de tv.',
  'TV-112': 'De tv wacht niet meer op deze code (hij ging terug, werd opnieuw geladen of uitgezet). Vraag een nieuwe code aan op de tv.',
  'TV-104': 'Deze inlogcode is al gebruikt. Vraag een nieuwe code aan op de tv.',
  'TV-105': 'De tv stuurde een inlogverzoek dat de server niet kent. De tv begint opnieuw.',
  'TV-106': 'We wachten tot je bevestigt op je telefoon of computer.',
  'TV-107': 'De tv vroeg te vaak. Hij wacht nu wat langer tussen de controles.',
  'TV-110': 'De tv stuurde een bericht dat de server niet kon lezen.',
  'TV-200': 'Onjuist e-mailadres, telefoonnummer of wachtwoord. Wachtwoorden zijn hoofdlettergevoelig. Je kunt je wachtwoord resetten.',
  'TV-201': 'Te veel inlogpogingen. Wacht een paar minuten, of reset je wachtwoord.',
  'TV-202': 'Log in om door te gaan.',
  'TV-203': 'Deze pagina is verlopen. Ga terug, laad de pagina opnieuw en probeer het nog eens. Blijft dit gebeuren? Ga dan naar /clearcookies.',
  'TV-400': 'Het verzoek miste iets of bevatte een waarde die de server niet kan gebruiken.',
  'TV-401': 'Deze app is niet geregistreerd om hier in te loggen.',
  'TV-402': 'Dit soort inlogverzoek wordt niet ondersteund.',
  'TV-403': 'De inlog op dit apparaat is niet meer geldig. Log opnieuw in.',
  'TV-404': 'Er staat niets op dit adres.',
  'TV-413': 'Het verzoek was te groot.',
  'TV-415': 'Het verzoek moet een formulier of JSON zijn.',
  'TV-700': 'Geen verbinding met de inlogdienst. Dit is geen probleem met je wachtwoord. De tv blijft het zelf proberen.',
  'TV-600': 'Dit apparaat is niet meer ingelogd: het is uitgelogd of lange tijd niet gebruikt. Log opnieuw in.',
  'TV-601': 'Dit apparaat is uitgelogd om je account te beschermen, omdat een oude inlog ervan opnieuw werd gebruikt. Log opnieuw in.',
  'TV-602': 'Het apparaat vroeg om meer toegang dan het kreeg toen het werd ingelogd.',
  'TV-500': 'Er is bij ons iets misgegaan. Probeer het opnieuw.',
  'TV-503': 'We kunnen de inlogdienst nu niet bereiken. Dit is geen probleem met je wachtwoord. Probeer het over een moment opnieuw.',
};
