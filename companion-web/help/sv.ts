import type { HelpTexts } from './topics.ts';

// Svensk hjälp, med hjälpartiklarnas ord och steg.

export const svHelp: HelpTexts = {
  checkCode: { heading: 'Kontrollera koden', steps: [
    'Jämför koden du angav med koden på din tv. Den har åtta bokstäver, till exempel BCDF-GHJK.',
    'Versaler, mellanslag och bindestreck spelar ingen roll. Koder består bara av bokstäver: inga siffror och inga vokaler.',
  ] },
  newCode: { heading: 'Hämta en ny kod', steps: [
    'Välj Logga in på tv:n och sedan Logga in från webben. Tv:n visar en ny QR-kod och en ny kod.',
    'Skanna den nya QR-koden, eller gå till /tv8 och ange den nya koden. Använd koden som tv:n visar nu.',
  ] },
  finishOnPhone: { heading: 'Gör klart på din mobil eller dator', steps: [
    'Tryck på Fortsätt på mobilen eller datorn där du angav koden. Du kan behöva logga in.',
    'Tryck på Börja titta så loggas din tv in.',
  ] },
  waitAndRetry: { heading: 'Vänta och försök igen', steps: [
    'För att skydda ditt konto har vi pausat försöken i några minuter.',
    'Vänta några minuter och försök igen. Kontrollera det du skriver innan du skickar.',
  ] },
  checkPassword: { heading: 'Kontrollera e-postadress och lösenord', steps: [
    'Se till att e-postadressen eller telefonnumret som visas stämmer. Om det inte stämmer väljer du Föregående på tv:n för att gå tillbaka och ändra det.',
    'Ange ditt lösenord igen. Kom ihåg att lösenord är skiftlägeskänsliga: använd ⇧-tangenten på tv:n för att växla mellan versaler och gemener.',
    'Välj Visa lösenord för att se lösenordet, så att du kan bekräfta att det stämmer.',
  ] },
  resetPassword: { heading: 'Återställ ditt lösenord', steps: [
    'Gå till /loginhelp på din mobil eller dator.',
    'Återställ lösenordet via e-post eller via sms om ditt konto har ett telefonnummer.',
    'Logga in igen med det nya lösenordet.',
  ] },
  signIn: { heading: 'Logga in igen', steps: [
    'Logga in med din e-postadress eller ditt telefonnummer och ditt lösenord.',
    'Försök sedan igen med det du höll på med.',
  ] },
  reloadPage: { heading: 'Börja om på sidan', steps: [
    'Gå tillbaka, ladda om sidan och försök igen.',
  ] },
  clearCookies: { heading: 'Rensa webbplatsens cookies', steps: [
    'Gå till /clearcookies. Denna åtgärd loggar ut dig från webbplatsen.',
    'Välj Logga in och ange din e-postadress eller ditt telefonnummer och ditt lösenord.',
    'Försök igen.',
  ] },
  restartApp: { heading: 'Starta om tv-appen', steps: [
    'Stäng tv-appen och öppna den igen. Installera uppdateringen om en sådan erbjuds.',
    'Välj Logga in igen.',
  ] },
  checkAddress: { heading: 'Kontrollera adressen', steps: [
    'Kontrollera adressen du skrev. Gå till /tv8 för att logga in en tv.',
  ] },
  tvKeepsTrying: { heading: 'Tv:n försöker igen av sig själv', steps: [
    'Du behöver inte göra något: tv:n ansluter igen av sig själv och behåller sin kod så länge den gäller.',
    'Det är inte ett problem med ditt lösenord.',
  ] },
  tryLater: { heading: 'Försök igen om en stund', steps: [
    'Det här är ett problem hos oss, inte med ditt lösenord eller din enhet.',
    'Vänta en stund och försök igen.',
  ] },
  restartDevice: { heading: 'Starta om enheten', steps: [
    'Koppla ur enheten från strömförsörjningen.',
    'Tryck en gång på på/av-knappen och vänta 1 minut, eller låt enheten vara urkopplad i 3 minuter.',
    'Anslut enheten till strömförsörjningen igen, slå på den och försök igen.',
  ] },
  restartNetwork: { heading: 'Starta om ditt hemnätverk', steps: [
    'Stäng av din enhet och dra sedan ut strömsladdarna på ditt modem och din router.',
    'Vänta i 30 sekunder och anslut sedan ditt modem och din router igen.',
    'Vänta i en minut, sätt på din enhet igen och försök igen. Vissa modem och routrar kan ta längre tid att återansluta.',
  ] },
  defaultSettings: { heading: 'Återställ till standardinställningar för anslutning', steps: [
    'Om du har ändrat anslutningsinställningarna på din enhet måste du återställa dem: anpassade modeminställningar, VPN- eller proxyinställningar, anpassade DNS-inställningar.',
    'Kontakta enhetstillverkaren om du behöver hjälp med att ändra dessa inställningar.',
  ] },
  contactIsp: { heading: 'Kontakta din internetleverantör', steps: [
    'Om problemet kvarstår kan din internetleverantör kontrollera om internet ligger nere i ditt område och åtgärda problem med routern, modemet eller nätverksinställningarna.',
    'Berätta om problemet gäller en enda enhet eller alla enheter i samma nätverk, och om enheten ansluter via wifi eller med en kabel.',
  ] },
  newPassword: { heading: 'Välj ett nytt lösenord', steps: [
    'Använd minst 8 tecken. Några orelaterade ord blir ett starkt lösenord som är lätt att komma ihåg.',
    'Lösenord som finns på en lista över komprometterade eller mycket vanliga lösenord godtas inte, och det nya lösenordet måste skilja sig från det föregående.',
    'Skriv det nya lösenordet två gånger, exakt likadant.',
  ] },
  newResetLink: { heading: 'Begär ett nytt återställningsmejl', steps: [
    'Radera alla äldre mejl om återställning av lösenord från inkorgen.',
    'Gå till /clearcookies. Denna åtgärd loggar ut dig från webbplatsen.',
    'Gå till /loginhelp, välj E-post, ange din e-postadress och välj Mejla mig.',
    'Använd länken i det senaste mejlet. Den fungerar en gång och går ut efter 24 timmar.',
  ] },
  checkSmsCode: { heading: 'Kontrollera verifieringskoden', steps: [
    'Öppna det senaste sms:et och skriv koden igen, siffra för siffra.',
  ] },
  newSmsCode: { heading: 'Begär ett nytt sms', steps: [
    'Gå till /loginhelp, välj Textmeddelande (sms), ange kontots telefonnummer och välj Sms:a mig.',
    'Ange koden från det senaste meddelandet. Den går ut efter {minutes} minuter.',
  ] },
  switchProfile: { heading: 'Byt till en vanlig profil', steps: [
    'Barnprofiler kan inte ändra lösenordet eller telefonnumret.',
    'Gå till /profiles, välj en profil som inte är en barnprofil och försök igen.',
  ] },
  checkEntry: { heading: 'Kontrollera det du skrev', steps: [
    'En e-postadress ser ut som namn@exempel.se.',
    'Skriv telefonnumret med landsnummer, till exempel +46 70 123 45 67.',
  ] },
  billingDetails: { heading: 'Hitta ditt konto med betalningsuppgifter', steps: [
    'Du behöver för- och efternamnet på kontot och hela numret på kredit- eller betalkortet du betalar med.',
    'Gå till /loginhelp, välj Jag kommer inte ihåg min e-postadress eller mitt telefonnummer, fyll i uppgifterna och välj Hitta konto.',
    'Om vi hittar ditt konto skickar vi ett mejl för återställning av lösenordet till kontots e-postadress.',
  ] },
  contactSupport: { heading: 'Kontakta kundtjänst', steps: [
    'Om du betalar via en tredje part eller inte med kort, eller om återställning med betalningsuppgifter inte erbjuds i din region, kontaktar du kundtjänst för att få hjälp.',
  ] },
};
