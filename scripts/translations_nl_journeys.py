"""Dutch for the journeys issue: forms, pages and e-mails as people meet them."""

JOURNEYS = {
    "Add files": "Bestanden toevoegen",
    "You support this initiative.": "U steunt dit initiatief.",
}
