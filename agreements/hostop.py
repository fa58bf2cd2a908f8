"""An agreement and a sub-project as processes that a ho-stop can pause."""

from django.contrib.auth.models import Group

from council.models import HoStopParticipant
from council.processes import Involved, ProcessType, register
from leusden_portal.accounts.roles import GROUP_NAMES, PROGRAMMATEAM

Role = HoStopParticipant.Role


def _program_team():
    group = Group.objects.filter(name=GROUP_NAMES[PROGRAMMATEAM]).first()
    users = group.user_set.filter(is_active=True) if group else []
    return [Involved(Role.PROGRAM_TEAM, u.full_name or u.email, u.email, u) for u in users]


def _partners(agreement):
    return [
        Involved(Role.PARTNER, partner.name, partner.email)
        for partner in agreement.partners.exclude(email="")
    ]


def _council_members(agreement):
    """The council members involved; one who has an account answers on their own page."""
    members = agreement.council_members.filter(is_active=True).select_related("user")
    return [
        Involved(Role.COUNCIL_MEMBER, member.name, member.email or member.user.email, member.user)
        for member in members
        if member.email or member.user_id
    ]


def agreement_involved(agreement):
    return [*_program_team(), *_council_members(agreement), *_partners(agreement)]


register(
    ProcessType(
        label="agreements.agreement",
        involved=agreement_involved,
        public_path=lambda agreement: agreement.get_absolute_url(),
        page_sections=("agreements",),
        title=lambda agreement: agreement.title,
    )
)
register(
    ProcessType(
        label="agreements.subproject",
        involved=lambda project: agreement_involved(project.agreement),
        public_path=lambda project: project.agreement.get_absolute_url(),
        page_sections=("agreements",),
        title=lambda project: f"{project.agreement.title}: {project.title}",
    )
)
