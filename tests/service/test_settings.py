"""Personal settings on a real database: defaults, changes, refusals, and each person's own."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pytest

from journal.accounts import User
from journal.reflect import settings
from journal.reflect.settings import Settings, SettingsError
from journal.store import Database


def _rows(db: Database) -> list[tuple]:
    return db.all("SELECT * FROM user_settings ORDER BY user_id, name")


def _store_raw(db: Database, user: User, name: str, value: str) -> None:
    db.execute("INSERT INTO user_settings VALUES (?, ?, ?)", [user.id, name, value])


def test_a_new_person_has_the_defaults_and_nothing_is_stored(db: Database, user: User) -> None:
    assert settings.get(db, user.id) == Settings(
        ask_when_tone_differs=True, cbi_include_client=False, cbi_snoozed_until=None
    )
    assert _rows(db) == []


def test_changes_are_kept_and_read_back(db: Database, user: User) -> None:
    changed = settings.update(db, user.id, cbi_include_client=True, cbi_snoozed_until=date(2025, 4, 7))
    assert changed == Settings(ask_when_tone_differs=True, cbi_include_client=True, cbi_snoozed_until=date(2025, 4, 7))
    assert settings.get(db, user.id) == changed
    settings.update(db, user.id, ask_when_tone_differs=False)
    assert settings.get(db, user.id) == Settings(False, True, date(2025, 4, 7))


def test_a_setting_can_be_changed_back_and_an_optional_one_cleared(db: Database, user: User) -> None:
    settings.update(db, user.id, cbi_include_client=True, cbi_snoozed_until=date(2025, 4, 7))
    after = settings.update(db, user.id, cbi_include_client=False, cbi_snoozed_until=None)
    assert after == Settings()
    assert len(_rows(db)) == 2  # changed in place, never duplicated


def test_an_unknown_setting_is_refused_and_nothing_changes(db: Database, user: User) -> None:
    settings.update(db, user.id, cbi_include_client=True)
    before = _rows(db)
    with pytest.raises(SettingsError, match="no setting called 'dark_mode'"):
        settings.update(db, user.id, cbi_include_client=False, dark_mode=True)
    assert _rows(db) == before


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("cbi_include_client", "yes"),
        ("cbi_include_client", 1),
        ("cbi_include_client", None),
        ("ask_when_tone_differs", "false"),
        ("cbi_snoozed_until", "2025-04-07"),
        ("cbi_snoozed_until", datetime(2025, 4, 7, 9, 0)),
    ],
)
def test_a_value_of_the_wrong_kind_is_refused_and_nothing_changes(
    db: Database, user: User, name: str, value: object
) -> None:
    with pytest.raises(SettingsError, match=name):
        # Alongside a valid change, which must not be written either.
        settings.update(db, user.id, **({"ask_when_tone_differs": False, "cbi_include_client": True} | {name: value}))
    assert _rows(db) == []
    assert settings.get(db, user.id) == Settings()


def test_each_person_has_their_own_settings(db: Database, user: User, make_user: Callable[..., User]) -> None:
    other = make_user("sam")
    settings.update(db, user.id, cbi_include_client=True, cbi_snoozed_until=date(2025, 4, 7))
    assert settings.get(db, other.id) == Settings()
    settings.update(db, other.id, cbi_snoozed_until=date(2026, 1, 1))
    assert settings.get(db, user.id).cbi_snoozed_until == date(2025, 4, 7)
    assert settings.get(db, other.id) == Settings(cbi_snoozed_until=date(2026, 1, 1))


def test_unreadable_or_retired_stored_values_fall_back_to_the_defaults(db: Database, user: User) -> None:
    _store_raw(db, user, "cbi_include_client", "not json")
    _store_raw(db, user, "ask_when_tone_differs", '"false"')  # a string, not a true/false
    _store_raw(db, user, "cbi_snoozed_until", '"someday"')
    _store_raw(db, user, "retired_setting", "true")
    assert settings.get(db, user.id) == Settings()


def test_a_time_zone_is_kept_by_its_name_and_cleared_back_to_the_devices(db: Database, user: User) -> None:
    assert settings.get(db, user.id).time_zone == ""  # the device's own, until the person chooses
    assert settings.update(db, user.id, time_zone="Asia/Kolkata").time_zone == "Asia/Kolkata"
    assert settings.update(db, user.id, time_zone="").time_zone == ""


@pytest.mark.parametrize("name", ["Mars/Olympus", "../../etc/passwd", "localtime", "Factory", "europe/london"])
def test_a_time_zone_harbour_doesnt_know_is_refused_and_nothing_changes(db: Database, user: User, name: str) -> None:
    settings.update(db, user.id, time_zone="Europe/London")
    before = _rows(db)
    with pytest.raises(SettingsError, match="doesn't know a time zone"):
        settings.update(db, user.id, time_zone=name, cbi_include_client=True)
    assert _rows(db) == before


# -- how Harbour looks and celebrates -------------------------------------------------------------------------
def test_appearance_and_celebration_default_to_the_device_and_balloons_and_are_kept(db: Database, user: User) -> None:
    assert (settings.get(db, user.id).appearance, settings.get(db, user.id).celebrate_with) == ("device", "balloons")
    settings.update(db, user.id, appearance="dark", celebrate_with="message")
    assert (settings.get(db, user.id).appearance, settings.get(db, user.id).celebrate_with) == ("dark", "message")


def test_a_setting_of_a_few_choices_refuses_any_other_and_changes_nothing(db: Database, user: User) -> None:
    settings.update(db, user.id, appearance="light")
    with pytest.raises(SettingsError, match="one of device, light, dark"):
        settings.update(db, user.id, appearance="purple", celebrate_with="message")
    assert (settings.get(db, user.id).appearance, settings.get(db, user.id).celebrate_with) == ("light", "balloons")


def test_a_stored_choice_that_is_no_longer_one_of_them_reads_as_the_default(db: Database, user: User) -> None:
    _store_raw(db, user, "appearance", '"sepia"')  # from a newer Harbour, or an import
    _store_raw(db, user, "celebrate_with", '"fireworks"')
    assert settings.get(db, user.id) == Settings()
