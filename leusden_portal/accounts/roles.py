"""The roles of the domain as groups, with the permissions each one needs.

Each app that adds models adds a data migration that calls `sync_roles`, so that the
groups always hold the permissions on what exists. A role lists permissions as
"app_label.codename"; a whole model as "app_label.model" with the actions given."""

from django.contrib.auth.management import create_permissions
from django.utils.translation import gettext_lazy as _

LOKET = "loket"
GRIFFIE = "griffie"
RAADSLID = "raadslid"
PROGRAMMATEAM = "programmateam"
BEHEERDER = "beheerder"

ROLE_NAMES = {
    LOKET: _("Civil servant (loket)"),
    GRIFFIE: _("Council clerk (griffie)"),
    RAADSLID: _("Council member (raadslid)"),
    PROGRAMMATEAM: _("Program team"),
    BEHEERDER: _("Administrator"),
}

# The group names as stored; stable, so that migrations and code can find them.
GROUP_NAMES = {
    LOKET: "Ambtenaar (loket)",
    GRIFFIE: "Griffie",
    RAADSLID: "Raadslid",
    PROGRAMMATEAM: "Programmateam",
    BEHEERDER: "Beheerder",
}

VIEW = ("view",)
EDIT = ("view", "add", "change")
ALL = ("view", "add", "change", "delete")

# What each role may do, per model ("app_label.model_name": actions). Later apps extend it.
# The mail outbox (notifications.notification) holds residents' addresses and, until sent,
# their private links: the administrator's only.
ROLE_PERMISSIONS = {
    LOKET: {
        "initiatives.initiative": ("view", "change"),
        "initiatives.message": VIEW,
        "initiatives.internalnote": ("view", "add"),
        "initiatives.attachment": VIEW,
        "initiatives.team": VIEW,
        "initiatives.partnerorganisation": EDIT,
        "initiatives.routingrule": VIEW,
        "notifications.reminder": VIEW,
        "core.municipality": VIEW,
        "core.theme": VIEW,
        "core.neighbourhood": VIEW,
        "core.auditentry": VIEW,
        "council.hostop": ("view", "add"),
        "council.hostopparticipant": VIEW,
        "agreements.agreement": VIEW,
        "agreements.goal": VIEW,
        "agreements.kpi": VIEW,
        "agreements.measurement": VIEW,
        "initiatives.neighbourhoodbudget": EDIT,
        "initiatives.budgetproposal": ("view", "change"),
        "initiatives.challengebid": ("view", "change"),
        "initiatives.challengecriterion": VIEW,
    },
    GRIFFIE: {
        "notifications.reminder": VIEW,
        "core.municipality": VIEW,
        "core.theme": VIEW,
        "core.neighbourhood": VIEW,
        "core.auditentry": VIEW,
        "council.hostop": VIEW,
        "council.hostopparticipant": VIEW,
        "agreements.agreement": VIEW,
        "agreements.event": VIEW,
        "council.councilmember": ALL,
        "council.meeting": ALL,
        "council.agendaitem": ALL,
        "council.decision": ALL,
        "council.corevalue": ALL,
        "council.mirrorturn": ALL,
        "council.reflection": VIEW,
        "council.valuescore": VIEW,
        "council.sortition": EDIT,
        "council.volunteer": VIEW,
        "council.councilevent": ALL,
        "council.eventsignup": VIEW,
        "council.neighbourhoodcouncil": ALL,
        "council.neighbourhoodcouncilmember": ALL,
        "council.neighbourhoodcouncilmeeting": ALL,
    },
    RAADSLID: {
        "core.theme": VIEW,
        "core.neighbourhood": VIEW,
        "council.hostop": ("view", "add"),
    },
    PROGRAMMATEAM: {
        "initiatives.initiative": VIEW,
        "initiatives.team": VIEW,
        "initiatives.partnerorganisation": VIEW,
        "core.municipality": VIEW,
        "core.theme": EDIT,
        "core.neighbourhood": EDIT,
        "core.auditentry": VIEW,
        "council.hostop": ("view", "add"),
        "council.hostopparticipant": VIEW,
        "agreements.agreement": ALL,
        "agreements.partner": ALL,
        "agreements.goal": ALL,
        "agreements.kpi": ALL,
        "agreements.milestone": ALL,
        "agreements.measurement": ALL,
        "agreements.subproject": ALL,
        "agreements.event": ALL,
        "council.meeting": VIEW,
        "council.decision": VIEW,
        "council.corevalue": EDIT,
        "council.manifest": EDIT,
        "council.signature": VIEW,
    },
    BEHEERDER: {
        "initiatives.initiative": ("view", "change"),
        "initiatives.message": VIEW,
        "initiatives.internalnote": ("view", "add"),
        "initiatives.attachment": VIEW,
        "initiatives.team": ALL,
        "initiatives.partnerorganisation": ALL,
        "initiatives.routingrule": ALL,
        "notifications.notification": VIEW,
        "notifications.reminder": VIEW,
        "notifications.emailoptout": ALL,
        "notifications.deliverypreference": VIEW,
        "accounts.user": ALL,
        "auth.group": VIEW,
        "core.municipality": EDIT,
        "core.theme": ALL,
        "core.neighbourhood": ALL,
        "core.auditentry": VIEW,
        "django_celery_beat.periodictask": ALL,
        "django_celery_beat.crontabschedule": ALL,
        "django_celery_beat.intervalschedule": ALL,
        "axes.accessattempt": ("view", "delete"),
        "axes.accesslog": VIEW,
        "otp_totp.totpdevice": ALL,
        "otp_static.staticdevice": ALL,
        "council.hostop": ("view", "add"),
        "council.hostopparticipant": VIEW,
        "agreements.agreement": ALL,
        "agreements.partner": ALL,
        "agreements.goal": ALL,
        "agreements.kpi": ALL,
        "agreements.milestone": ALL,
        "agreements.measurement": ALL,
        "agreements.subproject": ALL,
        "agreements.event": ALL,
        "council.councilmember": ALL,
        "council.meeting": ALL,
        "council.agendaitem": ALL,
        "council.decision": ALL,
        "council.corevalue": ALL,
        "council.mirrorturn": ALL,
        "council.reflection": VIEW,
        "council.valuescore": VIEW,
        "council.sortition": EDIT,
        "council.volunteer": VIEW,
        "council.manifest": EDIT,
        "council.signature": VIEW,
        "initiatives.neighbourhoodbudget": EDIT,
        "initiatives.budgetproposal": ("view", "change"),
        "initiatives.ballot": VIEW,
        "initiatives.challengebid": ("view", "change"),
        "initiatives.challengecriterion": ALL,
        "council.councilevent": ALL,
        "council.eventsignup": VIEW,
        "council.neighbourhoodcouncil": ALL,
        "council.neighbourhoodcouncilmember": ALL,
        "council.neighbourhoodcouncilmeeting": ALL,
    },
}


# The lists each role works in, the only ones on its start page ("app_label.model_name").
# A role may see more (the admin needs view rights behind its forms and searches); those
# stay reachable from the pages that use them but do not crowd the start page. The
# administrator's start page lists everything.
START_LISTS = {
    LOKET: [
        "initiatives.initiative",
        "initiatives.partnerorganisation",
        "initiatives.neighbourhoodbudget",
        "initiatives.budgetproposal",
        "initiatives.challengebid",
        "council.hostop",
    ],
    GRIFFIE: [
        "council.meeting",
        "council.councilmember",
        "council.mirrorturn",
        "council.corevalue",
        "council.sortition",
        "council.councilevent",
        "council.neighbourhoodcouncil",
        "council.hostop",
    ],
    RAADSLID: ["council.hostop"],
    PROGRAMMATEAM: [
        "agreements.agreement",
        "agreements.partner",
        "agreements.kpi",
        "agreements.measurement",
        "agreements.subproject",
        "agreements.event",
        "council.manifest",
        "council.corevalue",
        "core.theme",
        "core.neighbourhood",
        "council.hostop",
    ],
}


def start_lists(user):
    """The lists on the user's start page as a set of "app_label.model_name", or None for all
    of them (the administrator, a superuser, or staff in no role of ours)."""
    if user.is_superuser:
        return None
    by_group = {name: role for role, name in GROUP_NAMES.items()}
    roles = {by_group.get(name) for name in user.groups.values_list("name", flat=True)}
    roles.discard(None)
    if not roles or BEHEERDER in roles:
        return None
    return {label for role in roles for label in START_LISTS[role]}


def sync_roles(apps, schema_editor=None):
    """Create the role groups and give each exactly the permissions listed above that exist.

    Usable from a data migration (historical `apps`) and from code (the real registry)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")

    # Permissions are normally created after all migrations ran; make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)

    for role, model_actions in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=GROUP_NAMES[role])
        wanted = []
        for model_label, actions in model_actions.items():
            app_label, model_name = model_label.split(".")
            try:
                content_type = ContentType.objects.get(app_label=app_label, model=model_name)
            except ContentType.DoesNotExist:
                continue  # that app is not migrated yet; its own migration syncs again
            codenames = [f"{action}_{model_name}" for action in actions]
            wanted.extend(
                Permission.objects.filter(content_type=content_type, codename__in=codenames)
            )
        group.permissions.set(wanted)
