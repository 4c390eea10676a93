"""The lock of phone mode: without the pairing key no page of the diary is sent.

`make run` is loopback-only and has no lock. Under `make phone` the entry file
calls `unlocked()` before it routes, on every run of every page. The key comes
from the address (`?key=…`, which the home-screen link keeps) or from this
browser session, and is checked against the stored hash each time, so a
replaced key locks every phone at once.
"""

from __future__ import annotations

import streamlit as st

from core.access import KEY_PARAM, key_matches
from dashboard.phone.pairing import phone_mode, read_key_hash

ACCESS_KEY_STATE = "access_key"


def unlocked() -> bool:
    """Whether this browser may see the diary (always, outside phone mode)."""
    mode = phone_mode()
    if mode is None:
        return True
    from_address = st.query_params.get(KEY_PARAM)
    offered = from_address or st.session_state.get(ACCESS_KEY_STATE)
    if not key_matches(offered, read_key_hash(folder=mode.folder)):
        st.session_state.pop(ACCESS_KEY_STATE, None)
        return False
    assert offered is not None
    st.session_state[ACCESS_KEY_STATE] = offered
    if from_address != offered:
        # Moving between pages clears the address's query; putting the key back means a
        # reload, or a home-screen link made on any page, stays paired.
        st.query_params[KEY_PARAM] = offered
    return True


def current_key() -> str | None:
    """The key this session was opened with (phone mode only)."""
    key = st.session_state.get(ACCESS_KEY_STATE)
    return str(key) if key else None


def show_locked() -> None:
    """The only page a browser without the key gets: nothing from the diary."""
    st.title("This diary is locked")
    st.write(
        "Open it with the pairing address shown when the app was started on the computer, "
        "or scan the code under Settings → Use on your phone on a device that is already paired."
    )
