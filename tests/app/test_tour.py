"""The newcomer's tour on Write: offered once to someone with no entries, walked step by step, remembered in the
database once taken or turned down, and open again from Settings."""

from __future__ import annotations

from pathlib import Path

from journal.content.tour import STEPS
from journal.reflect import settings
from journal.store.opening import Store
from journal.ui import nav
from tests.app.conftest import sign_in, sign_up

ROOT = Path(__file__).resolve().parents[2]
OFFER = "New to Harbour?"


def _says(at, words: str) -> bool:
    return any(words in m.value for m in at.markdown)


def _step_caption(at) -> str | None:
    return next((c.value for c in at.caption if c.value.startswith("Tour · step")), None)


def _tour_seen(db: Store, name: str) -> bool:
    (user_id,) = db.one("SELECT id FROM users WHERE username_key = ?", [name])
    return settings.get(db, user_id).tour_seen


def test_every_step_points_at_a_page_a_signed_in_person_has() -> None:
    for step in STEPS:
        place = nav.at(step.page)  # in the menu's registry
        assert (ROOT / place.file).is_file(), place.file
        assert nav.SIGNED_IN <= place.shown_to, f"{place.title} is hidden for some people"


def test_a_newcomer_can_walk_the_whole_tour_and_it_is_remembered(app, db: Store) -> None:
    at = sign_up(app(), "Newcomer")
    assert _says(at, OFFER)
    at.button(key="tour.start").click().run()
    seen = []
    for n, step in enumerate(STEPS, start=1):
        assert not at.exception, at.exception
        assert _step_caption(at) == f"Tour · step {n} of {len(STEPS)}"
        assert _says(at, step.title) and _says(at, step.text)
        seen.append(step.title)
        if n == 2:  # Back returns a step, Next comes forward again
            at.button(key="tour.back").click().run()
            assert _step_caption(at) == f"Tour · step 1 of {len(STEPS)}"
            at.button(key="tour.next").click().run()
        at.button(key="tour.next").click().run()
    assert len(seen) == len(STEPS) and _step_caption(at) is None and not _says(at, OFFER)
    assert _tour_seen(db, "newcomer")

    again = sign_in(app(), "Newcomer")  # a new session: the offer isn't made twice
    assert not again.exception and not _says(again, OFFER) and _step_caption(again) is None


def test_start_writing_turns_the_offer_down_for_good(app, db: Store) -> None:
    at = sign_up(app(), "Kit")
    at.button(key="tour.skip").click().run()
    assert not _says(at, OFFER)
    assert _tour_seen(db, "kit")
    assert at.button(key="pick.checkin").value is False  # the choices to write are there as before


def test_ending_part_way_also_stops_the_offer(app, db: Store) -> None:
    at = sign_up(app(), "Sam")
    at.button(key="tour.start").click().run()
    at.button(key="tour.next").click().run()
    at.button(key="tour.end").click().run()
    assert _step_caption(at) is None and not _says(at, OFFER)
    assert _tour_seen(db, "sam")


def test_settings_opens_the_tour_again_on_write(app) -> None:
    at = sign_up(app(), "Alex")
    at.button(key="tour.skip").click().run()
    at.switch_page(nav.SETTINGS.file).run()
    at.button(key="settings.tour").click().run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Write"
    assert _step_caption(at) == f"Tour · step 1 of {len(STEPS)}"
