"""One mailbox, one person: the form of an e-mail address that says whose mailbox it is.

A support, a vote or a place counts once per person, and the portal knows a person only by
an address. Most mail providers deliver "name+anything@" to "name@", and Gmail ignores dots
in the name too, so "s.devries+1@gmail.com" and "SDeVries@googlemail.com" are one mailbox.
Mail is still sent to the address as typed; this form is only compared (or hashed)."""

GMAIL = {"gmail.com", "googlemail.com"}


def mailbox(email):
    address = (email or "").strip().casefold()
    local, at, domain = address.rpartition("@")
    if not at:
        return address
    local = local.split("+", 1)[0]
    if domain in GMAIL:
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}"
