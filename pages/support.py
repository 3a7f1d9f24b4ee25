"""Support: calm, always reachable (signed in or not), linked from every early-warning signal."""

import streamlit as st

from journal.content.support import content

support = content()
st.title("Support")
st.markdown(support.intro)
for section in support.sections:
    st.subheader(section.title)
    st.markdown(section.text)
st.subheader("If you need to talk now (UK)")
for line in support.lines:
    with st.container(border=True):
        st.markdown(f"**{line.name}** · {line.how}")
        st.caption(line.when)
st.caption("Harbour is a journal, not a clinical service: it never diagnoses and it never contacts anyone for you.")
