"""The NHS's own support structures in Harbour: the wellbeing plan (its yearly review on Write, and on Support with
a PDF for the health and wellbeing conversation), the NHS's own signposts on Support, and what Write's "What next?"
offers after a traumatic or distressing event. Reviewed words come from support.toml; the person's words are shown
as text."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import streamlit as st

from journal.accounts import User
from journal.content.library import Library
from journal.content.support import content
from journal.reflect import wellbeing
from journal.reflect.entries import Entry
from journal.reflect.wellbeing import Plan
from journal.store import Handle
from journal.text.words import nice_date
from journal.ui import evidence, nav

AFTER_EVENT = "after_event"  # the template whose "What next?" offers the two look backs and peer support


def _review(plan: Plan, lib: Library) -> None:
    nav.start_entry(wellbeing.review_input(plan, lib))


def on_write(db: Handle, user: User, lib: Library, today: date, start: Callable[[str], None]) -> None:
    """On Write: a gentle note when the person's wellbeing plan is due its review (at least yearly), with "Review it"
    starting a new plan filled in from the last. Nothing for someone without a plan: Write lists the template."""
    plan = wellbeing.review_due(db, user.id, today)
    if plan is None:
        return
    words = content().wellbeing
    with st.container(border=True, key="wellbeing-review"):
        st.markdown(f"**{words.heading}**")
        st.caption(f"{words.review_due} You wrote it on {nice_date(plan.written_on)}.")
        if st.button(words.review_button, key="wellbeing.review", icon=":material/favorite:"):
            _review(plan, lib)


def signposts() -> None:
    """On Support: what the NHS offers its own staff (reviewed words)."""
    st.subheader("Support the NHS offers its staff")
    for section in content().nhs:
        with st.container(border=True):
            st.markdown(f"**{section.title}**")
            st.markdown(section.text)


def plan_on_support(db: Handle, user: User | None, lib: Library, today: date) -> None:
    """On Support, for someone signed in with a wellbeing plan: when it was written, when to review it, and a PDF of
    it to bring to the conversation, offered once the identifiability check is passed."""
    plan = wellbeing.newest(db, user.id) if user is not None else None
    if user is None or plan is None:
        return
    words = content().wellbeing
    st.subheader(words.heading)
    with st.container(border=True, key="wellbeing-plan"):
        st.markdown(words.about)
        when = "It's time to look it over." if plan.due(today) else f"Review it by {nice_date(plan.review_on)}."
        st.caption(f"Written on {nice_date(plan.written_on)}. {when}")
        with st.expander("Read your plan"):
            for question, answer in wellbeing.questions_and_answers(plan, lib):
                if question:
                    st.markdown(f"**{question}**")  # the reviewed question: our words
                st.text(answer)  # theirs, as text
        if st.button(words.review_button, key="support.wellbeing.review", icon=":material/favorite:"):
            _review(plan, lib)
        if missing := wellbeing.unprintable(plan, lib):
            st.caption("Some characters can't be printed and will be missing from the PDF:")
            st.text(" ".join(missing))  # their characters, as text
        if evidence.checked_before_download(wellbeing.texts(plan, lib), "support.wellbeing"):
            st.download_button(
                "Download your plan (PDF)",
                data=wellbeing.render_pdf(plan, lib, words),
                file_name=wellbeing.file_name(plan),
                mime="application/pdf",
                key="support.wellbeing.pdf",
                icon=":material/download:",
            )


def next_steps(entry: Entry) -> None:
    """In Write's "What next?": after a traumatic or distressing event, the employer's peer support and the Support
    page, gently (the look backs themselves are offered by checkbacks.offer); after a wellbeing plan, where it is."""
    if entry.template == AFTER_EVENT:
        st.caption(content().after_event.peer_support)
        nav.link(nav.SUPPORT, "Support: people to talk to, and peer support")
    elif entry.template == wellbeing.TEMPLATE:
        st.caption(content().wellbeing.saved)
        nav.link(nav.SUPPORT, "Your wellbeing plan, on Support")


def looking_back(original: Entry) -> None:
    """Above a look back on an entry written after a distressing event: whatever it feels like now is allowed, and
    where to find someone to talk to."""
    if original.template == AFTER_EVENT:
        st.caption(content().after_event.looking_back)
        nav.link(nav.SUPPORT, "Support: people to talk to, and peer support")
