"""The story of coming back from a setback, told from what a person wrote: what happened, the days after, what
helped, and the way back; each entry one dated item, its answers apart and cut after whole words."""

from __future__ import annotations

from datetime import date, timedelta

from journal.patterns.signals import Recovery
from journal.reflect import wins
from journal.reflect.entries import Summary

DAY = date(2026, 7, 27)


def item(n: int, days: int, *answers: str, template: str = "checkin", **kw: object) -> Summary:
    fields: dict = {"theme": None, "mood": 3, "energy": 3, "is_win": False, "tags": (), **kw}
    return Summary(
        f"e{n}", DAY + timedelta(days=days), template, fields["theme"], fields["mood"], fields["energy"],
        fields["is_win"], "\n\n".join(answers), tuple(fields["tags"]), None,
    )  # fmt: skip


def story(*written: Summary, recovered: int | None = 21, trigger: str = "setback") -> wins.Comeback:
    back = DAY + timedelta(days=recovered) if recovered is not None else None
    episode = Recovery(DAY, back, recovered, trigger, 1.0, 3.5)  # type: ignore[arg-type]
    newest_first = tuple(sorted(written, key=lambda s: s.entry_date, reverse=True))
    return wins.comeback(episode, wins.CarriedThrough([], [], [], newest_first))


def test_a_setback_reads_as_what_happened_the_days_after_what_helped_and_the_way_back() -> None:
    told = story(
        item(1, 0, "The board said no.", "Really low.", "Priya rang.", template="setback", mood=1),
        item(2, 0, "Couldn't sleep.", mood=2),
        item(3, 1, "Short fuse today.", mood=2),
        item(4, 3, "Coffee with an old colleague; I felt less alone.", template="one_to_one"),
        item(5, 5, "Said no to the extra shift.", tags=("said no",)),
        item(6, 9, "Residents presented their findings.", is_win=True, mood=5),
    )
    assert told.title == "A setback on Mon 27 Jul 2026"
    assert [(m.day, m.answers) for m in told.started] == [(DAY, ("The board said no.", "Really low.", "Priya rang."))]
    assert [m.entry_id for m in told.days_after] == ["e3"]  # the day's other entry is not the setback itself
    assert [(m.entry_id, m.kind) for m in told.helped] == [
        ("e4", "A connection"), ("e5", "Rest, or a boundary kept"), ("e6", "A win"),
    ]  # fmt: skip
    assert told.ending == "You were back to your usual within 21 days, by Mon 17 Aug 2026."


def test_a_boundaries_theme_on_a_hard_day_is_not_called_a_boundary_kept() -> None:
    told = story(item(1, 2, "Everything takes twice as long when I'm this tired.", theme="boundaries", mood=2))
    assert told.helped == () and [m.entry_id for m in told.days_after] == ["e1"]
    kept = story(item(1, 2, "Left on time and walked by the river.", theme="boundaries", mood=4))
    assert [m.kind for m in kept.helped] == ["Rest, or a boundary kept"]


def test_answers_are_cut_after_whole_words_with_an_ellipsis_and_a_cut_short_entry_says_so() -> None:
    long = "Something to look back on next time it feels like nothing moves. " * 4
    (moment,) = story(item(1, 2, long.strip(), "T")).days_after
    first, second = moment.answers
    assert len(first) <= wins.ANSWER_CHARS and first.endswith("…") and long.startswith(first[:-1])
    assert long[len(first) - 1] in " ."  # the cut fell between words
    assert second == "T"  # a one-letter answer is the whole answer, not a cut
    stored = ("word " * 100)[: wins.STORED_CHARS - 6] + "\n\nrelat"  # the store keeps 400 characters: "relat…" went on
    (cut,) = story(item(2, 2, *stored.split("\n\n"))).days_after
    assert cut.answers[-1] == "relat…"


def test_the_days_after_and_what_helped_show_a_few_and_count_the_rest() -> None:
    told = story(
        *[item(n, n, f"day {n}", mood=2) for n in range(1, 8)], *[item(10 + n, n, "win", is_win=True) for n in range(5)]
    )
    assert [m.entry_id for m in told.days_after] == ["e1", "e2", "e3"] and told.more_days == 4
    assert len(told.helped) == wins.SHOWN and told.more_helped == 2


def test_a_dip_not_yet_over_says_so_kindly_and_a_one_day_comeback_says_the_next_day() -> None:
    ongoing = story(item(1, 0, "Woke at 4am."), recovered=None, trigger="dip")
    assert ongoing.title == "A dip in your mood, from Mon 27 Jul 2026"
    assert ongoing.ending.startswith("You're still finding your way back to your usual, and that's okay")
    assert story(recovered=1).ending == "You were back to your usual the next day, Tue 28 Jul 2026."
