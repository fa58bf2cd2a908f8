"""Neighbourhood budgets: proposals through the loket, a feasibility check, and a vote by
residents within the budget, one ballot per confirmed e-mail address."""

import re
import threading
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import translation

from initiatives import selectors, services
from initiatives.models import Ballot, BudgetProposal, NeighbourhoodBudget
from leusden_portal.accounts.models import User
from leusden_portal.core.models import Neighbourhood
from leusden_portal.notifications import services as notifications
from leusden_portal.notifications.models import Notification

from .test_initiatives import form_data, make_initiative

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


class NobodyLivesHere:
    """A residence check that says no (as a DigiD check would for a non-resident)."""

    def lives_in(self, *, request, ballot, neighbourhood):
        return False


def budget(status=NeighbourhoodBudget.Status.PROPOSALS, amount="10000", slug="groenhouten-2027"):
    return NeighbourhoodBudget.objects.create(
        neighbourhood=Neighbourhood.objects.get(slug="groenhouten"),
        title="Buurtbudget Groenhouten 2027",
        slug=slug,
        amount=Decimal(amount),
        period="2027",
        status=status,
    )


def proposal(the_budget, title, cost, feasible=True):
    initiative, _token = make_initiative(title=title, amount_requested=Decimal(cost))
    return BudgetProposal.objects.create(
        budget=the_budget, initiative=initiative, cost=Decimal(cost), feasible=feasible
    )


def test_residents_propose_a_use_through_the_loket(
    client, demo, django_capture_on_commit_callbacks
):
    the_budget = budget()
    url = reverse("initiatives:submit")
    assert "Een voorstel voor een buurtbudget" in client.get(url).content.decode()
    missing = client.post(url, form_data(budget=the_budget.pk, amount_requested=""))
    assert (
        missing.status_code == 400 and "Geef de kosten van uw voorstel" in missing.content.decode()
    )
    too_much = client.post(url, form_data(budget=the_budget.pk, amount_requested="12000"))
    assert "meer dan het hele budget" in too_much.content.decode()
    response = client.post(url, form_data(budget=the_budget.pk, amount_requested="2.500"))
    assert response.status_code == 302
    proposal = BudgetProposal.objects.get()
    assert proposal.cost == Decimal(2500) and proposal.feasible is None
    assert proposal.initiative.neighbourhood == the_budget.neighbourhood
    page = client.get(the_budget.get_absolute_url()).content.decode()
    # Listed once staff approved it for publication (the initiator consented in the form).
    assert "Moestuin in Groenhouten" not in page
    with django_capture_on_commit_callbacks(execute=True):
        services.initiative_publication(
            actor=User.objects.get(email="loket@leusden.example"),
            initiative=proposal.initiative,
            approved=True,
        )
    page = client.get(the_budget.get_absolute_url()).content.decode()
    assert "Moestuin in Groenhouten" in page


def ask_ballot(client, the_budget, email="anna@example.org"):
    url = reverse("initiatives:budget_vote", args=[the_budget.slug])
    response = client.post(url, {"email": email, "lives_here": "on"})
    assert "Kijk in uw mailbox" in response.content.decode()
    notifications.send(Notification.objects.filter(kind="initiatives.ballot").latest("pk").pk)
    link = re.search(r"http://\S+/buurtbudget/stembiljet/\S+/", mail.outbox[-1].body).group(0)
    return "/" + link.split("/", 3)[3]


def test_a_ballot_cannot_exceed_the_budget_nor_be_cast_twice(client, demo):
    the_budget = budget(status=NeighbourhoodBudget.Status.VOTING)
    garden = proposal(the_budget, "Moestuin", "6000")
    benches = proposal(the_budget, "Bankjes", "3000")
    playground = proposal(the_budget, "Speeltuin", "5000")
    unfeasible = proposal(the_budget, "Zwembad", "9000", feasible=False)
    ballot_url = ask_ballot(client, the_budget)
    page = client.get(ballot_url).content.decode()
    assert "Moestuin" in page and "Zwembad" not in page  # only feasible proposals
    too_much = client.post(ballot_url, {"proposals": [garden.pk, playground.pk]})
    assert too_much.status_code == 400
    assert "Uw keuze kost € 11.000; het budget is € 10.000" in too_much.content.decode()
    assert Ballot.objects.get().cast_at is None
    forged = client.post(ballot_url, {"proposals": [unfeasible.pk]})
    assert forged.status_code == 400
    assert client.post(ballot_url, {"proposals": [garden.pk, benches.pk]}).status_code == 302
    assert Ballot.objects.get().cast_at is not None
    again = client.post(ballot_url, {"proposals": [playground.pk]})
    assert again.status_code == 400 and "U hebt gestemd" in again.content.decode()
    assert list(Ballot.objects.get().choices.order_by("pk")) == [garden, benches]
    # Asking again with the same address sends nothing new: one ballot per address.
    sent = Notification.objects.filter(kind="initiatives.ballot").count()
    client.post(
        reverse("initiatives:budget_vote", args=[the_budget.slug]),
        {"email": "ANNA@example.org", "lives_here": "on"},
    )
    assert Notification.objects.filter(kind="initiatives.ballot").count() == sent
    assert Ballot.objects.count() == 1


def test_only_declared_residents_with_a_confirmed_address_vote(client, demo, settings):
    the_budget = budget(status=NeighbourhoodBudget.Status.VOTING)
    garden = proposal(the_budget, "Moestuin", "6000")
    url = reverse("initiatives:budget_vote", args=[the_budget.slug])
    undeclared = client.post(url, {"email": "bert@example.org"})
    assert undeclared.status_code == 400 and not Ballot.objects.exists()
    ballot_url = ask_ballot(client, the_budget, "bert@example.org")
    assert Ballot.objects.get().confirmed_at is None  # not until the link is used
    settings.INITIATIVES_RESIDENCE_CHECK = "tests.test_budgets.NobodyLivesHere"
    refused = client.post(ballot_url, {"proposals": [garden.pk]})
    assert refused.status_code == 400
    assert "Alleen inwoners van Groenhouten" in refused.content.decode()
    settings.INITIATIVES_RESIDENCE_CHECK = "initiatives.residence.DeclaredResidence"
    assert client.post(ballot_url, {"proposals": [garden.pk]}).status_code == 302
    assert Ballot.objects.get().confirmed_at is not None
    assert client.get(reverse("initiatives:ballot", args=["verzonnen"])).status_code == 404
    closed = budget(status=NeighbourhoodBudget.Status.CLOSED, slug="ander")
    with pytest.raises(services.BallotRefused):
        services.ballot_request(
            budget=closed, email="c@example.org", neighbourhood=closed.neighbourhood
        )


@pytest.mark.django_db(transaction=True)
def test_parallel_casts_of_one_ballot_count_once(demo):
    the_budget = budget(status=NeighbourhoodBudget.Status.VOTING)
    garden = proposal(the_budget, "Moestuin", "6000")
    ballot = services.ballot_request(
        budget=the_budget, email="snel@example.org", neighbourhood=the_budget.neighbourhood
    )
    barrier = threading.Barrier(4)
    outcomes = []

    def cast():
        try:
            barrier.wait()
            services.ballot_cast(ballot=ballot, proposals=[garden])
            outcomes.append("cast")
        except services.BallotRefused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=cast) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["cast", "refused", "refused", "refused"]
    assert garden.votes.filter(cast_at__isnull=False).count() == 1


def test_results_choose_the_most_voted_within_the_budget(demo):
    the_budget = budget(status=NeighbourhoodBudget.Status.VOTING)
    garden = proposal(the_budget, "Moestuin", "6000")
    benches = proposal(the_budget, "Bankjes", "3000")
    playground = proposal(the_budget, "Speeltuin", "5000")
    for n, choice in enumerate([[playground], [playground, benches], [garden], [playground]]):
        ballot = services.ballot_request(
            budget=the_budget, email=f"v{n}@example.org", neighbourhood=the_budget.neighbourhood
        )
        services.ballot_cast(ballot=ballot, proposals=choice)
    results = {
        p.initiative.title: (p.vote_count, p.chosen) for p in selectors.budget_results(the_budget)
    }
    # Speeltuin (3 votes, 5000) fits; Bankjes and Moestuin have 1 each: Bankjes (3000) fits,
    # then Moestuin (6000) no longer does.
    assert results == {"Speeltuin": (3, True), "Bankjes": (1, True), "Moestuin": (1, False)}


@pytest.mark.django_db(transaction=True)
def test_a_burst_of_ballot_requests_and_votes_over_http_counts_once(live_server, demo):
    from .secutil import parallel_posts

    the_budget = budget(status=NeighbourhoodBudget.Status.VOTING)
    garden = proposal(the_budget, "Moestuin", "6000")
    url = reverse("initiatives:budget_vote", args=[the_budget.slug])
    statuses = parallel_posts(
        live_server.url, url, {"email": "Anna@Example.org", "lives_here": "on"}, 10
    )
    assert statuses == [200] * 10
    assert Ballot.objects.count() == 1
    # One e-mail with one link, not ten links of which only the last works.
    assert Notification.objects.filter(kind="initiatives.ballot").count() == 1
    notifications.send(Notification.objects.get(kind="initiatives.ballot").pk)
    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+/buurtbudget/stembiljet/\S+/", mail.outbox[-1].body).group(0)
    path = "/" + link.split("/", 3)[3]
    statuses = parallel_posts(live_server.url, path, {"proposals": [garden.pk], "vote": "1"}, 10)
    assert statuses.count(302) == 1 and set(statuses) <= {302, 400}
    assert selectors.budget_results(the_budget)[0].vote_count == 1
    assert Ballot.objects.get().choices.count() == 1
