"""Context from the phone and the weather: Apple Health, Health Connect and Open-Meteo.

Pure parsing: each reader takes a stream or rows it is handed (opening files,
zips, databases and the network is db/'s job) and gives per-night values that
fill only the blanks of a diary.
"""
