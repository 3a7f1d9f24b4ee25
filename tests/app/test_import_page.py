"""The Import page: choose where it's from, see a preview, map Daylio's moods, then import once."""

from __future__ import annotations

import json

from journal.content.library import library
from journal.portability import harbour_json as exchange
from journal.reflect import cpd, entries
from journal.reflect.entries import EntryInput
from tests.app.conftest import sign_up_on, user_id
from tests.factories import TODAY
from tests.snapshots import every_row

PAGE = "pages/import_history.py"
DAYLIO = (
    b"full_date,date,weekday,time,mood,activities,note_title,note\n"
    b'2024-03-02,March 2,Saturday,9:05 pm,rad,work,,"<img src=x onerror=alert(1)> **bold** ![t](https://x.example/a.png)"\n'
    b"2024-03-01,March 1,Friday,07:30,knackered,,,Long day.\n"
)


def on_the_page(app, name: str = "Sam"):
    return sign_up_on(app, PAGE, name)


def choose(at, kind: str, name: str, data: bytes):
    at.radio(key="import.format").set_value(kind).run()
    at.file_uploader(key=f"import.file.{kind}").set_value((name, data, "application/octet-stream")).run()
    assert not at.exception
    return at


def import_button(at):
    return next(b for b in at.button if b.label.startswith("Import "))


def test_a_daylio_file_asks_for_unknown_moods_then_previews_then_imports_once(app, db) -> None:
    at = on_the_page(app)
    before = every_row(db)
    choose(at, "daylio", "daylio_export.csv", DAYLIO)
    assert [t.value for t in at.text][:2] == ["“knackered” (1 entry)", "“rad” (1 entry)"]
    assert [s.label for s in at.selectbox] == ["Level for mood 1", "Level for mood 2"]  # never the file's words
    assert at.selectbox[1].value == 5  # Daylio's own name: a level suggested
    assert at.selectbox[0].value is None and "Choose a level for every mood" in at.info[0].value
    assert not [b for b in at.button if b.label.startswith("Import ")]  # nothing to press until every mood has a level
    assert every_row(db) == before

    at.selectbox[0].set_value(2).run()
    assert [m.value for m in at.metric] == ["2", "0", "0"]
    assert any(c.value.startswith("Dated 01 Mar 2024 to 02 Mar 2024.") for c in at.caption)
    sample = at.dataframe[0].value  # a table: the file's words are data, never markup
    assert sample["Words"].tolist() == ["**bold** ![t](https://x.example/a.png)", "Long day."]
    assert every_row(db) == before  # a preview writes nothing

    import_button(at).click().run()
    assert not at.exception
    assert any("Imported 2 entries." in s.value for s in at.success)
    assert entries.count(db, user_id(at)) == 2

    choose(at, "daylio", "daylio_export.csv", DAYLIO)
    at.selectbox[0].set_value(2).run()
    assert [m.value for m in at.metric] == ["0", "2", "0"]
    assert "nothing new to import" in at.info[0].value
    assert entries.count(db, user_id(at)) == 2


def test_a_file_of_the_wrong_kind_is_refused_kindly_and_nothing_changes(app, db) -> None:
    at = on_the_page(app)
    before = every_row(db)
    choose(at, "daylio", "notes.csv", json.dumps({"entries": []}).encode())
    assert at.error and at.error[0].value.endswith("Nothing was imported.")
    assert every_row(db) == before


def test_a_harbour_copy_previews_then_restores(app, db) -> None:
    at = on_the_page(app)
    entries.save_new(db, user_id(at), "e1", EntryInput("free", {"text": "Kept safe."}), library())
    exported = exchange.export_json(db, user_id(at))
    entries.trash(db, user_id(at), "e1")
    entries.delete_forever(db, user_id(at), "e1")

    choose(at, "harbour", "harbour.json", exported.encode())
    assert [m.value for m in at.metric] == ["1", "0", "0"]
    import_button(at).click().run()
    assert any(s.value.startswith("Imported 1 entry.") for s in at.success)
    assert entries.count(db, user_id(at)) == 1


def test_a_harbour_file_that_is_not_an_export_is_refused(app, db) -> None:
    at = on_the_page(app)
    choose(at, "harbour", "notes.json", json.dumps({"hello": "world"}).encode())
    assert "isn't a Harbour export" in at.error[0].value
    assert entries.count(db, user_id(at)) == 0


def test_a_harbour_copy_of_only_a_cpd_log_is_imported_too(app, db) -> None:
    """A copy with no entries but a CPD log (made on another Harbour) is offered and imported, once."""
    at = on_the_page(app)
    me = user_id(at)
    cpd.add(db, me, cpd.Activity(TODAY, 90, True, "course", "Falls prevention"))
    exported = exchange.export_json(db, me)
    db.execute("DELETE FROM cpd_activities WHERE user_id = ?", [me])

    choose(at, "harbour", "harbour.json", exported.encode())
    assert [m.value for m in at.metric] == ["0", "0", "0"]
    assert not any("nothing new" in i.value for i in at.info)
    import_button(at).click().run()
    assert not at.exception
    assert [a.topic for a in cpd.activities(db, me)] == ["Falls prevention"]
    choose(at, "harbour", "harbour.json", exported.encode())
    import_button(at).click().run()
    assert [a.topic for a in cpd.activities(db, me)] == ["Falls prevention"]  # again: nothing more
