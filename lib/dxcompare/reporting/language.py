"""The languages a report can be written in, and the section titles every report shares.

    >>> check_language("vi"), SECTION_TITLES["vi"]["methods"]
    ('vi', 'Phương pháp và giới hạn')

Kept apart from :mod:`findings` and :mod:`methods` so both (and the parameter check) use one
list without importing each other.
"""

from __future__ import annotations

LANGUAGES = ("en", "vi")

SECTION_TITLES = {
    "en": {"findings": "Findings", "methods": "Methods and limitations"},
    "vi": {"findings": "Phát hiện chính", "methods": "Phương pháp và giới hạn"},
}


def check_language(language: str) -> str:
    """``language`` if it is "en" or "vi", else a ValueError listing both."""
    if language not in LANGUAGES:
        raise ValueError(f"language={language!r} is unknown. Fix: use 'en' or 'vi'")
    return language


__all__ = ["LANGUAGES", "SECTION_TITLES", "check_language"]
