"""Benchmarks for Cramp Diary: run `make bench` (`python -m bench`); see bench/__main__.py."""
