"""An initiative as a process that a ho-stop can pause: who is involved in it."""

from django.urls import reverse

from council.models import HoStopParticipant
from council.processes import Involved, ProcessType, register
from leusden_portal.core.selectors import active_municipality

Role = HoStopParticipant.Role


def involved(initiative):
    people = []
    if not initiative.anonymised_at and initiative.email:
        people.append(Involved(Role.INITIATOR, initiative.name, initiative.email))
    if initiative.assignee_id:
        user = initiative.assignee
        people.append(Involved(Role.CIVIL_SERVANT, user.full_name or user.email, user.email, user))
    elif initiative.team_id and initiative.team.email:
        people.append(Involved(Role.CIVIL_SERVANT, initiative.team.name, initiative.team.email))
    else:
        municipality = active_municipality() or {}
        if municipality.get("email"):
            people.append(Involved(Role.CIVIL_SERVANT, "Samenlevingsloket", municipality["email"]))
    partner = initiative.referred_to_partner
    if partner is not None and partner.email:
        people.append(Involved(Role.PARTNER, partner.contact_name or partner.name, partner.email))
    return people


def public_path(initiative):
    return (
        reverse("initiatives:detail", args=[initiative.reference]) if initiative.is_public else ""
    )


register(
    ProcessType(
        label="initiatives.initiative",
        involved=involved,
        public_path=public_path,
        page_sections=("initiatives",),
        title=lambda initiative: f"{initiative.reference} {initiative.title}",
    )
)
