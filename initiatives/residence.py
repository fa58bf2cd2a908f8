"""Who may vote on a neighbourhood's budget: a resident of that neighbourhood.

Proving residence needs DigiD (residents) or eHerkenning (organisations), which cannot be
reached from here. The check is therefore one small interface, chosen by the setting
`INITIATIVES_RESIDENCE_CHECK`: the default trusts the voter's declaration (they tick "I live
in ..."); a DigiD implementation looks up the postcode from the BRP after login and answers
the same question. See docs/residence.md."""

from django.conf import settings
from django.utils.module_loading import import_string


class DeclaredResidence:
    """The voter declared that they live in the neighbourhood (no proof)."""

    def lives_in(self, *, request, ballot, neighbourhood):
        return ballot.declared_neighbourhood_id == neighbourhood.pk


def residence_check():
    return import_string(settings.INITIATIVES_RESIDENCE_CHECK)()
