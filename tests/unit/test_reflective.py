"""The reflective account: entries mapped onto the NMC's form, what may identify someone, and the PDF itself.

The PDF is read back the way a PDF reader finds text to copy or search: its compressed streams inflated, then the
glyphs each page shows decoded through the font's own ToUnicode map. No PDF library is needed for that.
"""

from __future__ import annotations

import re
import zlib
from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journal import pdf as pdf_doc
from journal.reflect import reflective_account as reflective
from journal.reflect.entries import PROMPT_ANSWER, Entry
from journal.reflect.reflective_account import (
    CHANGED,
    CODE_THEMES,
    FOOTER,
    FORM_TITLE,
    LEARNED,
    NATURE,
    RELEVANCE,
    ReflectiveAccount,
    ReflectiveAccountError,
)
from journal.text.identifiable import NHS_NUMBER, POSTCODE

DAY = date(2025, 3, 4)
THEMES = tuple(t.id for t in CODE_THEMES)


def entry(template: str, answers: dict[str, str], prompt_text: str | None = None) -> Entry:
    now = datetime(2025, 3, 4, 18, 0, tzinfo=UTC).replace(tzinfo=None)
    return Entry(
        id="entry-1", user_id="person-1", template=template, theme=None, prompt_id=None, prompt_text=prompt_text,
        answers=answers, body="\n\n".join(answers.values()), mood=None, energy=None, is_win=False, polarity=None,
        subjectivity=None, entry_date=DAY, created_at=now, updated_at=now, deleted_at=None, revision=1,
        source="harbour", tags=(),
    )  # fmt: skip


def ready(**texts: str) -> ReflectiveAccount:
    values = {"nature": "A teaching session.", "learned": "Listen first.", "changed": "I ask before I explain."}
    return ReflectiveAccount("entry-1", DAY, themes=("prioritise_people",), **(values | texts))


# -- mapping an entry onto the form --------------------------------------------------
def test_gibbs_maps_description_then_the_middle_four_stages_then_the_action_plan(lib) -> None:
    answers = {
        "description": "A handover ran late.",
        "feelings": "Rushed.",
        "evaluation": "The plan was clear.",
        "analysis": "Too many interruptions.",
        "conclusion": "I could have asked for help.",
        "action_plan": "Protect handover time.",
    }
    account = reflective.from_entry(entry("gibbs", answers), lib)
    assert account.nature == "A handover ran late."
    middle = ("Rushed.", "The plan was clear.", "Too many interruptions.", "I could have asked for help.")
    assert account.learned == "\n\n".join(middle)
    assert account.changed == "Protect handover time."
    assert (account.entry_id, account.entry_date, account.themes, account.relevance) == ("entry-1", DAY, (), "")


def test_gibbs_stages_left_blank_leave_no_gaps(lib) -> None:
    account = reflective.from_entry(entry("gibbs", {"description": "D", "analysis": "A", "action_plan": "P"}), lib)
    assert (account.nature, account.learned, account.changed) == ("D", "A", "P")


def test_what_so_what_now_what_maps_one_to_one(lib) -> None:
    account = reflective.from_entry(entry("what_so_what", {"what": "W", "so_what": "S", "now_what": "N"}), lib)
    assert (account.nature, account.learned, account.changed) == ("W", "S", "N")


def test_any_other_template_puts_every_answer_under_its_question_into_the_first_section(lib) -> None:
    answers = {"what_happened": "A long shift.", "take_forward": "Eat lunch.", PROMPT_ANSWER: "My team."}
    account = reflective.from_entry(entry("session", answers, prompt_text="Who helped today?"), lib)
    assert account.nature == (
        "What happened?\nA long shift.\n\nWhat will you take forward?\nEat lunch.\n\nWho helped today?\nMy team."
    )
    assert (account.learned, account.changed) == ("", "")  # for the person to write


def test_an_entry_of_a_template_harbour_no_longer_has_still_comes_across(lib) -> None:
    account = reflective.from_entry(entry("retired", {"text": "Imported words."}), lib)
    assert account.nature == "Imported words."


def test_themes_are_kept_in_the_codes_order_and_only_the_codes_own() -> None:
    account = reflective.with_themes(ready(), ["preserve_safety", "prioritise_people"])
    assert account.themes == ("prioritise_people", "preserve_safety")
    with pytest.raises(ReflectiveAccountError, match="four themes"):
        reflective.with_themes(ready(), ["be_nice"])


def test_the_four_themes_of_the_code() -> None:
    assert [t.name for t in CODE_THEMES] == [
        "Prioritise people",
        "Practise effectively",
        "Preserve safety",
        "Promote professionalism and trust",
    ]
    assert all(t.description.endswith(".") and len(t.description) < 90 for t in CODE_THEMES)


# -- what is missing, and what may identify someone --------------------------------------
def test_an_account_with_no_theme_ticked_is_not_ready_and_says_kindly_what_to_do() -> None:
    account = ReflectiveAccount("entry-1", DAY, "N", "L", "C")
    assert reflective.problem(account) == (
        "Nearly there: please tick at least one theme of the Code that this account relates to."
    )
    with pytest.raises(ReflectiveAccountError, match="tick at least one theme"):
        reflective.render_pdf(account)


def test_an_account_missing_a_section_names_what_to_write() -> None:
    message = reflective.problem(ready(learned="  ", changed=""))
    assert message == (
        "Nearly there: please write a few words about what you learned and how you changed or improved your "
        "practice. The NMC's form asks for all three."
    )
    assert reflective.problem(ready()) is None
    assert reflective.problem(ready(relevance="")) is None  # the themes answer it; words are welcome, not required


def test_findings_cover_every_part_of_the_account() -> None:
    account = ready(learned="Seen at SW1A 1AA.", relevance="NHS number 943 476 5919.")
    found = reflective.identifiable_findings(account, today=DAY)
    assert [(f.kind, f.excerpt) for f in found] == [(POSTCODE, "SW1A 1AA"), (NHS_NUMBER, "943 476 5919")]
    assert reflective.identifiable_findings(ready(), today=DAY) == []


def test_a_confirmation_is_for_exactly_the_findings_it_was_given() -> None:
    one = reflective.identifiable_findings(ready(nature="SW1A 1AA"), today=DAY)
    two = reflective.identifiable_findings(ready(nature="SW1A 1AA and 943 476 5919"), today=DAY)
    assert reflective.fingerprint(one) == reflective.fingerprint(list(one))
    assert reflective.fingerprint(one) != reflective.fingerprint(two)


def test_the_three_years_start_on_the_same_day_three_years_back() -> None:
    assert reflective.window_start(date(2026, 3, 1)) == date(2023, 3, 1)
    assert reflective.window_start(date(2028, 2, 29)) == date(2025, 2, 28)


def test_the_counter_reads_warmly_with_its_dates() -> None:
    today = date(2026, 3, 1)
    assert reflective.progress(2, today) == (
        "You've prepared 2 of the 5 reflective accounts revalidation asks for in the last three years "
        "(since 1 March 2023). Each one counts."
    )
    assert "that's the 5 revalidation asks for. Well done." in reflective.progress(6, today)


def test_the_counter_never_speaks_of_a_past_account_that_was_never_prepared() -> None:
    today = date(2026, 3, 1)
    never = reflective.progress(0, today)
    assert never.startswith("You haven't prepared a reflective account here yet.")
    assert "since" not in never
    long_ago = reflective.progress(0, today, date(2022, 6, 14))
    assert long_ago.startswith("Your last reflective account here was prepared on 14 June 2022, more than three years")


# -- reading a PDF back -------------------------------------------------------------------
_OBJ = re.compile(rb"(\d+) 0 obj\s*")
_TOKEN = re.compile(rb"/?[^\s()\[\]<>/]+")


def _objects(pdf: bytes) -> dict[int, tuple[bytes, bytes]]:
    """Each object's dictionary and its stream (inflated), walking the file so stream bytes are never parsed."""
    found, pos = {}, 0
    while m := _OBJ.search(pdf, pos):
        start, end = pdf.find(b"stream\n", m.end()), pdf.index(b"endobj", m.end())
        if start != -1 and start < end:
            head = pdf[m.end() : start]
            length = int(re.search(rb"/Length (\d+)", head).group(1))
            body = pdf[start + 7 : start + 7 + length]
            body = zlib.decompress(body) if b"/FlateDecode" in head else body
            end = pdf.index(b"endobj", start + 7 + length)
        else:
            head, body = pdf[m.end() : end], b""
        found[int(m.group(1))] = (head, body)
        pos = end
    return found


def _literal(data: bytes, i: int) -> tuple[bytes, int]:
    """A PDF (string) from just after its opening bracket: its bytes, and where it ends."""
    out, depth = bytearray(), 1
    while True:
        ch = data[i]
        if ch == 0x5C:  # backslash
            if octal := re.match(rb"[0-7]{1,3}", data[i + 1 : i + 4]):
                out.append(int(octal.group(), 8) & 0xFF)
                i += 1 + len(octal.group())
                continue
            escaped = data[i + 1 : i + 2]
            out += {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"\n": b""}.get(escaped, escaped)
            i += 2
            continue
        depth += ch == 0x28
        depth -= ch == 0x29
        if depth == 0:
            return bytes(out), i + 1
        out.append(ch)
        i += 1


def _shown(content: bytes) -> list[tuple[bytes, bytes]]:
    """(font resource name, bytes) for each Tj/TJ in a content stream."""
    shown, font, operands, i = [], b"", [], 0
    while i < len(content):
        ch = content[i : i + 1]
        if ch.isspace():
            i += 1
        elif ch == b"(":
            text, i = _literal(content, i + 1)
            operands.append(text)
        elif ch == b"<":
            end = content.index(b">", i)
            operands.append(bytes.fromhex(content[i + 1 : end].decode()))
            i = end + 1
        elif ch == b"[":
            operands.append(b"[")
            i += 1
        elif ch == b"]":
            start = len(operands) - 1 - operands[::-1].index(b"[")
            joined = b"".join(o for o in operands[start + 1 :] if not re.fullmatch(rb"-?[\d.]+", o))
            operands[start:] = [joined]
            i += 1
        else:
            token = _TOKEN.match(content, i).group()
            i += len(token)
            if token == b"Tf":
                font = operands[-2]
            elif token in (b"Tj", b"TJ"):
                shown.append((font, operands[-1]))
            if token.startswith(b"/") or re.fullmatch(rb"-?[\d.]+", token):
                operands.append(token)
            else:
                operands.clear()
    return shown


def _to_unicode(cmap: bytes) -> dict[int, str]:
    table = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            table[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for lo, hi, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            for offset in range(int(hi, 16) - int(lo, 16) + 1):
                table[int(lo, 16) + offset] = chr(int(dst, 16) + offset)
    return table


def read_pdf(pdf: bytes) -> list[list[tuple[str, str]]]:
    """Each page's text as (font, line) pairs, in the order they are drawn."""
    objects = _objects(pdf)
    pages_head = next(head for head, _ in objects.values() if b"/Type /Pages" in head)
    pages = []
    for page in re.findall(rb"(\d+) 0 R", re.search(rb"/Kids \[(.*?)\]", pages_head, re.S).group(1)):
        head = objects[int(page)][0]
        resources = objects[int(re.search(rb"/Resources (\d+) 0 R", head).group(1))][0]
        fonts = {}
        for name, ref in re.findall(rb"/(F\d+) (\d+) 0 R", resources):
            font = objects[int(ref)][0]
            base = re.search(rb"/BaseFont /(\S+)", font).group(1).decode()
            cmap = _to_unicode(objects[int(re.search(rb"/ToUnicode (\d+) 0 R", font).group(1))][1])
            fonts[b"/" + name] = (base, cmap)
        content = objects[int(re.search(rb"/Contents (\d+) 0 R", head).group(1))][1]
        lines = []
        for font, raw in _shown(content):
            base, cmap = fonts[font]
            codes = [int.from_bytes(raw[j : j + 2], "big") for j in range(0, len(raw), 2)]
            lines.append((base, "".join(cmap[c] for c in codes)))
        pages.append(lines)
    return pages


def flat(pages: list[list[tuple[str, str]]], bold: bool | None = None) -> str:
    """All the text on every page (in bold, in regular type, or either) with whitespace made single spaces."""
    lines = [text for page in pages for font, text in page if bold is None or font.endswith("Bold") == bold]
    return " ".join(" ".join(lines).split())


def one_line(text: str) -> str:
    return " ".join(text.split())


# -- the PDF ------------------------------------------------------------------------------
def test_the_pdf_is_an_a4_form_with_the_nmcs_questions_in_bold_and_the_persons_words_in_regular_type() -> None:
    account = ReflectiveAccount(
        "entry-1",
        DAY,
        nature="Привет from the ward: a night shift with a new starter.",
        learned="مرحبا is how she greeted the family.\nSecond line of what I learned.",
        changed="I now check in with new starters at the start of every shift.",
        themes=("prioritise_people", "preserve_safety"),
        relevance="It is about kindness and safe staffing.",
    )
    data = reflective.render_pdf(account)
    assert data.startswith(b"%PDF-")
    assert b"/MediaBox [0 0 595.28 841.89]" in data  # A4 in points
    pages = read_pdf(data)
    assert {font.split("+")[1] for page in pages for font, _ in page} == {"DejaVuSansBook", "DejaVuSansBold"}

    headings = flat(pages, bold=True)
    for heading in (FORM_TITLE, NATURE, LEARNED, CHANGED, RELEVANCE):
        assert one_line(heading) in headings
    words = flat(pages, bold=False)
    for text in (account.nature, account.learned, account.changed, account.relevance):
        assert one_line(text) in words
    assert "Привет" in words and "مرحبا" in words
    assert "☑ Prioritise people ☐ Practise effectively ☑ Preserve safety ☐ Promote professionalism and trust" in words
    assert "Month and year: March 2025" in words
    assert "NMC PIN (if you wish): ____" in words
    assert one_line(FOOTER) in words
    assert "Page 1 of 1" in words
    # In the order of the NMC's form.
    everything = flat(pages)
    positions = [everything.index(one_line(h)) for h in (NATURE, LEARNED, CHANGED, RELEVANCE)]
    assert positions == sorted(positions)
    assert everything.index(one_line(account.nature)) < everything.index(one_line(LEARNED))


def test_the_persons_words_are_printed_as_written_never_read_as_markup() -> None:
    markup = "**not bold** <b>not bold</b> <script>alert(1)</script> __under__ [link](http://x) \\(brackets)"
    pages = read_pdf(reflective.render_pdf(ready(nature=markup)))
    assert markup in flat(pages, bold=False)
    assert "not bold" not in flat(pages, bold=True)


def test_a_long_account_runs_onto_more_pages_with_nothing_lost_and_the_footer_on_each() -> None:
    paragraphs = [f"Paragraph {n}: what I learned from the sessions, written at some length." for n in range(150)]
    pages = read_pdf(reflective.render_pdf(ready(learned="\n".join(paragraphs))))
    assert len(pages) >= 3
    lines = [text for page in pages for _, text in page]
    assert [line for line in lines if line.startswith("Paragraph ")] == paragraphs  # each once, in order
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in flat([page])
        assert one_line(FOOTER) in flat([page])


def test_characters_that_cannot_be_stored_or_drawn_are_left_out_and_the_rest_kept() -> None:
    pages = read_pdf(reflective.render_pdf(ready(changed="Tab\there,\x00 nul\x07 bell and\r\nWindows lines.")))
    assert "Tab here, nul bell and Windows lines." in flat(pages, bold=False)


def test_characters_the_font_lacks_are_named_before_printing() -> None:
    assert reflective.unprintable(ready(learned="Привет, مرحبا, Γειά, שלום")) == []
    assert reflective.unprintable(ready(learned="你好 and 你 again", relevance="한")) == ["你", "好", "한"]


def test_an_empty_relevance_leaves_room_to_write_by_hand() -> None:
    pages = read_pdf(reflective.render_pdf(ready(relevance="")))
    words = flat(pages, bold=False)
    assert words.index("☐ Promote professionalism and trust") < words.index(one_line(FOOTER))


def test_the_file_name_carries_the_entrys_date() -> None:
    assert reflective.file_name(ready()) == "reflective-account-2025-03-04.pdf"


# Letters, digits, punctuation and symbols the bundled font can draw: these must all come back out.
_DRAWABLE = st.characters(
    categories=("L", "N", "P", "S"), exclude_characters="\u00ad"
).filter(lambda c: ord(c) in pdf_doc.font_chars())  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(st.text(_DRAWABLE, min_size=1, max_size=300), st.text(_DRAWABLE, min_size=1, max_size=40))
def test_whatever_a_person_writes_in_printable_characters_comes_back_out_of_the_pdf(words: str, more: str) -> None:
    pages = read_pdf(reflective.render_pdf(ready(learned=words, relevance=more)))
    shown = "".join(flat(pages, bold=False).split())
    assert words in shown and more in shown
