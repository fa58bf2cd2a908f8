"""Dutch for the error pages, the rate limits and the checks of uploaded files."""

SECURITY = {
    "Page not found": "Pagina niet gevonden",
    "This page does not exist (any more). Check the address, or start again from the home page.": "Deze pagina bestaat niet (meer). Controleer het adres, of begin opnieuw op de startpagina.",
    "To the home page": "Naar de startpagina",
    "No access": "Geen toegang",
    "You may not see this page, or the form was sent without its security code (for example after a long wait). Go back, reload the page and try again.": "U mag deze pagina niet zien, of het formulier is verstuurd zonder zijn beveiligingscode (bijvoorbeeld na lang wachten). Ga terug, laad de pagina opnieuw en probeer het nog eens.",
    "Request not understood": "Verzoek niet begrepen",
    "What was sent could not be handled, for example because there were too many files or fields. Go back and try again with less.": "Wat u verstuurde konden wij niet verwerken, bijvoorbeeld omdat er te veel bestanden of velden in zaten. Ga terug en probeer het opnieuw met minder.",
    "Too many attempts": "Te veel pogingen",
    "From your connection we received too many requests, or too many links that do not work, in a short time. Wait a quarter of an hour and try again. Is it urgent? Call or e-mail the municipality.": "Vanaf uw verbinding kregen wij in korte tijd te veel verzoeken, of te veel links die niet werken. Wacht een kwartier en probeer het dan opnieuw. Is het dringend? Bel of mail de gemeente.",
    "Something went wrong": "Er ging iets mis",
    "Something went wrong on our side. What you sent may not have been saved. Try again in a few minutes; if it keeps failing, call or e-mail the municipality.": "Er ging bij ons iets mis. Wat u verstuurde is misschien niet bewaard. Probeer het over een paar minuten opnieuw; lukt het dan nog niet, bel of mail de gemeente.",
    "%(name)s is packed in a way we do not accept (it would unpack too large, has too many parts, or holds other archives). Save it again as a plain DOCX, ODT or PDF.": "%(name)s is ingepakt op een manier die wij niet aannemen (het wordt uitgepakt te groot, heeft te veel onderdelen of bevat andere archieven). Sla het opnieuw op als gewoon DOCX-, ODT- of PDF-bestand.",
}
