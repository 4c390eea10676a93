"""The stored profile: risk factors and the person's own thresholds."""

from __future__ import annotations

import dataclasses

from sqlalchemy import Engine
from sqlmodel import Session

from core.profile import Profile, validate_profile
from db.models import ProfileRow
from db.repository.sessions import reading, writing

PROFILE_FIELDS = tuple(f.name for f in dataclasses.fields(Profile))


def get_profile(*, engine: Engine) -> Profile:
    """The stored profile, or the defaults when none is stored yet."""
    with reading(engine) as session:
        row = session.get(ProfileRow, 1)
        if row is None:
            return Profile()
        return Profile(**{name: getattr(row, name) for name in PROFILE_FIELDS})


def store_profile(session: Session, profile: Profile) -> None:
    """Write the profile inside the caller's transaction (already checked)."""
    row = session.get(ProfileRow, 1) or ProfileRow(id=1)
    for name in PROFILE_FIELDS:
        setattr(row, name, getattr(profile, name))
    session.add(row)


def save_profile(*, engine: Engine, profile: Profile) -> None:
    """Store the profile (risk factors and thresholds)."""
    validate_profile(profile)
    with writing(engine) as session:
        store_profile(session, profile)
