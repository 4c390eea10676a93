"""Drug classes linked to cramps, as data with their source, and which class a name is in.

The figures are those of one study, and only those (Garrison et al., below): in
4.2 million people aged 50 and over, starting a medicine of the class was followed
by more new prescriptions for cramps in the next year than the other way round
(a sequence-symmetry ratio, with its 95% interval where the study gives one).
Other medicines are listed in drug reference tables as possible causes of
cramps with no figure. Nothing here is advice beyond that: a linked class is
worth discussing with the prescriber, never a reason to stop a medicine alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

GARRISON_2012 = (
    "Garrison SR, Dormuth CR, Morrow RL, Carney GA, Khan KM. Nocturnal leg cramps and "
    "prescription use that precedes them: a sequence symmetry analysis. "
    "Arch Intern Med 2012;172:120–126"
)
GARRISON_SHORT = "Garrison et al., Arch Intern Med 2012;172:120–126"
DRUG_REFERENCES = "listed as a possible cause of cramps in drug reference tables (no figure)"
PRESCRIBER_WORDING = (
    "Worth discussing with your prescriber; never stop or change a medicine on your own."
)


@dataclass(frozen=True)
class DrugClass:
    """A class of medicines and what the source says about it and cramps.

    `linked` is whether the class counts as linked to cramps (the analysis's
    medication factor uses only those); `ratio`, `low`, `high` are the cited
    figure and its 95% interval, None where the source gives none.
    """

    id: str
    title: str
    linked: bool
    source: str
    ratio: float | None = None
    low: float | None = None
    high: float | None = None

    @property
    def figure(self) -> str | None:
        """The cited figure in words, e.g. 'ratio 2.42, 95% CI 2.02–2.89'; None without one."""
        if self.ratio is None:
            return None
        interval = (
            f", 95% CI {self.low:.2f}–{self.high:.2f}"
            if self.low is not None and self.high is not None
            else ""
        )
        return f"ratio {self.ratio:.2f}{interval}"

    @property
    def evidence(self) -> str:
        """One sentence: what the source says about this class, with the source named."""
        if self.ratio is not None:
            return (
                f"{self.title}: in people aged 50 and over, new prescriptions for cramps were "
                f"more common in the year after starting one ({self.figure}; {self.source})."
            )
        if not self.linked:
            return f"{self.title}: not clearly linked to cramps ({self.source})."
        return f"{self.title}: {self.source}."

    @property
    def brief(self) -> str:
        """The class and its figure in a few words, for a list (the report's Medicines block)."""
        if self.ratio is not None:
            return f"{self.title}, {self.figure}"
        if not self.linked:
            return f"{self.title}, not clearly linked to cramps"
        return f"{self.title}, listed in drug reference tables"


RATIO_MEANING = (
    "A ratio: in 4.2 million people aged 50 and over, how much more common new "
    "prescriptions for cramps were in the year after starting a medicine of the class"
)

CLASSES: tuple[DrugClass, ...] = (
    DrugClass("laba", "Long-acting beta agonists", True, GARRISON_SHORT, 2.42, 2.02, 2.89),
    DrugClass(
        "potassium_sparing", "Potassium-sparing diuretics", True, GARRISON_SHORT, 2.12, 1.61, 2.78
    ),
    DrugClass("thiazide", "Thiazide-like diuretics", True, GARRISON_SHORT, 1.48),
    DrugClass("statin", "Statins", True, GARRISON_SHORT, 1.16, 1.04, 1.29),
    DrugClass("loop", "Loop diuretics", False, GARRISON_SHORT),
    DrugClass("arb", "Angiotensin receptor blockers (ARBs)", True, DRUG_REFERENCES),
    DrugClass("donepezil", "Donepezil", True, DRUG_REFERENCES),
    DrugClass("raloxifene", "Raloxifene", True, DRUG_REFERENCES),
    DrugClass("teriparatide", "Teriparatide", True, DRUG_REFERENCES),
)
CLASS_BY_ID = {c.id: c for c in CLASSES}
# Diuretics taken together, as the study also reports them (a name always maps to one class).
DIURETICS_OVERALL = DrugClass(
    "diuretics", "Diuretics overall", True, GARRISON_SHORT, 1.47, 1.33, 1.63
)

# Generic names and common brand names, lower case, to the class id.
_NAMES: dict[str, tuple[str, ...]] = {
    "laba": (
        "salmeterol", "formoterol", "arformoterol", "indacaterol", "olodaterol", "vilanterol",
        "serevent", "foradil", "oxis", "onbrez", "arcapta", "striverdi", "brovana", "perforomist",
        "advair", "seretide", "symbicort", "breo", "relvar", "dulera", "anoro", "stiolto",
    ),
    "potassium_sparing": (
        "spironolactone", "eplerenone", "amiloride", "triamterene",
        "aldactone", "inspra", "midamor", "dyrenium",
    ),
    "thiazide": (
        "hydrochlorothiazide", "hctz", "chlorthalidone", "chlortalidone", "indapamide",
        "metolazone", "bendroflumethiazide", "bendrofluazide", "chlorothiazide",
        "microzide", "hygroton", "thalitone", "lozol", "natrilix", "zaroxolyn", "diuril",
    ),
    "statin": (
        "atorvastatin", "simvastatin", "rosuvastatin", "pravastatin", "lovastatin",
        "fluvastatin", "pitavastatin",
        "lipitor", "zocor", "crestor", "pravachol", "mevacor", "altoprev", "lescol", "livalo",
    ),
    "loop": (
        "furosemide", "frusemide", "bumetanide", "torsemide", "torasemide", "ethacrynic",
        "lasix", "bumex", "demadex", "soaanz",
    ),
    "arb": (
        "losartan", "valsartan", "irbesartan", "candesartan", "olmesartan", "telmisartan",
        "azilsartan", "eprosartan",
        "cozaar", "diovan", "avapro", "atacand", "benicar", "micardis", "edarbi",
    ),
    "donepezil": ("donepezil", "aricept"),
    "raloxifene": ("raloxifene", "evista"),
    "teriparatide": ("teriparatide", "forteo", "forsteo"),
}  # fmt: skip
CLASS_OF_NAME = {name: class_id for class_id, names in _NAMES.items() for name in names}
_WORD = re.compile(r"[a-z]+")


def class_of(name: str) -> DrugClass | None:
    """The class of a medicine as the person wrote it ('Hydrochlorothiazide 25 mg',
    'Lipitor'); None for a name the table does not know (it is kept as written)."""
    for word in _WORD.findall(name.casefold()):
        class_id = CLASS_OF_NAME.get(word)
        if class_id is not None:
            return CLASS_BY_ID[class_id]
    return None
