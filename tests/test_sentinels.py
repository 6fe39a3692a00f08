"""No clinical or private text reaches an employer or a clinician the worker has not shared it with.

Every clinical or private field of the scenario (``tests/disclosure_scenario.py``) holds a
unique sentinel word. For every combination of what the worker shares with the recipient, each
persona walks every page they can reach (with the scenario's records in every URL parameter),
reads their audience's plan PDF as text, and reads every email, reminder and notification
addressed to them after the reminder producers and both sweeps have run. A sentinel found there
is a leak unless the worker released the item that may reveal it (``REVEALS``).

A no-leak test means something only when the data that could leak is there:
:func:`test_every_sentinel_is_in_the_data` finds each sentinel on the team's pages or the
worker's own copy first.
"""

import itertools
import re
import subprocess
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from cases.models import Recipient, ShareItem
from checkins import reminders
from checkins.actions import complete_check_in
from checkins.models import Reminder
from rtw import outbox
from rtw.models import Notification
from rtw.outbox import OutboxMessage
from tests.conftest import client_for
from tests.disclosure_scenario import (
    INVOLVEMENT,
    SENTINELS,
    build_scenario,
    content_items,
    fast_passwords,
    items_for,
    rolled_back,
    share,
)
from tests.test_access_matrix import requests_for

# Which sentinels each item the worker releases may reveal, per recipient. Anything else found
# is a leak.
REVEALS = {
    Recipient.EMPLOYER: {
        ShareItem.CONDITION: {"condition", "elsewhere_condition"},
        # The fit notes' comments are advice to the employer about function.
        ShareItem.FIT_NOTE_ADVICE: {"fit_note_comments", "elsewhere_comments"},
        ShareItem.WARNING_SIGNALS: {"warning_signs"},
        ShareItem.RELAPSE_ACTIONS: {"normalisation"},
        ShareItem.PLAN: set(),
    },
    Recipient.GP: {
        ShareItem.CONDITION: set(),
        # Fit notes from elsewhere (their own practice's they always see).
        ShareItem.FIT_NOTE_ADVICE: {"elsewhere_condition", "elsewhere_comments"},
        ShareItem.WARNING_SIGNALS: {"warning_signs"},
        # The plan in outline includes every adjustment, those kept from the employer too.
        ShareItem.PLAN: {"private_adjustment"},
        ShareItem.RELAPSE_ACTIONS: {"normalisation", "private_action"},
    },
}
# What the referring clinician may always see: their own referral (reason, red flags, the
# decision on it) and their practice's fit note.
REFERRER_SEES = {"referral_reason", "red_flag", "decline_reason", "condition", "fit_note_comments"}

# persona -> (recipient whose sharing is varied, sentinels seen whatever is shared, whether
# released items apply to them: only to the worker's own employer and referring clinician).
PERSONAS = {
    "employer": (Recipient.EMPLOYER, set(), True),
    "other_employer": (Recipient.EMPLOYER, set(), False),
    "clinician": (Recipient.GP, REFERRER_SEES, True),
    "other_clinician": (Recipient.GP, set(), False),
}

# Pages whose form offers every choice of a choice field: a choice sentinel (the red flag's
# label) printed there is an option, not the worker's data.
OFFERS_EVERY_CHOICE = {"cases:refer", "cases:refer_known"}
CHOICE_SENTINELS = {"red_flag"}
# Links that are credentials sent to the worker alone (a check-in, a password reset): nobody
# else can reach them.
NOT_REACHABLE_BY_OTHERS = {"checkins:link", "password_reset_confirm"}


def subsets(items):
    """Every combination of ``items``, from none to all."""
    return [
        frozenset(chosen)
        for size in range(len(items) + 1)
        for chosen in itertools.combinations(items, size)
    ]


def one_at_a_time(items):
    """Nothing, each item alone and with the plan, and everything: the combinations where
    what one item reveals shows on its own."""
    plan = {ShareItem.PLAN.value}
    return {frozenset(), frozenset(items)} | {
        frozenset({item}) | extra for item in items for extra in (frozenset(), plan)
    }


def combinations_for(recipient: str, *, every: bool) -> list[frozenset]:
    """The worker's choices to try: every combination of the items of content (or one at a
    time), each with the employer's involvement agreed where the project asks for it, plus
    every item without it (the gate closed in front of everything)."""
    items = content_items(recipient)
    chosen = subsets(items) if every else sorted(one_at_a_time(items), key=sorted)
    if INVOLVEMENT not in items_for(recipient):
        return chosen
    return [shared | {INVOLVEMENT} for shared in chosen] + [frozenset(items)]


def is_pdf(key: str) -> bool:
    return key.startswith("plans:pdf ")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


SQUASHED = {name: squash(value) for name, value in SENTINELS.items()}


def found_in(text: str, *, page: str = "") -> set[str]:
    flat = squash(text)
    return {
        name
        for name, sentinel in SQUASHED.items()
        if sentinel in flat and not (page in OFFERS_EVERY_CHOICE and name in CHOICE_SENTINELS)
    }


def pdf_text(content: bytes) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "copy.pdf"
        path.write_bytes(content)
        return subprocess.run(
            ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
        ).stdout


def response_text(response) -> str:
    if response["Content-Type"].startswith("application/pdf"):
        return pdf_text(response.content)
    return response.content.decode()


@pytest.fixture(scope="module")
def scenario(django_db_setup, django_db_blocker):
    """The scenario, with nothing shared yet, for the whole module; rolled back at the end."""
    with django_db_blocker.unblock(), rolled_back(), fast_passwords():
        yield build_scenario()


def messages_to(user) -> str:
    """Every email, reminder and notification addressed to ``user``, after the reminder
    producers and both sweeps have run."""
    now = timezone.now()
    reminders.produce_reminders(now)
    reminders.sweep(now=now)
    outbox.sweep(now=now)
    texts = [
        f"{m.subject}\n{m.body}"
        for m in mail.outbox
        if user.email in m.to or user.email in m.cc or user.email in m.bcc
    ]
    texts += [
        f"{r.subject}\n{r.body}" for r in Reminder.objects.filter(to_email__iexact=user.email)
    ]
    texts += [
        f"{m.subject}\n{m.body}" for m in OutboxMessage.objects.filter(to_email__iexact=user.email)
    ]
    texts += [f"{n.message}\n{n.link}" for n in Notification.objects.filter(recipient=user)]
    return "\n".join(texts)


def what_reaches(client: Client, user, paths: dict[str, str]) -> dict[str, set[str]]:
    """{where: sentinels found} over ``paths`` (pages and PDFs) and the user's messages."""
    found = {}
    for key, path in paths.items():
        response = client.get(path)
        if response.status_code == 200:
            hits = found_in(response_text(response), page=key.split(" ")[0])
            if hits:
                found[key] = hits
    hits = found_in(messages_to(user))
    if hits:
        found["messages"] = hits
    return found


def reachable_paths(client: Client, scenario) -> dict[str, str]:
    """The GET paths that answer this client with a page while the worker shares everything
    with everyone (the most anyone outside the team can reach)."""
    paths = {
        key: path
        for key, path in requests_for(scenario).items()
        if key.split(" ")[0] not in NOT_REACHABLE_BY_OTHERS
    }
    with rolled_back():
        share(scenario, Recipient.EMPLOYER, items_for(Recipient.EMPLOYER))
        share(scenario, Recipient.GP, items_for(Recipient.GP))
        return {key: path for key, path in paths.items() if client.get(path).status_code == 200}


def something_happened(scenario) -> None:
    """Events that send messages: the worker answers the due check-in (a ticked warning sign
    and a comment: the VSW is told), and the fit note is about to run out (the VSW and the
    clinician who asked to reassess are reminded)."""
    note = scenario.case.fit_notes.get(recorded_by=scenario.users["clinician"])
    note.ends_on = timezone.localdate() + timedelta(days=3)
    note.save(update_fields=["ends_on"])
    complete_check_in(
        check_in=scenario.due_check_in,
        answers={
            "hours_worked": 10,
            "days_absent": 1,
            "sleep": 2,
            "mood": 2,
            "energy": 2,
            "symptoms": 8,
            "work_ability": 2,
            "warning_signs_ticked": [SENTINELS["warning_signs"]],
            "comments": f"Hard week. {SENTINELS['check_in_comments']}",
            "wants_contact": True,
            "completed_at": timezone.now(),
        },
        by=None,
    )


@pytest.mark.django_db
def test_every_sentinel_is_in_the_data(scenario):
    """The team's pages (the case's sections among them), the worker's own copy and the
    referrer's view of their referrals hold every sentinel, so the no-leak tests below look for
    text that is really there."""
    vsw = client_for(scenario.users["vsw"])
    worker = client_for(scenario.users["worker"])
    referrer = client_for(scenario.users["clinician"])
    case_pages = [
        f"/cases/{case.code}/{section}"
        for case in (scenario.case, scenario.declined_case)
        for section in ("", "check-ins/", "fit-notes/", "contacts/", "history/")
    ]
    sources = [
        *(vsw.get(path) for path in case_pages),
        vsw.get(f"/plans/{scenario.plan.code}/"),
        vsw.get(f"/supervision/sessions/{scenario.supervision_session.code}/"),
        worker.get(f"/plans/{scenario.plan.code}/copy/worker/"),
        worker.get(f"/plans/{scenario.plan.code}/pdf/worker/"),
        # The referral itself, as its referrer sees it: reason, red flags, the decision.
        referrer.get(f"/cases/my-referrals/{scenario.case.code}/"),
        referrer.get(f"/cases/my-referrals/{scenario.declined_case.code}/"),
    ]
    assert [response.status_code for response in sources] == [200] * len(sources)
    present = set().union(*(found_in(response_text(response)) for response in sources))
    assert present == set(SENTINELS)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", list(PERSONAS))
def test_no_sentinel_reaches_a_persona_beyond_what_the_worker_released(scenario, persona):
    recipient, always, released_apply = PERSONAS[persona]
    other = Recipient.GP if recipient == Recipient.EMPLOYER else Recipient.EMPLOYER
    user = scenario.users[persona]
    client = client_for(user)
    something_happened(scenario)
    paths = reachable_paths(client, scenario)

    # Every combination for the worker's own employer and clinician; for the others, whom no
    # release concerns, the combinations one item at a time. The PDF is rendered from the same
    # document as the copy's page (plans.sharing.build_document), which is read for every
    # combination; the PDF itself for one item at a time (each render costs about a second).
    combinations = combinations_for(recipient, every=released_apply)
    pdf_combinations = set(combinations_for(recipient, every=False))
    leaks = {}
    for shared in combinations:
        allowed = set(always)
        gate_open = INVOLVEMENT not in items_for(recipient) or INVOLVEMENT in shared
        if released_apply and gate_open:
            allowed |= set().union(*(REVEALS[recipient].get(item, set()) for item in shared))
        walk = {k: p for k, p in paths.items() if shared in pdf_combinations or not is_pdf(k)}
        with rolled_back():
            mail.outbox = []
            share(scenario, recipient, shared)
            # Everything shared with the other recipient: sharing with one never reveals to
            # the other.
            share(scenario, other, items_for(other))
            found = what_reaches(client, user, walk)
        leaked = {where: sorted(hits - allowed) for where, hits in found.items() if hits - allowed}
        if leaked:
            leaks[",".join(sorted(shared)) or "nothing"] = leaked
    assert leaks == {}


@pytest.mark.django_db
def test_with_everything_shared_the_employer_sees_exactly_what_the_items_reveal(scenario):
    """The walk reaches the employer's pages and PDF: with every item shared, each sentinel an
    item may reveal is there, and nothing else."""
    user = scenario.users["employer"]
    client = client_for(user)
    paths = reachable_paths(client, scenario)
    with rolled_back():
        share(scenario, Recipient.EMPLOYER, items_for(Recipient.EMPLOYER))
        found = what_reaches(client, user, paths)
    # The employer's copy and page show the current fit note only, not the earlier one.
    shown = set().union(*REVEALS[Recipient.EMPLOYER].values()) - {
        "elsewhere_condition",
        "elsewhere_comments",
    }
    assert set().union(*found.values()) == shown
