"""The provider report on paper and in a file: the PDF, the HTML file and the print charts.

Nothing here imports Streamlit, so a command line can build the same files as the
Provider report page.
"""
