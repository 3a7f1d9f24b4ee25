"""Readers for Daylio, Day One and jrnl export files (portability.readers): pure, defensive, kind when refusing."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal.portability import formats
from journal.portability.readers import daylio, dayone, jrnl, safe
from journal.portability.readers.base import MAX_ENTRIES, Imported, ImportError_, Parsed
from journal.text import zones
from journal.text.cleaning import MAX_ENTRY_CHARS, MAX_TAGS, clean
from tests.factories import TODAY

pytestmark = pytest.mark.usefixtures("fixed_clock")  # readers skip dates after tomorrow: TODAY's tomorrow

FIXTURES = Path(__file__).parent.parent / "fixtures" / "imports"
OTHER_APPS = {f.name: f for f in formats.FORMATS if f.reader is not None and f.name != formats.HARBOUR}
NOTHING = "Nothing was imported."
CURRENT = "full_date,date,weekday,time,mood,activities,note_title,note"
OLDER = "year,date,weekday,time,mood,activities,note"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def refusal(format_name: str, data: bytes, filename: str = "") -> str:
    """The message for a file that can't be imported at all; fails the test if the file was read."""
    with pytest.raises(ImportError_) as caught:
        formats.read(format_name, data, filename)
    message = str(caught.value)
    assert message.endswith(NOTHING), message
    return message


def daylio_csv(*rows: str, header: str = CURRENT) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def one(parsed: Parsed) -> Imported:
    assert len(parsed.entries) == 1, (parsed.entries, parsed.skipped)
    return parsed.entries[0]


def zip_of(path: Path, members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(zipfile.ZipInfo(name, (2024, 3, 1, 12, 0, 0)), content, compress_type=compression)
    return path.read_bytes()


# -- the registry -------------------------------------------------------------------------------------------
def test_the_registry_names_each_format_once_with_a_hint_and_a_parser() -> None:
    assert set(OTHER_APPS) == {"daylio", "dayone", "jrnl"}
    for name, found in OTHER_APPS.items():
        assert found.name == name
        assert found.label and found.how_to_export and "\n" not in found.how_to_export
        assert all(ext.startswith(".") and ext == ext.lower() for ext in found.extensions)
        assert found.reader(fixture(_SAMPLES[name]), _SAMPLES[name]).source == name


_SAMPLES = {"daylio": "daylio_current.csv", "dayone": "dayone_journal.json", "jrnl": "jrnl_export.json"}


def test_an_unknown_format_is_refused_by_name() -> None:
    assert "“markdown”" in refusal("markdown", b"# hello")


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safe, "MAX_FILE_BYTES", 1024 * 1024)
    for name in OTHER_APPS:
        message = refusal(name, b"{" * (1024 * 1024 + 1))  # would be "too deep" if anything looked inside
        assert "up to 1 MB" in message


def test_the_real_size_limit_is_fifty_megabytes() -> None:
    assert "up to 50 MB" in refusal("daylio", bytes(50 * 1024 * 1024 + 1))


@pytest.mark.parametrize("name", OTHER_APPS)
def test_an_empty_file_is_refused(name: str) -> None:
    assert "empty" in refusal(name, b"")


# -- Daylio -------------------------------------------------------------------------------------------------
def test_daylio_current_export_reads_every_good_row_and_says_why_the_others_were_skipped() -> None:
    parsed = formats.read("daylio", fixture("daylio_current.csv"), "daylio_export.csv")
    assert parsed.source == "daylio"
    assert len(parsed.entries) == 6
    assert parsed.skipped == [
        ("row 7", "its date, 2024-13-01, isn't a real date"),
        ("row 8", "it has no words and no mood"),
    ]


def test_daylio_mood_labels_are_the_persons_own_counted_and_kept_raw() -> None:
    parsed = daylio.parse(fixture("daylio_current.csv"), "")
    assert parsed.mood_labels == {"super": 1, "Good": 1, "sad": 1, "meh": 2, "rad": 1}
    assert [e.mood_label for e in parsed.entries] == ["super", "Good", "sad", "meh", "meh", "rad"]
    assert all(e.mood is None for e in parsed.entries)  # mapping to 1–5 is planned later, with the person


@pytest.mark.parametrize(
    ("label", "level"),
    [("rad", 5), ("Good", 4), (" meh ", 3), ("BAD", 2), ("awful\n", 1), ("super", None), ("sad", None), ("", None)],
)
def test_daylio_default_levels_match_case_insensitively_after_stripping(label: str, level: int | None) -> None:
    assert daylio.default_level(label) == level


def test_daylio_notes_keep_commas_and_newlines_and_titles_come_from_note_title() -> None:
    first = daylio.parse(fixture("daylio_current.csv"), "").entries[0]
    assert first.title == "Sunday"
    assert first.text == "A long walk by the river, then tea.\nFelt properly rested for the first time in weeks."
    assert first.tags == ("family", "walk", "reading")


def test_daylio_html_notes_become_plain_text_with_entities_unescaped() -> None:
    entries = daylio.parse(fixture("daylio_current.csv"), "").entries
    assert entries[1].text == "Ward round ran over & I missed lunch.\n\nStill, the new rota worked."
    assert entries[2].text == "Night shift handover, 3 patients\nDidn't get to say what I'd planned."
    assert not any("<" in e.text or "&amp;" in e.text or "&#39;" in e.text for e in entries)


def test_daylio_empty_activities_give_no_tags_and_spaced_ones_are_tidied() -> None:
    entries = daylio.parse(fixture("daylio_current.csv"), "").entries
    assert entries[1].tags == ()
    assert entries[2].tags == ("work", "bad sleep")


def test_daylio_times_in_12_and_24_hour_form_become_local_naive_datetimes_with_no_zone() -> None:
    entries = daylio.parse(fixture("daylio_current.csv"), "").entries
    assert [e.created_at for e in entries[:4]] == [
        datetime(2024, 3, 3, 21, 5),
        datetime(2024, 3, 2, 21, 5),
        datetime(2024, 3, 2, 8, 15),
        datetime(2024, 3, 1, 0, 30),
    ]
    assert [e.entry_date for e in entries[:4]] == [
        date(2024, 3, 3),
        date(2024, 3, 2),
        date(2024, 3, 2),
        date(2024, 3, 1),
    ]
    assert all(e.time_zone is None for e in entries)


def test_daylio_identical_rows_get_distinct_keys_and_the_same_file_gives_the_same_keys_again() -> None:
    data = fixture("daylio_current.csv")
    first, second = daylio.parse(data, ""), daylio.parse(data, "")
    keys = [e.key for e in first.entries]
    assert keys == [e.key for e in second.entries]
    assert len(set(keys)) == len(keys)
    assert first.entries[3].text == first.entries[4].text == ""  # the two identical "meh" rows


def test_daylio_older_export_reads_day_month_and_month_day_dates_with_the_year_column() -> None:
    parsed = daylio.parse(fixture("daylio_older.csv"), "daylio_export.csv")
    assert [(e.entry_date, e.created_at.time()) for e in parsed.entries] == [
        (date(2018, 5, 18), time(23, 54)),
        (date(2018, 5, 17), time(21, 5)),
        (date(2018, 3, 1), time(7, 2)),
        (date(2018, 3, 1), time(18, 30)),
    ]
    assert parsed.entries[0].text == "Went to a party, stayed late"
    assert parsed.entries[0].title is None
    assert parsed.entries[1].tags == ("cook", "stressed")
    assert parsed.mood_labels == {"happy": 1, "average": 2, "horrible": 1}
    assert parsed.skipped == [("row 6", "its date, 31 June 2018, isn't a real date")]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("18 May", date(2018, 5, 18)),
        ("May 18", date(2018, 5, 18)),
        ("Mar 1", date(2018, 3, 1)),
        ("1 March", date(2018, 3, 1)),
        ("March 1", date(2018, 3, 1)),
        ("Sept 9", date(2018, 9, 9)),
        ("9. Sep.", date(2018, 9, 9)),
        ("December 31,", date(2018, 12, 31)),
    ],
)
def test_daylio_older_date_forms(written: str, expected: date) -> None:
    assert one(daylio.parse(daylio_csv(f'2018,"{written}",Monday,9:00 am,rad,"",""', header=OLDER), "")).entry_date == (
        expected
    )


@pytest.mark.parametrize("written", ["Smarch 3", "18", "May", "3 May 2018", "2018-05-03"])
def test_daylio_older_dates_it_cannot_read_skip_the_row_and_say_so(written: str) -> None:
    parsed = daylio.parse(daylio_csv(f'2018,"{written}",Monday,9:00 am,rad,"",""', header=OLDER), "")
    assert parsed.entries == []
    assert parsed.skipped == [("row 2", f"its date, {written} 2018, isn't a date Harbour can read")]


def test_daylio_export_without_note_titles_is_read_too() -> None:
    header = "full_date,date,weekday,time,mood,activities,note"
    entry = one(
        daylio.parse(daylio_csv('2020-05-30,30 May,Saturday,6:50 pm,rad,friends | gaming,"Awesome"', header=header), "")
    )
    assert (entry.entry_date, entry.title, entry.text, entry.tags) == (
        date(2020, 5, 30),
        None,
        "Awesome",
        ("friends", "gaming"),
    )


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("9:05 pm", time(21, 5)),
        ("9:05 PM", time(21, 5)),
        ("9:05PM", time(21, 5)),
        ("9:05 p.m.", time(21, 5)),
        ("21:05", time(21, 5)),
        ("09:05", time(9, 5)),
        ("12:00 am", time(0, 0)),
        ("12:30 pm", time(12, 30)),
        ("00:15", time(0, 15)),
        ("23:59:30", time(23, 59, 30)),
    ],
)
def test_daylio_time_forms(written: str, expected: time) -> None:
    entry = one(daylio.parse(daylio_csv(f'2024-03-01,March 1,Friday,{written},rad,"","",""'), ""))
    assert entry.created_at == datetime.combine(date(2024, 3, 1), expected)


@pytest.mark.parametrize("written", ["25:00", "13:00 pm", "0:30 am", "9.05", "", "noon"])
def test_daylio_unreadable_times_skip_the_row(written: str) -> None:
    parsed = daylio.parse(daylio_csv(f'2024-03-01,March 1,Friday,"{written}",rad,"","",""'), "")
    assert parsed.entries == []
    [(where, why)] = parsed.skipped
    assert where == "row 2" and why.startswith("its time, ") and "isn't a time like 21:05" in why


def test_daylio_bom_and_crlf_and_a_header_in_capitals_are_fine() -> None:
    data = b"\xef\xbb\xbf" + CURRENT.upper().encode() + b'\r\n2024-03-01,March 1,Friday,9:05 pm,rad,"","","Hi"\r\n'
    assert one(daylio.parse(data, "")).text == "Hi"


def test_daylio_rows_with_the_wrong_number_of_columns_are_skipped_and_the_rest_read() -> None:
    parsed = daylio.parse(
        daylio_csv("2024-03-01,March 1,Friday,9:05 pm,rad", '2024-03-02,March 2,Saturday,9:05 pm,rad,"","",""'), ""
    )
    assert len(parsed.entries) == 1
    assert parsed.skipped == [("row 2", "it has 5 columns, not the 8 its first line names")]


def test_daylio_dates_beyond_tomorrow_are_skipped_but_tomorrow_is_kept() -> None:
    tomorrow, later = TODAY + timedelta(days=1), TODAY + timedelta(days=2)
    parsed = daylio.parse(daylio_csv(f'{tomorrow},x,x,9:05 pm,rad,"","",""', f'{later},x,x,9:05 pm,rad,"","",""'), "")
    assert [e.entry_date for e in parsed.entries] == [tomorrow]
    assert parsed.skipped == [("row 3", f"its date, {later.isoformat()}, is in the future")]


def test_daylio_unreal_and_malformed_full_dates_are_skipped_with_the_date_named() -> None:
    parsed = daylio.parse(daylio_csv('2023-02-29,x,x,9:05 pm,rad,"","",""', '01/03/2024,x,x,9:05 pm,rad,"","",""'), "")
    assert parsed.skipped == [
        ("row 2", "its date, 2023-02-29, isn't a real date"),
        ("row 3", "its date, 01/03/2024, isn't a date like 2024-03-01"),
    ]


def test_daylio_a_note_too_long_for_one_entry_is_skipped_but_a_long_one_within_the_limit_is_read() -> None:
    long_note, too_long = "a" * (MAX_ENTRY_CHARS - 10), "b" * (MAX_ENTRY_CHARS + 1)
    parsed = daylio.parse(
        daylio_csv(f'2024-03-01,x,x,9:05 pm,rad,"","","{long_note}"', f'2024-03-02,x,x,9:05 pm,rad,"","","{too_long}"'),
        "",
    )
    assert [len(e.text) for e in parsed.entries] == [len(long_note)]  # longer than csv's default 128 KiB field cap
    assert parsed.skipped == [
        ("row 3", f"it is longer than the {MAX_ENTRY_CHARS:,} characters Harbour keeps in one entry")
    ]


def test_daylio_more_activities_than_tags_allowed_keeps_the_first_and_notes_the_rest() -> None:
    activities = " | ".join(f"act{i}" for i in range(MAX_TAGS + 3))
    entry = one(daylio.parse(daylio_csv(f'2024-03-01,x,x,9:05 pm,rad,"{activities}","",""'), ""))
    assert entry.tags == tuple(f"act{i}" for i in range(MAX_TAGS))
    assert entry.notes == (f"3 more tags not brought in: act{MAX_TAGS}, act{MAX_TAGS + 1}, act{MAX_TAGS + 2}",)


def test_daylio_control_characters_are_removed_and_noted() -> None:
    entry = one(daylio.parse(daylio_csv('2024-03-01,x,x,9:05 pm,rad,"","Ti\x07tle","a\x00b\x1bc"'), ""))
    assert (entry.title, entry.text) == ("Title", "abc")
    assert entry.notes == ("3 characters that can't be stored removed",)


def test_daylio_blank_lines_are_ignored_not_skipped() -> None:
    parsed = daylio.parse(daylio_csv("", '2024-03-01,x,x,9:05 pm,rad,"","",""', "", ""), "")
    assert len(parsed.entries) == 1 and parsed.skipped == []


def test_only_max_entries_are_brought_in_and_the_rest_are_skipped_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safe, "MAX_ENTRIES", 3)
    rows = [f'2024-03-0{d},x,x,9:05 pm,rad,"","",""' for d in range(1, 7)]
    parsed = daylio.parse(daylio_csv(*rows), "")
    assert [e.entry_date.day for e in parsed.entries] == [1, 2, 3]
    assert parsed.skipped == [
        ("row 5 onwards", "Harbour brings in up to 3 entries from one file, so the 3 entries after that were left out")
    ]
    assert parsed.mood_labels == {"rad": 3}  # only what came in


def test_a_file_full_of_bad_rows_lists_a_bounded_number_of_reasons(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safe, "MAX_SKIPS_LISTED", 2)
    parsed = daylio.parse(daylio_csv(*['2024-13-01,x,x,9:05 pm,rad,"","",""'] * 5), "")
    assert [where for where, _ in parsed.skipped] == ["row 2", "row 3", "elsewhere"]
    assert parsed.skipped[-1][1] == "3 more entries were skipped as well"


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Line one<br>Line two<br/>Line three", "Line one\nLine two\nLine three"),
        ("<p>One</p><p>Two &amp; three</p>", "One\n\nTwo & three"),
        ("<ul><li>eggs</li><li>milk</li></ul>", "• eggs\n• milk"),
        ("<b>bold</b> <i>and</i> <span style='x'>plain</span>", "bold and plain"),
        ("I &lt;3 this &#8212; and &#x27;that&#x27;", "I <3 this — and 'that'"),
        ("I <3 this", "I <3 this"),
        ("<script>alert(1)</script>kept<style>p{}</style>", "kept"),
        ("Fish & chips", "Fish & chips"),
        ("plain\n\n\n\n\nspaced", "plain\n\nspaced"),
        ("<p></p><p></p>", ""),
    ],
)
def test_daylio_note_html_becomes_plain_text(note: str, expected: str) -> None:
    assert daylio.plain_text(note) == expected


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            b'{"entries": []}',
            "This doesn't look like a Daylio CSV export: its first line should name the columns full_date",
        ),
        (b"date,mood,note\n2024-03-01,rad,hi\n", "This doesn't look like a Daylio CSV export"),
        (b"\xff\xfef\x00u\x00", "UTF-16"),
        (b"full_date,\xe9t\xe9\n", "isn't UTF-8 text (the first unreadable byte is at position 10)"),
        (b"PK\x03\x04rest of a zip", "This file is a zip file, not a Daylio CSV export."),
        (b"\n\n", "This doesn't look like a Daylio CSV export"),
    ],
)
def test_daylio_refuses_files_that_are_not_daylio_exports_kindly(data: bytes, expected: str) -> None:
    assert expected in refusal("daylio", data)


def test_daylio_header_message_names_both_header_forms() -> None:
    message = refusal("daylio", b"a,b,c\n")
    assert CURRENT.replace(",", ", ") in message and OLDER.replace(",", ", ") in message


def test_daylio_parses_ten_years_of_daily_rows() -> None:
    start = date(2015, 1, 1)
    rows = [
        f"{start + timedelta(days=i)},x,x,{i % 12 + 1}:{i % 60:02d} pm,{['rad', 'good', 'meh', 'super'][i % 4]},"
        f'"work | walk","Day {i}","<p>Note {i}, with a comma &amp; a <b>bold</b> word.</p>"'
        for i in range(3650)
    ]
    parsed = daylio.parse(daylio_csv(*rows), "")
    assert len(parsed.entries) == 3650 and parsed.skipped == []
    assert len({e.key for e in parsed.entries}) == 3650
    assert parsed.entries[7].text == "Note 7, with a comma & a bold word."


# -- Day One ------------------------------------------------------------------------------------------------
def test_dayone_entry_with_heading_escapes_photo_zone_star_and_tags() -> None:
    parsed = formats.read("dayone", fixture("dayone_journal.json"), "Journal.json")
    first = parsed.entries[0]
    assert first.key == "8F3A2C1D9B7E4F6A8C2D1E3F5A7B9C0D"
    assert first.title == "A better handover."
    assert first.text == "We tried the new checklist - it worked! (Mostly.)\n\nNext: share it at the #team meeting."
    assert "dayone-moment" not in first.text and "\\" not in first.text
    assert first.notes == ("1 photo (not imported)",)
    assert (first.entry_date, first.created_at, first.time_zone) == (
        date(2024, 3, 1),
        datetime(2024, 3, 1, 21, 14),
        "Europe/London",
    )
    assert first.is_win is True
    assert first.tags == ("work", "handover")  # "Work" is the same tag


def test_dayone_entry_date_is_the_day_in_the_entrys_own_time_zone() -> None:
    second = dayone.parse(fixture("dayone_journal.json"), "").entries[1]
    assert second.created_at == datetime(2024, 3, 2, 1, 30)  # UTC
    assert second.entry_date == date(2024, 3, 1)  # 17:30 the evening before, in Los Angeles
    assert (second.title, second.text, second.is_win) == ("Quiet evening", "Just reading, and a call home.", False)


def test_dayone_unknown_time_zone_falls_back_to_utc_and_says_so() -> None:
    third = dayone.parse(fixture("dayone_journal.json"), "").entries[2]
    assert (third.entry_date, third.time_zone) == (date(2024, 3, 3), "UTC")
    assert third.notes == ("Time zone “Mars/Olympus_Mons” not recognised, so its day is taken in UTC",)
    assert (third.title, third.text) == (None, "Written somewhere odd.")  # one line: words, not a title


def test_dayone_skips_photo_only_entries_and_unreadable_dates_and_reads_the_rest() -> None:
    parsed = dayone.parse(fixture("dayone_journal.json"), "")
    assert len(parsed.entries) == 3
    assert parsed.skipped == [
        ("entry 4", "it has no words, only 1 photo, which Harbour doesn't import"),
        ("entry 5", "its date, yesterday, isn't a real date and time"),
    ]
    assert parsed.mood_labels == {}


def test_dayone_keys_are_the_uuids_and_a_repeated_uuid_is_skipped() -> None:
    entry = {"uuid": "ABC", "creationDate": "2024-03-01T10:00:00Z", "timeZone": "UTC", "text": "Hello"}
    parsed = dayone.parse(json.dumps({"entries": [entry, entry]}).encode(), "")
    assert [e.key for e in parsed.entries] == ["ABC"]
    assert parsed.skipped == [("entry 2", "it has the same uuid (ABC) as an earlier entry in this file")]


def test_dayone_entries_without_a_usable_uuid_still_get_stable_distinct_keys() -> None:
    entry = {"creationDate": "2024-03-01T10:00:00Z", "timeZone": "UTC", "text": "Hello", "uuid": "../../etc"}
    data = json.dumps({"entries": [entry, entry]}).encode()
    keys = [e.key for e in dayone.parse(data, "").entries]
    assert keys == [e.key for e in dayone.parse(data, "").entries]
    assert len(set(keys)) == 2


@pytest.mark.parametrize(
    ("markdown", "title", "text"),
    [
        ("# Title\n\nBody", "Title", "Body"),
        ("## Smaller heading ##\nBody", "Smaller heading", "Body"),
        ("First line\nSecond line", "First line", "Second line"),
        ("Only one line\\.", None, "Only one line."),
        ("\\# not a heading\nbody", "# not a heading", "body"),
        ("# Heading only", "Heading only", ""),
        ("x" * 201 + "\nmore", None, "x" * 201 + "\nmore"),
        ("\\\\ a backslash \\* star \\_ under \\[b\\] \\> quote", None, "\\ a backslash * star _ under [b] > quote"),
        ("Text\n\n![](dayone-moment://AAA)\n\n![](dayone-moment:/video/BBB)\n\nMore", "Text", "More"),
    ],
)
def test_dayone_text_splitting(markdown: str, title: str | None, text: str) -> None:
    assert dayone.split_text(markdown)[:2] == (title, text)


def test_dayone_media_are_counted_from_links_and_arrays_and_never_fetched() -> None:
    entry = {
        "creationDate": "2024-03-01T10:00:00Z",
        "timeZone": "Europe/London",
        "text": "Day\n![](dayone-moment://P1)\n![](dayone-moment://P2)\n![](dayone-moment:/audio/A1)\n"
        "![](dayone-moment:/pdfAttachment/D1)",
        "photos": [{"identifier": "P1"}],
        "videos": [{}, {}],
    }
    entry_in = one(dayone.parse(json.dumps({"entries": [entry]}).encode(), ""))
    assert entry_in.notes == (
        "2 photos (not imported)",
        "2 videos (not imported)",
        "1 audio recording (not imported)",
        "1 PDF (not imported)",
    )
    assert entry_in.text == "Day"


def test_dayone_ignores_owner_and_sharing_fields() -> None:
    entry = {"creationDate": "2024-03-01T10:00:00Z", "timeZone": "UTC", "text": "Mine", "uuid": "AA"}
    shared = dict(entry, owner="someone-else", userId="42", sharing={"with": ["everyone"]}, id="admin")
    assert dayone.parse(json.dumps({"entries": [shared]}).encode(), "") == dayone.parse(
        json.dumps({"entries": [entry]}).encode(), ""
    )


def test_dayone_creation_dates_with_offsets_or_fractions_are_converted_to_utc() -> None:
    entry = {"creationDate": "2024-03-01T23:30:00.250+01:00", "timeZone": "Europe/Paris", "text": "Late"}
    got = one(dayone.parse(json.dumps({"entries": [entry]}).encode(), ""))
    assert (got.created_at, got.entry_date) == (datetime(2024, 3, 1, 22, 30, 0, 250000), date(2024, 3, 1))


def test_dayone_fixed_offset_time_zones_are_understood() -> None:
    entry = {"creationDate": "2024-03-01T23:30:00Z", "timeZone": "+05:30", "text": "x"}
    got = one(dayone.parse(json.dumps({"entries": [entry]}).encode(), ""))
    assert (got.entry_date, got.time_zone, got.notes) == (date(2024, 3, 2), "+05:30", ())


@pytest.mark.parametrize(
    ("zone", "day", "kept"),
    [("UTC+05:30", date(2024, 3, 2), "UTC+05:30"), ("America", date(2024, 3, 1), "UTC")],
)
def test_dayone_keeps_a_zone_exactly_when_harbour_can_read_it_back(zone: str, day: date, kept: str) -> None:
    entry = {"creationDate": "2024-03-01T23:30:00Z", "timeZone": zone, "text": "x"}
    got = one(dayone.parse(json.dumps({"entries": [entry]}).encode(), ""))
    assert (got.entry_date, got.time_zone) == (day, kept)
    assert zones.parse(got.time_zone) is not None  # what is stored, the exports can show on its own clock


def test_dayone_missing_time_zone_is_taken_as_utc_and_noted() -> None:
    got = one(
        dayone.parse(json.dumps({"entries": [{"creationDate": "2024-03-01T23:30:00Z", "text": "x"}]}).encode(), "")
    )
    assert (got.time_zone, got.notes) == ("UTC", ("No time zone given, so its day is taken in UTC",))


def test_dayone_reads_the_zip_day_one_makes_and_ignores_photos(tmp_path: Path) -> None:
    data = zip_of(
        tmp_path / "export.zip",
        {"Journal.json": fixture("dayone_journal.json"), "photos/4B6E1A9F.jpeg": b"\xff\xd8\xff" + bytes(2000)},
    )
    parsed = formats.read("dayone", data, "export.zip")
    assert parsed == dayone.parse(fixture("dayone_journal.json"), "Journal.json")


def test_dayone_zip_with_several_journals_at_any_depth_names_each_in_skips(tmp_path: Path) -> None:
    work = {"entries": [{"uuid": "W1", "creationDate": "2024-03-05T09:00:00Z", "timeZone": "UTC", "text": "Work"}]}
    data = zip_of(
        tmp_path / "export.zip",
        {
            "Journal.json": fixture("dayone_journal.json"),
            "export/Work Journal.json": json.dumps(work).encode(),
            "__MACOSX/._Journal.json": b"\x00\x05\x16\x07",
            "export/readme.json": b'{"note": "not a journal"}',
        },
    )
    parsed = dayone.parse(data, "export.zip")
    assert [e.key for e in parsed.entries][-1] == "W1"
    assert ("Journal.json, entry 4", "it has no words, only 1 photo, which Harbour doesn't import") in parsed.skipped


def test_dayone_zip_without_a_journal_is_refused(tmp_path: Path) -> None:
    data = zip_of(tmp_path / "photos.zip", {"photos/a.jpeg": b"\xff\xd8"})
    assert "This zip file doesn't hold a Day One JSON export" in refusal("dayone", data, "photos.zip")


def test_dayone_zip_with_broken_json_names_the_file_inside(tmp_path: Path) -> None:
    data = zip_of(tmp_path / "export.zip", {"Journal.json": b'{"entries": [{"text": "cut sho'})
    assert refusal("dayone", data, "export.zip").startswith(
        "The file Journal.json inside this zip stops part-way through"
    )


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            fixture("daylio_current.csv"),
            "This file isn't valid JSON (line 1, column 1: Expecting value), so it isn't a Day One",
        ),
        (fixture("jrnl_export.json"), "It looks like a jrnl export: choose jrnl as the kind of file instead."),
        (b"[1, 2, 3]", "This file doesn't look like a Day One JSON export: it should hold a list called “entries”"),
        (b'{"metadata": {}, "entries": {"a": 1}}', "doesn't look like a Day One JSON export"),
        (
            b'{"entries": [{"uuid": "A", "creationDate": "2024-03-01T10:00:00Z", "text": "cut',
            "This file stops part-way through",
        ),
        (b"[" * 40 + b"]" * 40, "nested more than 32 levels deep"),
        (b"[" * 100_000 + b"]" * 100_000, "nested more than 32 levels deep"),
        (b'{"entries": [' + b"1" * 5000 + b"]}", "holds a value that can't be read"),
    ],
)
def test_dayone_refuses_files_that_are_not_day_one_exports_kindly(data: bytes, expected: str) -> None:
    assert expected in refusal("dayone", data, "Journal.json")


def test_json_nested_to_the_limit_is_read_but_one_level_more_is_refused() -> None:
    assert safe.load_json("[" * 32 + "]" * 32, "x") is not None
    with pytest.raises(ImportError_, match="nested more than 32 levels deep"):
        safe.load_json("[" * 33 + "]" * 33, "x")
    assert safe.load_json(json.dumps(["[{" * 100, "\\", '"[']), "x") == ["[{" * 100, "\\", '"[']


def _reference_depth(value: object) -> int:
    if isinstance(value, dict):
        return 1 + max(map(_reference_depth, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(_reference_depth, value), default=0)
    return 0


@given(st.recursive(st.none() | st.integers() | st.text(), lambda c: st.lists(c) | st.dictionaries(st.text(), c)))
def test_json_depth_is_measured_exactly_whatever_the_strings_hold(value: object) -> None:
    for text in (json.dumps(value), json.dumps(value, ensure_ascii=False, indent=1)):
        assert safe._depth(text) == _reference_depth(value)


# -- jrnl ---------------------------------------------------------------------------------------------------
def test_jrnl_export_reads_titles_bodies_tags_and_stars() -> None:
    parsed = formats.read("jrnl", fixture("jrnl_export.json"), "journal.json")
    first, second = parsed.entries
    assert (first.title, first.text) == (
        "Long day on the ward.",
        "Handover went well; @work felt lighter.\n\nMust remember to thank Priya.",
    )
    assert (first.entry_date, first.created_at, first.time_zone) == (
        date(2024, 3, 1),
        datetime(2024, 3, 1, 21, 14),
        None,
    )
    assert first.tags == ("work",) and first.is_win is True
    assert (second.title, second.text, second.tags, second.is_win) == (
        "Sunday lunch with @family.",
        "",
        ("family",),
        False,
    )
    assert parsed.skipped == [("entry 3", "its date, 2024-02-30, isn't a real date")]


def test_jrnl_keys_are_stable_and_identical_entries_get_distinct_keys() -> None:
    entry = {"title": "Same", "body": "", "date": "2024-03-01", "time": "09:00", "tags": [], "starred": False}
    data = json.dumps({"tags": {}, "entries": [entry, entry]}).encode()
    keys = [e.key for e in jrnl.parse(data, "").entries]
    assert keys == [e.key for e in jrnl.parse(data, "").entries] and len(set(keys)) == 2


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"time": "25:00"}, "its time, 25:00, isn't a time like 21:14"),
        ({"time": None}, "its time, (none), isn't a time like 21:14"),
        ({"date": "1 March 2024"}, "its date, 1 March 2024, isn't a date like 2024-03-01"),
        ({"date": None}, "it has no date"),
        ({"body": 42}, "its body isn't text"),
        ({"title": "", "body": "  "}, "it has no words"),
        (
            {"date": (TODAY + timedelta(days=3)).isoformat()},
            f"its date, {TODAY + timedelta(days=3)}, is in the future",
        ),
    ],
)
def test_jrnl_entries_it_cannot_read_are_skipped_with_a_reason(change: dict, why: str) -> None:
    entry = {"title": "T", "body": "B", "date": "2024-03-01", "time": "09:00", "tags": [], "starred": False}
    data = json.dumps({"entries": [entry, dict(entry, **change)]}).encode()
    parsed = jrnl.parse(data, "")
    assert len(parsed.entries) == 1
    assert parsed.skipped == [("entry 2", why)]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (fixture("dayone_journal.json"), "It looks like a Day One export: choose Day One as the kind of file instead."),
        (b'{"tags": {}}', "This file doesn't look like a jrnl JSON export: it should hold a list called “entries”"),
        (b"title,body\n", "This file isn't valid JSON"),
        (b"\x89PNG\r\n\x1a\n", "isn't UTF-8 text"),
    ],
)
def test_jrnl_refuses_files_that_are_not_jrnl_exports_kindly(data: bytes, expected: str) -> None:
    assert expected in refusal("jrnl", data, "journal.json")


# -- malicious and broken zip files -------------------------------------------------------------------------
def test_a_zip_bomb_is_refused(tmp_path: Path) -> None:
    data = zip_of(tmp_path / "bomb.zip", {"Journal.json": b"[" + b" " * (20 * 1024 * 1024) + b"]"})
    assert len(data) < 100_000
    message = refusal("dayone", data, "bomb.zip")
    assert "A file inside this zip (Journal.json) unpacks to more than 100 times its packed size" in message
    assert "zip bomb" in message


def test_a_zip_that_lies_about_its_sizes_is_refused_as_damaged(tmp_path: Path) -> None:
    honest = bytearray(zip_of(tmp_path / "honest.zip", {"Journal.json": b" " * (4 * 1024 * 1024)}))
    start_dir = zipfile.ZipFile(io.BytesIO(honest)).start_dir
    for size_field in (22, start_dir + 24):  # uncompressed size, in the local header and the central directory
        honest[size_field : size_field + 4] = (1024).to_bytes(4, "little")
    lying = bytes(honest)
    assert zipfile.ZipFile(io.BytesIO(lying)).getinfo("Journal.json").file_size == 1024
    assert "A file inside this zip (Journal.json) is damaged and can't be read." in refusal("dayone", lying, "x.zip")


def test_sizes_are_counted_while_unpacking_not_taken_from_the_zip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bomb = zip_of(tmp_path / "bomb.zip", {"Journal.json": b" " * (4 * 1024 * 1024)})
    stored = zip_of(
        tmp_path / "big.zip", {"a.json": b" " * 3000, "b.json": b" " * 3000}, compression=zipfile.ZIP_STORED
    )
    monkeypatch.setattr(safe, "_check_declared", lambda members: None)  # as if the zip's own figures were believed
    assert "unpacks to more than 100 times its packed size" in refusal("dayone", bomb, "bomb.zip")
    monkeypatch.setattr(safe, "MAX_UNZIPPED_BYTES", 5000)
    assert "This zip file unpacks to more than" in refusal("dayone", stored, "big.zip")


@pytest.mark.parametrize(
    "name", ["../evil.json", "/etc/passwd", "notes/../../evil.json", "a\\..\\evil.json", "C:/evil.json", "c:evil.json"]
)
def test_zip_slip_names_are_refused_as_malicious(tmp_path: Path, name: str) -> None:
    data = zip_of(tmp_path / "slip.zip", {"Journal.json": b'{"entries": []}', name: b"{}"})
    message = refusal("dayone", data, "slip.zip")
    assert f"a file named “{name}”, which points outside the folder it would unpack into" in message
    assert "won't open it" in message


def test_a_zip_with_too_many_members_is_refused(tmp_path: Path) -> None:
    members = {f"photos/{i}.jpeg": b"" for i in range(20_001)}
    message = refusal("dayone", zip_of(tmp_path / "many.zip", members, compression=zipfile.ZIP_STORED), "many.zip")
    assert "This zip file holds 20,001 files; Harbour opens zip files of up to 20,000." in message


def test_an_encrypted_zip_member_is_refused(tmp_path: Path) -> None:
    data = bytearray(zip_of(tmp_path / "locked.zip", {"Journal.json": b'{"entries": []}'}))
    start_dir = zipfile.ZipFile(io.BytesIO(data)).start_dir
    for flags in (6, start_dir + 8):  # general-purpose flags, in the local header and the central directory
        data[flags] |= 0x1  # bit 0: encrypted
    assert "password-protected (Journal.json is encrypted)" in refusal("dayone", bytes(data), "locked.zip")


@pytest.mark.parametrize("cut", [0.5, 0.9, 0.99])
def test_a_truncated_zip_is_refused_clearly(tmp_path: Path, cut: float) -> None:
    data = zip_of(
        tmp_path / "whole.zip", {"Journal.json": fixture("dayone_journal.json"), "photos/a.jpeg": bytes(5000)}
    )
    message = refusal("dayone", data[: int(len(data) * cut)], "export.zip")
    assert "This file isn't a zip file, or it is damaged (perhaps the download was cut short)." in message


def test_a_file_named_zip_that_is_not_one_is_refused_clearly() -> None:
    assert "isn't a zip file" in refusal("dayone", b"just some text", "export.zip")


def test_zip_members_are_never_written_to_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse_to_extract(*args: object, **kwargs: object) -> None:
        raise AssertionError("extracted to disk")

    monkeypatch.setattr(zipfile.ZipFile, "extract", refuse_to_extract)
    monkeypatch.setattr(zipfile.ZipFile, "extractall", refuse_to_extract)
    data = zip_of(tmp_path / "export.zip", {"Journal.json": fixture("dayone_journal.json")})
    monkeypatch.chdir(tmp_path)
    assert len(dayone.parse(data, "export.zip").entries) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.zip"]


# -- any input whatever: only ImportError_ escapes ---------------------------------------------------------
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=25,
)
any_text = st.text(st.characters(exclude_categories=()))
field_values = json_values | st.sampled_from(
    [
        "2024-03-01",
        "2024-03-01T10:00:00Z",
        "21:14",
        "9:05 pm",
        "Europe/London",
        "../../etc/passwd",
        "",
        "@work",
        "9999-12-31T23:59:59-23:59",
        "0001-01-01T00:00:00+14:00",
    ]
)


def _either_parsed_or_refused(parser: object, data: bytes, filename: str = "") -> Parsed | None:
    try:
        parsed = parser(data, filename)  # type: ignore[operator]
    except ImportError_ as exc:
        assert str(exc).endswith(NOTHING)
        return None
    assert isinstance(parsed, Parsed)
    for entry in parsed.entries:
        assert clean(entry.text)[1] == 0 and clean(entry.title or "")[1] == 0
        assert len(entry.tags) <= MAX_TAGS and len(entry.text) <= MAX_ENTRY_CHARS
        assert entry.entry_date <= TODAY + timedelta(days=1)
    assert len({e.key for e in parsed.entries}) == len(parsed.entries)
    assert len(parsed.entries) <= MAX_ENTRIES
    return parsed


PARSERS = [found.reader for found in OTHER_APPS.values()]  # a format added to the registry is fuzzed too


@given(st.binary(max_size=2000), st.sampled_from(["", "x.csv", "x.json", "x.zip"]))
def test_any_bytes_are_read_or_refused_never_a_traceback(data: bytes, filename: str) -> None:
    for parser in PARSERS:
        _either_parsed_or_refused(parser, data, filename)


@given(json_values)
def test_any_json_is_read_or_refused(value: object) -> None:
    data = json.dumps(value).encode()
    for parser in PARSERS:
        _either_parsed_or_refused(parser, data)


@given(
    st.lists(
        st.dictionaries(
            st.sampled_from(["uuid", "creationDate", "timeZone", "text", "tags", "starred", "photos", "videos"]),
            field_values,
        ),
        max_size=5,
    )
)
def test_day_one_shaped_json_with_any_field_values_is_read_or_refused(entries: list[dict]) -> None:
    data = json.dumps({"metadata": {}, "entries": entries}).encode()
    parsed = _either_parsed_or_refused(dayone.parse, data)
    if not entries or any("creationDate" in e for e in entries):  # otherwise it isn't Day One's, and is refused
        assert parsed is not None
        assert len(parsed.entries) + len(parsed.skipped) == len(entries)


@given(
    st.lists(
        st.dictionaries(st.sampled_from(["title", "body", "date", "time", "tags", "starred", "uuid"]), field_values),
        max_size=5,
    )
)
def test_jrnl_shaped_json_with_any_field_values_is_read_or_refused(entries: list[dict]) -> None:
    data = json.dumps({"tags": {}, "entries": [dict(e, date=e.get("date", "2024-03-01")) for e in entries]}).encode()
    parsed = _either_parsed_or_refused(jrnl.parse, data)
    assert parsed is not None
    assert len(parsed.entries) + len(parsed.skipped) == len(entries)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([CURRENT, OLDER]), st.lists(st.lists(any_text, min_size=0, max_size=9), max_size=6))
def test_any_csv_under_a_daylio_header_is_read_or_refused_row_by_row(header: str, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header.split(","))
    writer.writerows(rows)
    data = buffer.getvalue().encode("utf-8", "surrogatepass")
    _either_parsed_or_refused(daylio.parse, data)


@given(st.data())
def test_daylio_shaped_rows_with_any_values_each_become_an_entry_or_a_skip(data: st.DataObject) -> None:
    cells = st.one_of(
        any_text, st.sampled_from(["2024-03-01", "9:05 pm", "21:05", "rad", "a | b", "<p>x</p>", "18 May", "2018"])
    )
    rows = data.draw(
        st.lists(st.lists(cells, min_size=8, max_size=8).filter(lambda r: any(c.strip() for c in r)), max_size=6)
    )
    buffer = io.StringIO()
    csv.writer(buffer).writerows([CURRENT.split(","), *rows])
    parsed = _either_parsed_or_refused(daylio.parse, buffer.getvalue().encode("utf-8", "surrogatepass"))
    if parsed is not None:
        assert len(parsed.entries) + len(parsed.skipped) == len(rows)
        assert sum(parsed.mood_labels.values()) == sum(e.mood_label is not None for e in parsed.entries)


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=50)
@given(
    st.dictionaries(
        st.text(min_size=1, max_size=30) | st.sampled_from(["Journal.json", "a/b.json", "../x.json", "C:/y.json"]),
        st.binary(max_size=300) | json_values.map(lambda v: json.dumps(v).encode()),
        max_size=5,
    )
)
def test_any_zip_is_read_or_refused(members: dict[str, bytes]) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            try:
                archive.writestr(name, content)
            except (ValueError, UnicodeEncodeError, IndexError):  # names zipfile itself can't write
                continue
    data = buffer.getvalue()
    for cut in (len(data), len(data) // 2):
        _either_parsed_or_refused(dayone.parse, data[:cut], "export.zip")
