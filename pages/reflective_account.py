"""Reflective account: an entry on the NMC's reflective accounts form, reworded, ticked against the Code, printed."""

import uuid

import streamlit as st

from journal import clock
from journal.reflect import entries
from journal.reflect import reflective_account as reflective
from journal.store import StoreError
from journal.ui import evidence, nav, resources, session

db = resources.database()
user = session.require_user()
lib, today = resources.library(), clock.today()

st.title("Reflective account")
session.show_flashes()
st.info(reflective.standing(db, user.id, today), icon=":material/verified:")
st.caption(
    "Harbour counts the accounts you prepare here. The NMC counts the three years since your registration was "
    "last renewed, so it's worth checking your own dates too."
)
nav.link(nav.REVALIDATION, "Revalidation and CPD: your whole portfolio")
options = {item.id: item for item in reflective.choices(db, user.id)}
if not options:
    st.markdown(
        "A reflective account starts from an entry in your journal, so write one first. The *Gibbs' reflective "
        "cycle* and *What? So what? Now what?* reflections fit the NMC's form best."
    )
    nav.link(nav.WRITE, "Write an entry")
    st.stop()

st.markdown(
    "Choose an entry and Harbour fills in the NMC's reflective accounts form from it. Change the wording here "
    "as much as you like: your entry stays just as it is."
)
entry_id = st.selectbox(
    "Entry", list(options), key="reflective.entry", format_func=lambda i: reflective.describe_choice(lib, options[i])
)
entry = entries.get(db, user.id, entry_id)
if entry is None:  # gone since the list was drawn (deleted in another tab)
    st.info("That entry isn't in your journal any more. Please choose another.")
    st.stop()


def key(name: str) -> str:
    return f"reflective.{entry.id}.{name}"


for name, text in reflective.from_entry(entry, lib).texts().items():
    st.session_state.setdefault(key(name), text)  # pre-filled once; the person's edits are kept from then on
texts = {name: st.text_area(reflective.HEADINGS[name], key=key(name), height=180) for name in reflective.SECTIONS}
st.markdown("**Themes of the Code** (tick one or more)")
ticked = [t.id for t in reflective.CODE_THEMES if st.checkbox(f"**{t.name}**: {t.description}", key=key(t.id))]
texts["relevance"] = st.text_area(reflective.RELEVANCE, key=key("relevance"), height=140)
account = reflective.ReflectiveAccount(entry.id, entry.entry_date, themes=tuple(ticked), **texts)

checked = evidence.checked_before_download(account.texts().values(), key("evidence"))
if missing := reflective.unprintable(account):
    st.warning("Harbour's font can't print these characters, so they'd be left out of the PDF:")
    st.text(" ".join(missing))


def record(account_id: str, prepared: reflective.ReflectiveAccount) -> None:
    try:
        if reflective.prepare(db, user.id, account_id, prepared):
            session.flash("success", "Counted towards your five. Keep the PDF with your revalidation portfolio.")
    except (reflective.ReflectiveAccountError, StoreError) as exc:
        session.flash("warning", f"Your PDF is yours to keep, but Harbour couldn't count it just now. {exc}")


if (reason := reflective.problem(account)) is not None:
    st.error(reason, icon=":material/info:")
elif checked:
    st.download_button(
        "Download the form (PDF)",
        reflective.render_pdf(account),
        file_name=reflective.file_name(account),
        mime="application/pdf",
        key=key("download"),
        on_click=record,
        args=(st.session_state.setdefault(key("id"), str(uuid.uuid4())), account),  # one account, however many clicks
        type="primary",
        icon=":material/download:",
    )
    st.caption("Harbour doesn't send it anywhere: print it, or keep it with your portfolio.")
