"""Right to challenge (uitdaagrecht): after intake the initiator hands in a bid; it is assessed
against the published criteria by a deadline, decided with reasons, followed by an agreement
and periodic evaluations with reminders; the public page shows the steps."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from initiatives import services
from initiatives.models import ChallengeBid, ChallengeCriterion, Initiative, Team
from leusden_portal.accounts.models import User
from leusden_portal.notifications.models import Reminder

from .test_initiatives import make_initiative, submitted_token

pytestmark = pytest.mark.django_db
BID = {
    "task": "Het maaien en onderhouden van het groen in Groenhouten.",
    "budget_part": "Het groenbudget van de wijk: € 18.000 per jaar.",
    "executor": "Stichting Groen Groenhouten met twintig vrijwilligers.",
    "quality": "Een jaarplan met de gemeente; een hovenier begeleidt; bij uitval neemt de gemeente het over.",
}


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def challenge_initiative():
    team = Team.objects.create(name="Team Openbare Ruimte", email="groen@leusden.example")
    initiative, token = make_initiative(kind="right_to_challenge", publish_consent=True)
    Initiative.objects.filter(pk=initiative.pk).update(team=team)
    initiative.refresh_from_db()
    loket = User.objects.get(email="loket@leusden.example")
    services.initiative_take_in_triage(actor=loket, initiative=initiative)
    services.initiative_publication(actor=loket, initiative=initiative, approved=True)
    return Initiative.objects.get(pk=initiative.pk), loket


def test_the_whole_course_of_a_challenge(client, demo):
    criteria = list(ChallengeCriterion.objects.filter(is_active=True))
    assert len(criteria) == 6 and criteria[0].name == "Maatschappelijke meerwaarde"
    initiative, loket = challenge_initiative()
    track = reverse("initiatives:track", args=[submitted_token(initiative)])
    page = client.get(track).content.decode()
    assert "Dien uw bod in" in page
    incomplete = client.post(track, {"bid": "1", "task": "Maaien"})
    assert incomplete.status_code == 400 and not ChallengeBid.objects.exists()
    assert client.post(track, {"bid": "1", **BID}).status_code == 302
    bid = ChallengeBid.objects.get()
    assert bid.step == "assessing" and bid.assessment_due > timezone.localdate()
    reminder = Reminder.objects.get(kind="initiatives.challenge_due")
    assert reminder.recipient_email == "groen@leusden.example"
    detail = client.get(reverse("initiatives:detail", args=[initiative.reference])).content.decode()
    assert "Uitdaagrecht: de stappen" in detail and "Maatschappelijke meerwaarde" in detail
    with pytest.raises(services.TransitionNotAllowed):
        services.challenge_bid_submit(initiative=initiative, **BID)

    # The civil servant assesses every criterion and decides with reasons, in the admin.
    client.force_login(loket)
    decide = reverse("admin:initiatives_challengebid_step", args=[bid.pk, "decide"])
    partial = {"approve": "yes", "reason": "Het bod voldoet aan alle criteria en heeft draagvlak."}
    assert client.post(decide, partial).status_code == 200  # criteria missing: the form returns
    data = {**partial, **{f"met_{c.pk}": "yes" for c in criteria}}
    assert client.post(decide, data).status_code == 302
    bid.refresh_from_db()
    assert bid.step == "approved" and bid.assessments.count() == 6
    assert Reminder.objects.get(kind="initiatives.challenge_due").state == "cancelled"
    agreement = reverse("admin:initiatives_challengebid_step", args=[bid.pk, "agreement"])
    starts = timezone.localdate() + datetime.timedelta(days=30)
    client.post(
        agreement,
        {
            "agreement": "De stichting onderhoudt het groen; de gemeente betaalt € 18.000 per jaar.",
            "starts": starts.isoformat(),
            "evaluation_months": "6",
        },
    )
    bid.refresh_from_db()
    assert bid.step == "agreement" and bid.next_evaluation > starts
    evaluation = Reminder.objects.get(kind="initiatives.challenge_evaluation", state="scheduled")
    assert timezone.localtime(evaluation.due_at).date() == bid.next_evaluation
    evaluate = reverse("admin:initiatives_challengebid_step", args=[bid.pk, "evaluate"])
    client.post(evaluate, {"findings": "Het groen ligt er goed bij; buren zijn tevreden."})
    assert bid.evaluations.count() == 1
    assert (
        Reminder.objects.filter(kind="initiatives.challenge_evaluation", state="scheduled").count()
        == 1
    )
    client.logout()
    page = client.get(track).content.decode()
    assert "Periodieke evaluatie" in page and "Dien uw bod in" not in page


def test_a_declined_bid_needs_reasons_and_closes_the_initiative(demo):
    initiative, loket = challenge_initiative()
    bid = services.challenge_bid_submit(initiative=initiative, **BID)
    criteria = {c: (c.position != 4, "") for c in ChallengeCriterion.objects.all()}
    with pytest.raises(Exception, match="20 tekens"):
        services.challenge_decide(
            actor=loket, bid=bid, approve=False, reason="Nee.", assessments=criteria
        )
    services.challenge_decide(
        actor=loket,
        bid=bid,
        approve=False,
        reason="Het gevraagde budget is hoger dan het budget van de taak (criterium Financiën).",
        assessments=criteria,
    )
    initiative.refresh_from_db()
    assert initiative.status == "declined" and "Financiën" in initiative.decline_reason
    with pytest.raises(services.TransitionNotAllowed):
        services.challenge_agreement(
            actor=loket,
            bid=bid,
            agreement="x" * 30,
            starts=timezone.localdate(),
            evaluation_months=6,
        )


def test_only_a_right_to_challenge_initiative_takes_a_bid(demo):
    initiative, _token = make_initiative(kind="idea")
    with pytest.raises(services.TransitionNotAllowed):
        services.challenge_bid_submit(initiative=initiative, **BID)
