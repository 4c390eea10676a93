"""The floor the app's pages are timed against: a bare Streamlit page with a title and
three Plotly charts, nothing read from a database (`streamlit run bench/bare_page.py`)."""

import plotly.graph_objects as go
import streamlit as st

st.title("Bare page")
nights = list(range(1, 31))
for chart in range(3):
    figure = go.Figure(go.Bar(x=nights, y=[(n * (chart + 3)) % 7 for n in nights]))
    st.plotly_chart(figure, key=f"chart{chart}")
