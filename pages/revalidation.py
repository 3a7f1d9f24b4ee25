"""Revalidation and CPD: your regulator, then what it asks for, prepared from your everyday entries."""

import streamlit as st

from journal import clock
from journal.content import regulators
from journal.ui import appraisal, hcpc, nmc, profession, resources, session

db, lib = resources.database(), resources.library()
user = session.require_user()
today = clock.today()

st.title("Revalidation and CPD")
session.show_flashes()
st.markdown(
    "Your everyday entries can become your regulator's evidence here, without typing anything twice. "
    "Everything on this page is yours alone: Harbour never sends it to your regulator, your coach or a group."
)
chosen = profession.choose(db, user, today)
if chosen.regulator == regulators.NMC:
    nmc.show(db, user, lib, today)
elif chosen.regulator == regulators.HCPC:
    hcpc.show(db, user, lib, today)
elif chosen.regulator == regulators.GMC:
    appraisal.show(db, user, lib, today)
else:
    st.info(
        "Choose your regulator above and Harbour shows what it asks for: the NMC's revalidation, the HCPC's CPD "
        "profile, or reflections for a doctor's appraisal.",
        icon=":material/info:",
    )
