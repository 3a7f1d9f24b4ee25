"""The only Streamlit-aware part of the package: cached resources, session keys and widgets."""
