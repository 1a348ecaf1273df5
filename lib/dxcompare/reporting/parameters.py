"""A notebook's parameters checked in its first cell after them, before any work.

    >>> province, province_map = check_parameters("../seeds", province="binh dinh",
    ...                                           province_map="63")      # doctest: +SKIP
    >>> province
    'Bình Định'

A name typed without diacritics ("binh dinh", "ha noi") is matched to the corpus's spelling; a
name that matches nothing is a :class:`~dxcompare.errors.ParameterError` that lists every valid
name and the closest ones. So a misspelt province fails at the cell after the parameters, not at
cell 7 of a profile with a ``KeyError``.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from dxcompare._text.marks import ascii_words
from dxcompare.errors import ParameterError
from dxcompare.reporting.language import LANGUAGES


class CheckedParameters(tuple):
    """The checked values in the order they were given; also readable by name.

    >>> p = CheckedParameters({"province": "Bình Định", "province_map": "63"})
    >>> tuple(p), p.province
    (('Bình Định', '63'), 'Bình Định')
    """

    _names: tuple[str, ...]

    def __new__(cls, values: dict[str, Any]) -> CheckedParameters:
        self = super().__new__(cls, tuple(values.values()))
        self._names = tuple(values)
        return self

    def __getattr__(self, name: str) -> Any:
        names = object.__getattribute__(self, "_names")
        if name in names:
            return self[names.index(name)]
        raise AttributeError(name)

    def as_dict(self) -> dict[str, Any]:
        return dict(zip(self._names, self, strict=True))


def _closest(name: str, valid: Sequence[str], n: int = 3) -> list[str]:
    """The valid names nearest to ``name``, compared without diacritics ("Bin Dinh" -> Bình Định)."""
    keys = {ascii_words(v): v for v in valid}
    near = difflib.get_close_matches(ascii_words(name), list(keys), n=n, cutoff=0.6)
    return [keys[k] for k in near]


def _unknown(kind: str, value: Any, valid: Sequence[str], fix: str) -> ParameterError:
    near = _closest(str(value), valid) if isinstance(value, str) else []
    hint = f" Did you mean {', '.join(repr(v) for v in near)}?" if near else ""
    listed = ", ".join(valid) if valid else "none"
    return ParameterError(
        f"{kind} {value!r} is not in this corpus.{hint} Valid: {listed}. Fix: {fix}"
    )


def match_name(value: str, valid: Sequence[str], kind: str = "province") -> str:
    """``value`` spelt as in ``valid``: exact, else the same letters without diacritics or case.

    >>> match_name("ha noi", ["Bình Định", "Hà Nội"])
    'Hà Nội'
    """
    if not isinstance(value, str) or not value.strip():
        raise ParameterError(
            f"{kind} {value!r}: give a name, e.g. {valid[0] if valid else '...'!r}"
        )
    import unicodedata

    text = unicodedata.normalize("NFC", value.strip())
    if text in valid:
        return text
    folded = [v for v in valid if ascii_words(v) == ascii_words(text)]
    if len(folded) == 1:
        return folded[0]
    raise _unknown(kind, value, valid, f"set {kind} to one of the valid names")


def _corpus_groups(corpus_path: Any, by: str) -> list[str]:
    from dxcompare.analyze.grouping import group_labels
    from dxcompare.corpus.build import load_keeping
    from dxcompare.reporting.subset import _known_groups

    # the notebook's own load_corpus, next, reuses the tables read here instead of reading them again
    corpus = load_keeping(corpus_path)
    return _known_groups(group_labels(corpus.documents, by))


def _check_theme(theme: Any, codebook: Any) -> Any:
    """A theme id of the codebook; its id, English or Vietnamese label typed any way finds it."""
    if theme is None or theme == "":
        return theme
    from dxcompare.analyze.codebook import load_codebook

    cb = load_codebook(codebook)
    if theme in cb.themes:
        return theme
    wanted = ascii_words(str(theme))
    for t in cb.themes:
        if wanted in (
            ascii_words(t),
            ascii_words(cb.label(t, "en")),
            ascii_words(cb.label(t, "vi")),
        ):
            return t
    raise _unknown("theme", theme, list(cb.themes), "set theme to one of the theme ids")


def check_parameters(corpus_path: Any, **named: Any) -> CheckedParameters:
    """Check a notebook's parameters; return them (``named``'s order) spelt as the corpus spells them.

    Known names: ``province`` (one name), ``provinces`` (None or a list), ``province_map``
    ("63"/"34"), ``codebook`` (None or a path), ``theme`` (id or label), ``language``
    ("en"/"vi"), ``n_boot`` (a whole number >= 0), ``output_dir``. Any other name is returned as
    given. Province names are matched without diacritics or case against the corpus's provinces
    on the chosen map; the error lists the valid names and the closest ones.

    >>> province, = check_parameters("seeds", province="hai phong")   # doctest: +SKIP
    """
    from dxcompare.reporting.plan import check_corpus_path
    from dxcompare.reporting.subset import province_column

    if corpus_path is None or str(corpus_path) == "":
        raise ParameterError("corpus_path is empty. Fix: set it to the folder of documents")
    check_corpus_path(corpus_path)
    out: dict[str, Any] = {}
    by = province_column(named.get("province_map", "63"))
    groups: list[str] | None = None
    for name, value in named.items():
        if name == "province_map":
            province_column(value)
            value = str(value).strip()
        elif name in ("province", "provinces"):
            if name == "provinces" and (
                value is None or (not isinstance(value, str) and len(value) == 0)
            ):
                out[name] = value
                continue
            groups = groups if groups is not None else _corpus_groups(corpus_path, by)
            if name == "province" or isinstance(value, str):
                value = (
                    match_name(value, groups) if name == "province" else [match_name(value, groups)]
                )
            else:
                value = [match_name(v, groups) for v in value]
        elif name == "codebook" and value not in (None, ""):
            if not Path(os.fspath(value)).expanduser().is_file():
                raise ParameterError(
                    f"codebook {value!r}: file not found. Fix: None uses dxcompare's codebook"
                )
        elif name == "theme":
            value = _check_theme(value, named.get("codebook"))
        elif name == "language" and value not in LANGUAGES:
            raise ParameterError(f"language={value!r} is unknown. Fix: use 'en' or 'vi'")
        elif name == "n_boot" and (
            isinstance(value, bool) or not isinstance(value, int) or value < 0
        ):
            raise ParameterError(f"n_boot={value!r}: use a whole number >= 0 (e.g. 1000)")
        out[name] = value
    return CheckedParameters(out)
