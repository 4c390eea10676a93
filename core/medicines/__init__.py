"""Medicines with dates: the list a person keeps, the drug classes linked to cramps (with
their source), and how the list turns into the medication factor of the analysis."""
