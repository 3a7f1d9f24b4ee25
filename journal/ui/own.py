"""A journal people make their own: their own prompts and templates on Write, beside the reviewed ones, and a
prompt their coach suggested. Everything a person (or their coach) wrote shows as text, never in a widget's label.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

import streamlit as st

from journal.accounts import User
from journal.content.library import Library
from journal.reflect import own
from journal.reflect.entries import EntryInput
from journal.reflect.own import Box, OwnError
from journal.store import Handle
from journal.together import coaching
from journal.ui import nav, session
from journal.ui.widgets import show_text

_ERROR = "own.error"  # (where, message): a refusal to show beside the form it came from, once


def _write_to(prompt: own.OwnPrompt) -> None:
    nav.start_entry(EntryInput(template="free", prompt_id=prompt.marker, prompt_text=prompt.text))


def _write_with(template: own.OwnTemplate) -> None:
    nav.start_entry(EntryInput(template=template.template_id))


def on_write(db: Handle, user: User, lib: Library, start: Callable[[str], None]) -> None:
    """On Write, beside the reviewed templates: the person's own templates and prompts, and a coach's suggestion.

    (`start` opens a reviewed template; an own one starts through nav.start_entry, which carries its id whole.)"""
    for prompt in own.suggestions(db, user.id):
        with st.container(border=True):
            st.markdown("**Your coach suggested a prompt**")
            st.text(prompt.text)
            left, right = st.columns(2)
            if left.button("Write to it", key=f"own.suggested.write.{prompt.id}", icon=":material/edit:"):
                _write_to(prompt)
            right.button(
                "Not for me", key=f"own.suggested.aside.{prompt.id}", on_click=_put_away_prompt, args=(db, user, prompt)
            )
    templates = own.live_templates(db, user.id)
    if templates:
        st.markdown("Or one of your own templates:")
        for template in templates:
            cols = st.columns([3, 1], vertical_alignment="center")
            with cols[0]:
                show_text(template.name)
            if cols[1].button("Write with it", key=f"own.template.write.{template.id}", width="stretch"):
                _write_with(template)
    prompts = [p for p in own.live_prompts(db, user.id) if not p.suggested]
    if prompts:
        with st.expander("Write to one of your own prompts"):
            for prompt in prompts:
                cols = st.columns([3, 1], vertical_alignment="center")
                cols[0].text(prompt.text)
                if cols[1].button("Write to it", key=f"own.prompt.write.{prompt.id}", width="stretch"):
                    _write_to(prompt)


# -- Make it yours: prompts -------------------------------------------------------------------------------------------
def _refused(where: str) -> None:
    error = st.session_state.get(_ERROR)
    if error and error[0] == where:
        st.session_state.pop(_ERROR, None)
        show_text(error[1], "error", icon=":material/info:")


def _attempt(where: str, action: Callable[[], object], done: str | None = None) -> bool:
    try:
        action()
    except OwnError as exc:
        st.session_state[_ERROR] = (where, str(exc))
        return False
    if done:
        session.flash("success", done)
    return True


def _put_away_prompt(db: Handle, user: User, prompt: own.OwnPrompt) -> None:
    _attempt("prompts", lambda: own.put_away_prompt(db, user.id, prompt.id), "Put away. You can bring it back below.")


def _bring_back_prompt(db: Handle, user: User, prompt: own.OwnPrompt) -> None:
    _attempt("prompts", lambda: own.bring_back_prompt(db, user.id, prompt.id), "Brought back: it's on Write again.")


def _add_prompt(db: Handle, user: User) -> None:
    key = "own.new_prompt"
    if _attempt("new_prompt", lambda: own.add_prompt(db, user.id, st.session_state.get(key, "")), "Kept."):
        st.session_state[key] = ""  # kept: clear the box (refused, the words stay for another go)


def _edit_prompt(db: Handle, user: User, prompt: own.OwnPrompt) -> None:
    key = f"own.prompt.text.{prompt.id}"
    _attempt(f"prompt.{prompt.id}", lambda: own.edit_prompt(db, user.id, prompt.id, st.session_state.get(key, "")))


def prompts_section(db: Handle, user: User) -> None:
    """On Make it yours: write, change and put away your own prompts."""
    st.caption(
        "A question you'd like to come back to, in your own words. It waits on Write beside Harbour's prompts, "
        f"and only you see it. Up to {own.MAX_PROMPT_CHARS} characters."
    )
    st.text_area("A new prompt", key="own.new_prompt", placeholder="What helped me stay steady today?", height=80)
    _refused("new_prompt")
    st.button("Keep this prompt", key="own.add_prompt", on_click=_add_prompt, args=(db, user), icon=":material/add:")
    _refused("prompts")
    everything = own.prompts(db, user.id)
    live = [p for p in everything if not p.put_away]
    if not everything:
        st.caption("You haven't written a prompt of your own yet.")
    for prompt in live:
        with st.container(border=True):
            if prompt.suggested:
                st.caption("Your coach suggested this one.")
            st.text(prompt.text)
            with st.expander("Change it"):
                st.text_area("The prompt", value=prompt.text, key=f"own.prompt.text.{prompt.id}", height=80)
                _refused(f"prompt.{prompt.id}")
                st.button(
                    "Save the change",
                    key=f"own.prompt.save.{prompt.id}",
                    on_click=_edit_prompt,
                    args=(db, user, prompt),
                )
            st.button(
                "Put away",
                key=f"own.prompt.away.{prompt.id}",
                on_click=_put_away_prompt,
                args=(db, user, prompt),
                icon=":material/inventory_2:",
            )
    away = [p for p in everything if p.put_away]
    _put_away("nothing is lost", [(p.id, p.text, partial(_bring_back_prompt, db, user, p)) for p in away], "prompt")


# -- Make it yours: templates -----------------------------------------------------------------------------------------
def _boxes(prefix: str) -> list[Box]:
    return [
        Box(st.session_state.get(f"{prefix}.label.{i}", ""), bool(st.session_state.get(f"{prefix}.long.{i}")))
        for i in range(own.MAX_BOXES)
    ]


def _template_form(prefix: str, template: own.OwnTemplate | None) -> None:
    """A template's name and its boxes (each a question, and whether it wants a long answer)."""
    st.text_input(
        "Name", value=template.name if template else "", key=f"{prefix}.name", max_chars=own.MAX_TEMPLATE_NAME_CHARS
    )
    boxes = list(template.boxes) if template else []
    for i in range(own.MAX_BOXES):
        box = boxes[i] if i < len(boxes) else None
        left, right = st.columns([3, 1], vertical_alignment="bottom")
        left.text_input(f"Box {i + 1}: its question", value=box.label if box else "", key=f"{prefix}.label.{i}")
        right.checkbox("Long answer", value=box.long if box else i == 0, key=f"{prefix}.long.{i}")


def _add_template(db: Handle, user: User) -> None:
    prefix = "own.new_template"
    name = st.session_state.get(f"{prefix}.name", "")
    if _attempt("new_template", lambda: own.add_template(db, user.id, name, _boxes(prefix)), "Kept: it's on Write."):
        for key in [k for k in st.session_state if str(k).startswith(prefix + ".")]:
            del st.session_state[key]


def _edit_template(db: Handle, user: User, template: own.OwnTemplate) -> None:
    prefix = f"own.template.{template.id}"
    name = st.session_state.get(f"{prefix}.name", "")
    _attempt(
        prefix,
        lambda: own.edit_template(db, user.id, template.id, name, _boxes(prefix)),
        "Changed. Entries you wrote with it keep the questions they were written with.",
    )


def _put_away_template(db: Handle, user: User, template: own.OwnTemplate) -> None:
    _attempt("templates", lambda: own.put_away_template(db, user.id, template.id), "Put away. Its entries stay.")


def _bring_back_template(db: Handle, user: User, template: own.OwnTemplate) -> None:
    _attempt("templates", lambda: own.bring_back_template(db, user.id, template.id), "Brought back to Write.")


def templates_section(db: Handle, user: User) -> None:
    """On Make it yours: make, change and put away your own templates (up to 6 boxes)."""
    st.caption(
        f"A reflection shaped your way: a name and 1 to {own.MAX_BOXES} boxes, each with its question. "
        "It sits beside Harbour's templates on Write, and only you see it."
    )
    _refused("templates")
    everything = own.templates(db, user.id)
    if not everything:
        st.caption("You haven't made a template of your own yet.")
    for template in [t for t in everything if not t.put_away]:
        with st.container(border=True):
            show_text(template.name)
            for box in template.boxes:
                st.text(f"· {box.label}  ({'long' if box.long else 'short'} answer)")
            with st.expander("Change it"):
                prefix = f"own.template.{template.id}"
                _template_form(prefix, template)
                _refused(prefix)
                st.button("Save the change", key=f"{prefix}.save", on_click=_edit_template, args=(db, user, template))
            st.button(
                "Put away",
                key=f"own.template.away.{template.id}",
                on_click=_put_away_template,
                args=(db, user, template),
                icon=":material/inventory_2:",
            )
    away = [t for t in everything if t.put_away]
    bring_back = [(t.id, t.name, partial(_bring_back_template, db, user, t)) for t in away]
    _put_away("their entries stay in your journal", bring_back, "template")
    with st.expander("Make a new template", expanded=not everything):
        _template_form("own.new_template", None)
        _refused("new_template")
        st.button(
            "Keep this template", key="own.add_template", on_click=_add_template, args=(db, user), icon=":material/add:"
        )


# -- the coach's side -------------------------------------------------------------------------------------------------
def _suggest(db: Handle, user: User, coaching_id: str, key: str) -> None:
    try:
        coaching.suggest_prompt(db, user.id, coaching_id, st.session_state.get(key, ""))
    except (OwnError, coaching.CoachingError) as exc:
        st.session_state[_ERROR] = (key, str(exc))  # refused: the words stay in the box
    else:
        st.session_state[key] = ""  # sent: an empty box, so a second press doesn't send it twice
        session.flash("success", "Suggested. It's waiting on their Write page.")


def suggest_prompt(db: Handle, user: User, coaching_id: str) -> None:
    """For a coach, on the coaching they have with one mentee: suggest a prompt, which the mentee sees on Write and
    may set aside. The coach never sees whether or what the mentee wrote."""
    key = f"own.suggest.{coaching_id}"
    with st.expander("Suggest a prompt", expanded=bool(st.session_state.get(key))):
        st.caption(
            "A question your mentee might like to reflect on. It waits on their Write page, where they may write to "
            "it or set it aside; you won't see whether they did, or what they wrote."
        )
        st.text_area("The prompt", key=key, height=80)
        _refused(key)
        st.button("Suggest it", key=f"{key}.send", on_click=_suggest, args=(db, user, coaching_id, key))


def _put_away(reassurance: str, items: Sequence[tuple[str, str, Callable[[], None]]], kind: str) -> None:
    """What was put away, each (id, the person's words, how to bring it back) with Bring back; their words as text."""
    if not items:
        return
    with st.expander(f"Put away ({len(items)}): {reassurance}"):
        for item_id, words, bring_back in items:
            cols = st.columns([3, 1], vertical_alignment="center")
            cols[0].text(words)
            cols[1].button("Bring back", key=f"own.{kind}.back.{item_id}", on_click=bring_back)
