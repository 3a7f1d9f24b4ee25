"""The reflection form, shared by Write (new entries) and Journal (edits).

A longer reflection's widgets sit outside st.form, so every committed change reaches the server and is kept as a
draft. A quick one (short answers, no prompt: the quick check-in) is one st.form, so choosing and typing cost no
server round trip and nothing greys out: it reaches the server, and is kept, when Save or Close is pressed.
Each form's widget keys carry its entry id, made when the form opened: saving is idempotent.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import streamlit as st

from journal import clock
from journal.accounts import User
from journal.content.library import Library, Template, pick_prompt
from journal.reflect import entries, own
from journal.reflect.entries import PROMPT_ANSWER, EntryError, EntryInput, SaveOutcome
from journal.store import Handle, StoreError
from journal.text import identifiable
from journal.ui.widgets import show_text


@dataclass(frozen=True)
class OpenForm:
    entry_id: str
    template: str
    revision: int | None = None  # set when editing a saved entry

    @staticmethod
    def new(template: str) -> OpenForm:
        return OpenForm(entry_id=str(uuid.uuid4()), template=template)


def _k(form: OpenForm, name: str) -> str:
    return f"entry.{form.entry_id}.{name}"


def forget(form: OpenForm) -> None:
    """Drop the form's widget state (after a save or a discard)."""
    prefix = f"entry.{form.entry_id}."
    for key in [k for k in st.session_state if str(k).startswith(prefix)]:
        del st.session_state[key]


def _seed(form: OpenForm, inp: EntryInput) -> None:
    """Put the starting values in place once, before the widgets are drawn."""
    if st.session_state.get(_k(form, "seeded")):
        return
    for key, value in inp.answers.items():
        st.session_state[_k(form, f"a.{key}")] = value
    st.session_state[_k(form, "mood")] = inp.mood
    st.session_state[_k(form, "energy")] = inp.energy
    st.session_state[_k(form, "tags")] = list(inp.tags)
    st.session_state[_k(form, "win")] = inp.is_win
    st.session_state[_k(form, "theme")] = inp.theme
    st.session_state[_k(form, "date")] = inp.entry_date
    st.session_state[_k(form, "prompt_id")] = inp.prompt_id
    st.session_state[_k(form, "prompt_text")] = inp.prompt_text
    st.session_state[_k(form, "draft")] = inp.to_json()
    st.session_state[_k(form, "seeded")] = True


def _next_prompt(db: Handle, user: User, lib: Library, form: OpenForm, template: Template) -> None:
    recent = entries.recent_prompts(db, user.id)
    current = st.session_state.get(_k(form, "prompt_id"))
    theme = st.session_state.get(_k(form, "prompt_theme"))
    prompt = pick_prompt(
        lib, template.moment, [current, *recent] if current else recent, theme=theme, rng=random.Random()
    )
    st.session_state[_k(form, "prompt_id")] = prompt.id if prompt else None
    st.session_state[_k(form, "prompt_text")] = prompt.text if prompt else None
    if prompt:
        entries.record_prompt_shown(db, user.id, prompt.id)


def _own_prompt(form: OpenForm, mine: list[own.OwnPrompt]) -> None:
    """Offer one of the person's own prompts instead (never recorded in the reviewed rotation)."""
    chosen = random.choice(mine)
    st.session_state[_k(form, "prompt_id")] = chosen.marker
    st.session_state[_k(form, "prompt_text")] = chosen.text


def _skip_prompt(form: OpenForm) -> None:
    st.session_state[_k(form, "prompt_id")] = None
    st.session_state[_k(form, "prompt_text")] = None
    st.session_state[_k(form, "prompt_skipped")] = True


def _prompt_card(db: Handle, user: User, lib: Library, form: OpenForm, template: Template) -> None:
    if (
        form.revision is None
        and not st.session_state.get(_k(form, "prompt_id"))
        and not st.session_state.get(_k(form, "prompt_skipped"))
    ):
        _next_prompt(db, user, lib, form, template)
    text = st.session_state.get(_k(form, "prompt_text"))
    if not text:
        if form.revision is None and st.button(
            "Offer me a prompt", key=_k(form, "unskip"), icon=":material/lightbulb:"
        ):
            st.session_state[_k(form, "prompt_skipped")] = False
            _next_prompt(db, user, lib, form, template)
            st.rerun()
        return
    with st.container(border=True):
        st.caption("A prompt, if it helps")
        st.text(text)
        st.text_area("Your answer to the prompt", key=_k(form, f"a.{PROMPT_ANSWER}"), height=120)
        if form.revision is None:
            mine = [p for p in own.live_prompts(db, user.id) if p.marker != st.session_state.get(_k(form, "prompt_id"))]
            cols = st.columns(4 if mine else 3)
            if mine:
                cols[3].button(
                    "One of your own prompts",
                    key=_k(form, "own_prompt"),
                    on_click=_own_prompt,
                    args=(form, mine),
                    icon=":material/edit:",
                )
            cols[0].button(
                "Another prompt",
                key=_k(form, "another"),
                on_click=_next_prompt,
                args=(db, user, lib, form, template),
                icon=":material/refresh:",
            )
            cols[1].button("Skip the prompt", key=_k(form, "skip"), on_click=_skip_prompt, args=(form,))
            cols[2].selectbox(
                "Prompts about",
                [None, *[t.id for t in lib.themes]],
                key=_k(form, "prompt_theme"),
                format_func=lambda t: "Any theme" if t is None else lib.theme_name(t),
                on_change=_next_prompt,
                args=(db, user, lib, form, template),
            )


def _collect(form: OpenForm, template: Template) -> EntryInput:
    state = st.session_state
    answers = {f.key: state.get(_k(form, f"a.{f.key}")) or "" for f in template.fields}
    if state.get(_k(form, "prompt_text")):
        answers[PROMPT_ANSWER] = state.get(_k(form, f"a.{PROMPT_ANSWER}")) or ""
    return EntryInput(
        template=template.id,
        answers={k: v for k, v in answers.items() if v},
        mood=state.get(_k(form, "mood")),
        energy=state.get(_k(form, "energy")),
        tags=list(state.get(_k(form, "tags")) or []),
        is_win=bool(state.get(_k(form, "win"))),
        theme=state.get(_k(form, "theme")),
        prompt_id=state.get(_k(form, "prompt_id")) if answers.get(PROMPT_ANSWER) else None,
        prompt_text=state.get(_k(form, "prompt_text")) if answers.get(PROMPT_ANSWER) else None,
        entry_date=state.get(_k(form, "date")) or clock.today(),
    )


def _scale_point(labels: Sequence[str]) -> Callable[[int], str]:
    """How a point on the mood or energy scale reads on the form: its number and its word."""
    return lambda v: f"{v} · {labels[v - 1]}"


def in_one_go(template: Template, with_prompt: bool = False) -> bool:
    """Whether this is a quick entry, written in one st.form: only short answers and no prompt card."""
    return not with_prompt and not template.offers_prompt and not any(f.long for f in template.fields)


CLOSE = "Close — keep as a draft"
ONE_GO_NOTE = "Nothing here leaves this screen until you press Save."
CLOSE_NOTE = "Close keeps what you've written as a draft, to finish later."


def render(
    db: Handle,
    user: User,
    lib: Library,
    form: OpenForm,
    initial: EntryInput,
    *,
    on_close: Callable[[], None] | None = None,
) -> SaveOutcome | None:
    """Draw the form; returns the outcome once a save has been committed. With `on_close` (a new entry on Write),
    it also offers to close it, keeping a draft, and to discard it; `on_close` then forgets the open form."""
    template = _template(db, user, lib, form, initial)
    if template is None:
        show_text(own.TEMPLATE_NOT_YOURS, "error", icon=":material/info:")
        return None
    _seed(form, initial)
    if own.is_own(template.id):
        st.subheader(own.OWN_TEMPLATE)
        show_text(template.name)  # the person's own words: as text
    else:
        st.subheader(template.name)
        st.caption(template.summary)
    with_prompt = template.offers_prompt or bool(st.session_state.get(_k(form, "prompt_text")))
    label = "Save changes" if form.revision is not None else "Save"
    if in_one_go(template, with_prompt):
        # Enter in the line doesn't save: on a phone it's easy to press before choosing mood and energy.
        with st.form(_k(form, "form"), border=False, enter_to_submit=False):
            _fields(db, user, lib, form, template)
            pressed = st.form_submit_button(label, type="primary", key=_k(form, "save"), icon=":material/save:")
            if on_close is not None:
                close = (db, user, form, template, on_close)
                st.form_submit_button(CLOSE, key=_k(form, "close"), on_click=_close, args=close)
        st.caption(ONE_GO_NOTE if on_close is None else f"{ONE_GO_NOTE} {CLOSE_NOTE}")
    else:
        # In free writing the prompt is the starting point; elsewhere it is an optional extra after the questions.
        if with_prompt and template.id == "free":
            _prompt_card(db, user, lib, form, template)
        _fields(db, user, lib, form, template, after=with_prompt and template.id != "free")
        pressed = st.button(label, type="primary", key=_k(form, "save"), icon=":material/save:")
        if on_close is not None:
            st.button(CLOSE, key=_k(form, "close"), on_click=_close, args=(db, user, form, template, on_close))
    if on_close is not None:
        _closing_note(form)
        discard_button(db, user, form.entry_id, key=_k(form, "discard"), then=_forgetting(form, on_close))

    inp = _collect(form, template)
    if pressed or st.session_state.pop(_k(form, "keep_and_save"), False):
        text = _written(inp)
        if st.session_state.get(_k(form, "kept")) != text and identifiable.findings(text):
            st.session_state[_k(form, "warned")] = text  # nothing is saved until they choose
        else:
            try:
                if form.revision is None:
                    outcome = entries.save_new(db, user.id, form.entry_id, inp, lib)
                else:
                    outcome = entries.update(db, user.id, form.entry_id, inp, form.revision, lib)
            except (EntryError, StoreError) as exc:
                _keep_draft(db, user, form, inp)
                show_text(str(exc), "error", icon=":material/info:")  # it can quote the start of a tag: text only
                return None
            forget(form)
            return outcome
    _identifiable_warning(form, inp)
    _keep_draft(db, user, form, inp)
    return None


def _template(db: Handle, user: User, lib: Library, form: OpenForm, initial: EntryInput) -> Template | None:
    """The form's template: Harbour's, or the person's own (its boxes, after the questions an entry being edited or a
    draft already answers, so it reads as written even after the template changed or was put away); None if it
    is someone else's or unknown."""
    if not own.is_own(form.template):
        return lib.template(form.template)
    mine = own.get_template(db, user.id, form.template)
    kept = [k for k in initial.answers if k != PROMPT_ANSWER]
    if mine is None and not kept:
        return None
    return own.as_template(mine, form.template, kept)


def _fields(db: Handle, user: User, lib: Library, form: OpenForm, template: Template, after: bool = False) -> None:
    """The template's questions, then (`after`: the prompt card), mood and energy, the win, tags, theme and date."""
    for i, f in enumerate(template.fields, start=1):
        if own.is_own(template.id):  # the person's own question: shown as text, never as a widget's label
            st.text(f.label)
            if f.long:
                st.text_area(f"Box {i}", key=_k(form, f"a.{f.key}"), height=140, label_visibility="collapsed")
            else:
                st.text_input(f"Box {i}", key=_k(form, f"a.{f.key}"), label_visibility="collapsed")
        elif f.long:
            st.text_area(f.label, key=_k(form, f"a.{f.key}"), placeholder=f.help, height=140)
        else:
            st.text_input(f.label, key=_k(form, f"a.{f.key}"), placeholder=f.help)
    if after:
        _prompt_card(db, user, lib, form, template)
    # The container's key names the scales for the stylesheet: each choice a 44 px touch target (style.css).
    if template.scales:  # a template where any rating is out of place (after a distressing event) asks for none
        with st.container(key="scales"):
            for column, scale, name in zip(st.columns(2), (lib.mood, lib.energy), ("mood", "energy"), strict=True):
                column.radio(
                    scale.question,
                    [1, 2, 3, 4, 5],
                    index=None,
                    key=_k(form, name),
                    format_func=_scale_point(scale.labels),
                )
    st.toggle("This was a win: a little big thing", key=_k(form, "win"))
    with st.expander("Tags, theme and date"):
        st.multiselect(
            "Tags",
            entries.tags_in_use(db, user.id),
            key=_k(form, "tags"),
            accept_new_options=True,
            placeholder="Choose or type a tag, then press Enter",
        )
        st.selectbox(
            "Theme",
            [None, *[t.id for t in lib.themes]],
            key=_k(form, "theme"),
            format_func=lambda t: "No theme" if t is None else lib.theme_name(t),
        )
        st.date_input("Date", key=_k(form, "date"), max_value=clock.today(), format="DD/MM/YYYY")


def _close(db: Handle, user: User, form: OpenForm, template: Template, on_close: Callable[[], None]) -> None:
    """Close the form, keeping what was written as a draft (nothing, if it was never touched)."""
    inp = _collect(form, template)
    if inp.to_json() != st.session_state.get(_k(form, "draft")):
        try:
            entries.save_draft(db, user.id, form.entry_id, inp)
        except StoreError as exc:  # stay open, the words still on screen, and say why
            st.session_state[_k(form, "close_failed")] = str(exc)
            return
    forget(form)
    on_close()


def _forgetting(form: OpenForm, on_close: Callable[[], None]) -> Callable[[], None]:
    def then() -> None:
        forget(form)
        on_close()

    return then


def _closing_note(form: OpenForm) -> None:
    if failed := st.session_state.pop(_k(form, "close_failed"), None):
        st.warning("Your draft couldn't be kept just now, so this stays open.", icon=":material/warning:")
        show_text(failed)  # the store's reason, as text: an error is never markdown


def discard_button(db: Handle, user: User, entry_id: str, *, key: str, then: Callable[[], None] | None = None) -> None:
    """Discard a draft, once the person has confirmed it in a small pop-over (opening it runs nothing)."""
    with st.popover("Discard", icon=":material/delete:", key=key):
        st.markdown("Discard this writing? It won't be kept, as an entry or as a draft.")
        st.button(
            "Yes, discard it", key=f"{key}.yes", on_click=_discard, args=(db, user, entry_id, then), type="primary"
        )


def _discard(db: Handle, user: User, entry_id: str, then: Callable[[], None] | None) -> None:
    entries.discard_draft(db, user.id, entry_id)
    if then is not None:
        then()


def _written(inp: EntryInput) -> str:
    """Everything the person typed into this entry: their answers and tags."""
    return "\n".join([*inp.answers.values(), *inp.tags])


def _identifiable_warning(form: OpenForm, inp: EntryInput) -> None:
    """After Save, if the words may identify someone: say what and why, and let the person choose."""
    text = _written(inp)
    if st.session_state.get(_k(form, "warned")) != text:
        return  # not asked, or the text has changed since (Save checks it again)
    found = identifiable.findings(text)
    if not found:
        return
    with st.container(border=True):
        st.warning(
            "Before you save: some of this may identify a patient or a colleague. Reflection is safest when "
            "nobody in it can be recognised, should this journal ever be seen by someone else. A first name, "
            'initials or "a patient on the ward" is usually enough to reflect on what happened.',
            icon=":material/privacy_tip:",
        )
        for finding in found:
            st.text(f"{finding.kind}: {finding.excerpt}")  # their words, shown as plain text
            st.caption(finding.why)
        left, right = st.columns(2)
        left.button("Edit my text", key=_k(form, "edit_text"), on_click=_dismiss, args=(form,), icon=":material/edit:")
        right.button("Keep it and save", key=_k(form, "keep"), on_click=_keep, args=(form, text))


def _dismiss(form: OpenForm) -> None:
    st.session_state.pop(_k(form, "warned"), None)


def _keep(form: OpenForm, text: str) -> None:
    st.session_state.pop(_k(form, "warned"), None)
    st.session_state[_k(form, "kept")] = text  # confirmed for exactly this text; any change asks again
    st.session_state[_k(form, "keep_and_save")] = True


def _keep_draft(db: Handle, user: User, form: OpenForm, inp: EntryInput) -> None:
    """Store what has been typed whenever it changes, so nothing is lost to a reload or restart."""
    raw = inp.to_json()
    if raw != st.session_state.get(_k(form, "draft")):
        try:
            entries.save_draft(db, user.id, form.entry_id, inp)
        except StoreError as exc:  # e.g. a full disk: say so, keep the words on screen, try again next change
            st.warning(f"Your draft couldn't be kept just now. {exc}", icon=":material/warning:")
            return
        st.session_state[_k(form, "draft")] = raw
