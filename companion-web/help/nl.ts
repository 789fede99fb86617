import type { HelpTexts } from './topics.ts';

// Nederlandse hulp, met de woorden en stappen van de helpartikelen.

export const nlHelp: HelpTexts = {
  checkCode: { heading: 'Controleer de code', steps: [
    'Vergelijk de code die je hebt ingevoerd met de code op je tv. Die heeft acht letters, zoals BCDF-GHJK.',
    'Hoofdletters, spaties en streepjes maken niet uit. Codes bestaan alleen uit letters: geen cijfers en geen klinkers.',
  ] },
  newCode: { heading: 'Vraag een nieuwe code aan', steps: [
    'Kies op de tv Inloggen en daarna Inloggen via internet. De tv toont een nieuwe QR-code en een nieuwe code.',
    'Scan de nieuwe QR-code, of ga naar /tv8 en voer de nieuwe code in. Gebruik de code die de tv nu toont.',
  ] },
  finishOnPhone: { heading: 'Rond het af op je telefoon of computer', steps: [
    'Tik op de telefoon of computer waar je de code hebt ingevoerd op Doorgaan. Misschien moet je inloggen.',
    'Tik op Begin met kijken. Je tv is een moment later ingelogd.',
  ] },
  waitAndRetry: { heading: 'Wacht even en probeer het opnieuw', steps: [
    'Om je account te beschermen hebben we pogingen een paar minuten gepauzeerd.',
    'Wacht een paar minuten en probeer het opnieuw. Controleer wat je typt voordat je het verstuurt.',
  ] },
  checkPassword: { heading: 'Controleer je e-mailadres en wachtwoord', steps: [
    'Controleer of het getoonde e-mailadres of telefoonnummer klopt. Kies op de tv Vorige om terug te gaan en het te verbeteren.',
    'Voer je wachtwoord opnieuw in. Wachtwoorden zijn hoofdlettergevoelig: gebruik op de tv de ⇧-toets om te wisselen tussen hoofdletters en kleine letters.',
    'Kies Wachtwoord weergeven om het wachtwoord te zien en te controleren.',
  ] },
  resetPassword: { heading: 'Reset je wachtwoord', steps: [
    'Ga op je telefoon of computer naar /loginhelp.',
    'Reset je wachtwoord via e-mail (Stuur me een e-mail) of via sms (Stuur me een sms) als je een telefoonnummer aan je account hebt toegevoegd.',
    'Log opnieuw in met het nieuwe wachtwoord.',
  ] },
  signIn: { heading: 'Log opnieuw in', steps: [
    'Log in met je e-mailadres of telefoonnummer en je wachtwoord.',
    'Probeer daarna opnieuw wat je aan het doen was.',
  ] },
  reloadPage: { heading: 'Begin opnieuw op de pagina', steps: [
    'Ga terug, laad de pagina opnieuw en probeer het nog eens.',
  ] },
  clearCookies: { heading: 'Wis de cookies van deze site', steps: [
    'Ga naar /clearcookies. Hiermee word je uitgelogd op deze site.',
    'Kies Inloggen en voer je e-mailadres of telefoonnummer en je wachtwoord in.',
    'Probeer het opnieuw.',
  ] },
  restartApp: { heading: 'Start de tv-app opnieuw', steps: [
    'Sluit de tv-app en open hem opnieuw. Installeer de update als die wordt aangeboden.',
    'Kies opnieuw Inloggen.',
  ] },
  checkAddress: { heading: 'Controleer het adres', steps: [
    'Controleer het adres dat je hebt getypt. Ga naar /tv8 om een tv in te loggen.',
  ] },
  tvKeepsTrying: { heading: 'De tv blijft het zelf proberen', steps: [
    'Je hoeft niets te doen: de tv maakt zelf opnieuw verbinding en houdt zijn code zolang die geldig is.',
    'Dit is geen probleem met je wachtwoord.',
  ] },
  tryLater: { heading: 'Probeer het zo opnieuw', steps: [
    'Dit is een probleem bij ons, niet met je wachtwoord of je apparaat.',
    'Wacht even en probeer het opnieuw.',
  ] },
  restartDevice: { heading: 'Start je apparaat opnieuw op', steps: [
    'Haal de stekker van het apparaat uit het stopcontact.',
    'Druk één keer op de aan/uit-knop en wacht 1 minuut, of laat de stekker 3 minuten uit het stopcontact.',
    'Steek de stekker er weer in, zet het apparaat aan en probeer het opnieuw.',
  ] },
  restartNetwork: { heading: 'Start je thuisnetwerk opnieuw op', steps: [
    'Zet je apparaat uit en haal de stekkers van je modem en router uit het stopcontact.',
    'Wacht 30 seconden en sluit je modem en router weer aan.',
    'Wacht een minuut, zet je apparaat weer aan en probeer het opnieuw. Sommige modems en routers hebben meer tijd nodig.',
  ] },
  defaultSettings: { heading: 'Zet de verbindingsinstellingen terug', steps: [
    'Heb je verbindingsinstellingen op je apparaat gewijzigd, zet ze dan terug naar de standaardwaarden: aangepaste modeminstellingen, VPN- of proxy-instellingen, aangepaste DNS-instellingen.',
    'Neem contact op met de fabrikant van je apparaat als je hulp nodig hebt bij deze instellingen.',
  ] },
  contactIsp: { heading: 'Neem contact op met je internetprovider', steps: [
    'Blijft het probleem bestaan, dan kan je internetprovider nagaan of internet in je regio uitligt en problemen met router, modem of netwerkinstellingen oplossen.',
    'Vertel of het probleem op één apparaat speelt of op alle apparaten in hetzelfde netwerk, en of het apparaat via wifi of met een kabel verbonden is.',
  ] },
  newPassword: { heading: 'Kies een nieuw wachtwoord', steps: [
    'Gebruik minstens 8 tekens. Een paar losse woorden vormen een sterk wachtwoord dat makkelijk te onthouden is.',
    'Wachtwoorden op een lijst met gecompromitteerde of veelgebruikte wachtwoorden worden niet toegestaan, en het nieuwe wachtwoord mag niet gelijk zijn aan je vorige wachtwoord.',
    'Typ het nieuwe wachtwoord twee keer, precies hetzelfde.',
  ] },
  newResetLink: { heading: 'Vraag een nieuwe resetmail aan', steps: [
    'Verwijder alle oudere e-mails voor het resetten van je wachtwoord uit je Postvak IN.',
    'Ga naar /clearcookies. Hiermee word je uitgelogd op deze site.',
    'Ga naar /loginhelp, kies E-mail, voer je e-mailadres in en kies Stuur me een e-mail.',
    'Gebruik de link in de nieuwste e-mail. Die werkt één keer en verloopt na 24 uur.',
  ] },
  checkSmsCode: { heading: 'Controleer de verificatiecode', steps: [
    'Open het nieuwste sms-bericht en typ de code opnieuw, cijfer voor cijfer.',
  ] },
  newSmsCode: { heading: 'Vraag een nieuwe sms aan', steps: [
    'Ga naar /loginhelp, kies Tekstbericht (sms), voer het telefoonnummer van je account in en kies Stuur me een sms.',
    'Voer de code uit het nieuwste bericht in. De code verloopt na {minutes} minuten.',
  ] },
  switchProfile: { heading: 'Kies een gewoon profiel', steps: [
    'Met een Kids-profiel kun je het wachtwoord of telefoonnummer niet wijzigen.',
    'Ga naar /profiles, kies een profiel dat geen Kids-profiel is en probeer het opnieuw.',
  ] },
  checkEntry: { heading: 'Controleer wat je hebt getypt', steps: [
    'Een e-mailadres ziet eruit als naam@voorbeeld.nl.',
    'Schrijf een telefoonnummer met landcode, zoals +31 6 12345678.',
  ] },
  billingDetails: { heading: 'Vind je account via je betalingsgegevens', steps: [
    'Je hebt de voor- en achternaam van het account nodig en het volledige nummer van de credit- of debitcard waarmee je betaalt.',
    'Ga naar /loginhelp, kies Ik weet mijn e-mailadres of telefoonnummer niet meer, vul de gegevens in en kies Account zoeken.',
    'Als we je account vinden, sturen we een e-mail voor het resetten van je wachtwoord naar het e-mailadres van het account.',
  ] },
  contactSupport: { heading: 'Neem contact met ons op', steps: [
    'Betaal je via derden of niet met een kaart, of is herstel via factureringsgegevens niet beschikbaar in jouw regio? Neem dan contact met ons op voor hulp.',
  ] },
};
