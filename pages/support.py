"""Support: calm, always reachable (signed in or not), linked from every early-warning signal."""

import streamlit as st

from journal import clock
from journal.content.support import content
from journal.ui import nhs_support, resources, session

support = content()
st.title("Support")
st.markdown(support.intro)
for section in support.sections:
    st.subheader(section.title)
    st.markdown(section.text)
nhs_support.signposts()
st.subheader("If you need to talk now (UK)")
for line in support.lines:
    with st.container(border=True):
        st.markdown(f"**{line.name}** · {line.how}")
        st.caption(line.when)
if (user := session.current_user()) is not None:
    nhs_support.plan_on_support(resources.database(), user, resources.library(), clock.today())
st.caption("Harbour is a journal, not a clinical service: it never diagnoses and it never contacts anyone for you.")
