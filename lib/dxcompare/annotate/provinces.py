"""Province gazetteer: find Viet Nam's provinces in text, resolve their names, map 63 -> 34 units.

Data (editable, in ``dxcompare/data``): ``provinces.csv`` (the 63 units before 1 July 2025, their
region, the 34-unit province each became, and the surface forms matched in text),
``provinces_2025.csv`` (the 34 units) and ``province_traps.csv`` (what is *not* a mention).

Canonical names carry diacritics and no "Tỉnh"/"Thành phố": "Hồ Chí Minh", "Thừa Thiên Huế",
"Bà Rịa - Vũng Tàu". On the 34-unit map the city that Thừa Thiên Huế became is "Huế"; the other 33
keep the name of one of the units merged into them ("Gia Lai", "Đà Nẵng").

Decisions about the language (see also the notes in ``province_traps.csv``):

- Matching is case-sensitive on capitalized names, plus their ALL CAPS form: "hòa bình" (peace) is
  not "Hòa Bình". Old tone placement ("Thanh Hoá"), the Latin ETH ("Bình Ðịnh") and NFD text match
  too. Word boundaries understand Vietnamese letters, so "Lào" (Laos) is not "Lào Cai".
- A prefix (tỉnh, thành phố, TP., Tp) is part of the surface but not of the name.
- "Hồ Chí Minh" alone is the person (tư tưởng Hồ Chí Minh, Đoàn TNCS Hồ Chí Minh, Lăng Chủ tịch Hồ
  Chí Minh): the city needs a prefix (TP.HCM, TP Hồ Chí Minh, Thành phố Hồ Chí Minh) or is written
  HCMC / Sài Gòn. Bare "HCM" is not matched.
- "Thủ đô" (capital T) is Hà Nội only where the same text also names Hà Nội, and not when another
  capitalized name follows ("Thủ đô Viêng Chăn"). "Luật Thủ đô" is a law's title, not a mention.
- Parts of a two-part name count as the province: "Huế", "Thừa Thiên", "Vũng Tàu", "Bà Rịa".
  Other places below province level (Hoàn Kiếm, Hòa Lạc, Hoài Nhơn, Nha Trang) are not mapped.
- "Điện Biên Phủ" (the 1954 battle, many streets) is not a mention; "TP Điện Biên Phủ" is Điện Biên.
- "Quảng Nam - Đà Nẵng" (the 1976-1996 province) counts both Quảng Nam and Đà Nẵng; "Hà Nam Ninh"
  (1976-1991) counts none, so "Hà Nam" does not fire inside it; "Thái Bình Dương" (the Pacific)
  counts none.
- A name right after a district/commune word ("huyện Quảng Ninh", "xã Hòa Bình"), a street word
  ("đường Hà Nội", "phố Huế") or a person word ("Nguyễn Thái Bình", "chị Huế") is not a mention,
  unless the name carries its own prefix.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from dxcompare._text.data import bundled_csv
from dxcompare._text.marks import strip_marks
from dxcompare._text.patterns import HSPACE
from dxcompare.errors import ParameterError

MENTION_COLUMNS = ["start", "end", "surface", "province", "province_2025"]
CAPITAL = "Hà Nội"
CAPITAL_ALIAS = "Thủ đô"

_W = r"\w\u0300-\u036f"  # a word character, including combining marks (NFD text)
_SP = HSPACE + "+"  # spaces on one line, NBSP included
_DASH = HSPACE + r"*[-\u2010-\u2014]" + HSPACE + "*"
_TP_ABBREVIATION = rf"(?:TP|Tp|tp|T\.P)(?:\.{HSPACE}*|{_SP})?"  # TP.HCM, TP. HCM, TPHCM, Tp HCM
_CITY_WORDS = ["thành phố", "Thành phố", "Thành Phố", "THÀNH PHỐ"]
_PROVINCE_WORDS = ["tỉnh", "Tỉnh", "TỈNH"]
_TONES = "\u0300\u0301\u0303\u0309\u0323"
# In NFD, an open syllable ending in oa/oe/uy: traditional "hòa" puts the tone on the first vowel,
# the new style "hoà" on the second ("quý" is not such a syllable: its u belongs to qu).
_NEW_STYLE = re.compile(rf"(?<![qQ])([oOuU])([aeyAEY])([{_TONES}])(?![{_W}])")
_OLD_STYLE = re.compile(rf"(?<![qQ])([oOuU])([{_TONES}])([aeyAEY])(?![{_W}])")
_KEY_PREFIX = re.compile(r"^(?:tỉnh|thành phố|tp\.?|t\.p\.?)\s*")


# ---------------------------------------------------------------- data


@dataclass(frozen=True)
class _Gazetteer:
    units63: pd.DataFrame
    units34: pd.DataFrame
    to_2025: dict[str, str]
    by_key: dict[str, str]  # normalized core of any surface form -> 63-unit name
    by_fold: dict[str, str]  # the same without diacritics, spaces or hyphens (unambiguous only)
    traps: dict[str, frozenset[str]]
    pattern: re.Pattern[str]


def _read_data_csv(name: str) -> list[dict[str, str]]:
    return bundled_csv(name)


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    rows63 = _read_data_csv("provinces.csv")
    rows34 = _read_data_csv("provinces_2025.csv")
    trap_rows = _read_data_csv("province_traps.csv")
    traps: dict[str, set[str]] = {}
    for row in trap_rows:
        traps.setdefault(row["kind"], set()).add(row["text"])
    units63 = pd.DataFrame(
        {
            "province": [r["province"] for r in rows63],
            "type": [r["type"] for r in rows63],
            "region": [r["region"] for r in rows63],
            "code": [r["code"] for r in rows63],
            "province_2025": [r["province_2025"] for r in rows63],
            "variants": [r["variants"].split("|") for r in rows63],
        }
    )
    compounds = frozenset(w.lower() for w in traps.get("compound", ()))
    by_key = _surface_keys(units63)
    units34 = _units34_table(rows34, units63)
    for name34 in units34["province"]:  # "Huế" names the unit Thừa Thiên Huế became
        by_key.setdefault(_key(name34), _namesake(name34, units63))
    return _Gazetteer(
        units63=units63,
        units34=units34,
        to_2025=dict(zip(units63["province"], units63["province_2025"], strict=True)),
        by_key=by_key,
        by_fold=_fold_index(by_key),
        traps={k: frozenset(v) for k, v in traps.items()} | {"compound": compounds},
        pattern=_compile_pattern(units63, traps.get("phrase", set())),
    )


def _units34_table(rows34: list[dict[str, str]], units63: pd.DataFrame) -> pd.DataFrame:
    variants = dict(zip(units63["province"], units63["variants"], strict=True))
    names = [r["province"] for r in rows34]
    return pd.DataFrame(
        {
            "province": names,
            "type": [r["type"] for r in rows34],
            "region": [None] * len(rows34),
            "code": [r["code"] for r in rows34],
            "merged_from": [r["merged_from"].split("|") for r in rows34],
            "variants": [_dedupe([n, *variants[_namesake(n, units63)]]) for n in names],
        }
    )


def _namesake(name34: str, units63: pd.DataFrame) -> str:
    """The 63-map unit whose name the 34-map unit carries ("Huế" -> "Thừa Thiên Huế")."""
    if name34 in set(units63["province"]):
        return name34
    for province, variants in zip(units63["province"], units63["variants"], strict=True):
        if name34 in variants:
            return province
    raise ValueError(f"provinces_2025.csv: {name34!r} names no unit of provinces.csv")


def _dedupe(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _surface_keys(units63: pd.DataFrame) -> dict[str, str]:
    by_key: dict[str, str] = {}
    for province, variants in zip(units63["province"], units63["variants"], strict=True):
        for core in [province, *(_strip_tp(v)[1] for v in variants)]:
            owner = by_key.setdefault(_key(core), province)
            if owner != province:
                raise ValueError(f"provinces.csv: {core!r} is listed for {owner} and {province}")
    return by_key


def _fold_index(by_key: dict[str, str]) -> dict[str, str]:
    seen: dict[str, set[str]] = {}
    for key, province in by_key.items():
        seen.setdefault(_fold(key), set()).add(province)
    return {f: next(iter(p)) for f, p in seen.items() if len(p) == 1}


# ---------------------------------------------------------------- normalization of names


def _traditional_tones(text: str) -> str:
    return unicodedata.normalize(
        "NFC", _NEW_STYLE.sub(r"\1\3\2", unicodedata.normalize("NFD", text))
    )


def _new_style_tones(text: str) -> str:
    return unicodedata.normalize(
        "NFC", _OLD_STYLE.sub(r"\1\3\2", unicodedata.normalize("NFD", text))
    )


def _key(name: str) -> str:
    """The lookup key of a name: NFC, Đ for Ð, traditional tones, one spacing, case-folded."""
    text = unicodedata.normalize("NFC", name).replace("\u00d0", "Đ").replace("\u00f0", "đ")
    text = _traditional_tones(text)
    text = re.sub(r"\s*[-\u2010-\u2014]\s*", "-", text)
    return re.sub(r"\s+", " ", text).strip().casefold()


def _fold(text: str) -> str:
    """Without diacritics, spaces or hyphens: "Đắk Lắk", "Dak Lak", "daklak" -> "daklak"."""
    return re.sub(r"[\W_]+", "", strip_marks(_key(text)))


def _strip_tp(variant: str) -> tuple[bool, str]:
    """("TP Hồ Chí Minh") -> (True, "Hồ Chí Minh"): a leading "TP " marks a required city prefix."""
    if variant.startswith("TP "):
        return True, variant[3:]
    return False, variant


# ---------------------------------------------------------------- the matcher


def _forms(surface: str) -> set[str]:
    """A surface in every spelling the matcher accepts: tone styles, ALL CAPS, NFC and NFD."""
    base = {surface, _traditional_tones(surface), _new_style_tones(surface)}
    base |= {s.upper() for s in base}
    return base | {unicodedata.normalize("NFD", s) for s in base}


def _atoms(form: str) -> list[str]:
    atoms = []
    for m in re.finditer(r"\s*[-\u2010-\u2014]\s*|\s+|.", form):
        piece = m.group()
        if piece.strip() in {"-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014"}:
            atoms.append(_DASH)
        elif piece.isspace():
            atoms.append(_SP)
        elif piece == "Đ":
            atoms.append("[Đ\u00d0]")
        elif piece == "đ":
            atoms.append("[đ\u00f0]")
        else:
            atoms.append(re.escape(piece))
    return atoms


def _trie_regex(forms: Iterable[str]) -> str:
    """One regex for many strings, factored as a trie so matching stays linear in the text."""
    root: dict = {}
    for form in forms:
        node = root
        for atom in _atoms(form):
            node = node.setdefault(atom, {})
        node[""] = {}
    return _emit(root)


def _emit(node: dict) -> str:
    branches = [atom + _emit(child) for atom, child in node.items() if atom]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body  # the longer name is tried first


def _compile_pattern(units63: pd.DataFrame, trap_phrases: Iterable[str]) -> re.Pattern[str]:
    required: set[str] = set()
    optional: set[str] = {CAPITAL_ALIAS}
    for variants in units63["variants"]:
        for variant in variants:
            needs_prefix, core = _strip_tp(variant)
            (required if needs_prefix else optional).add(core)
    city = f"(?:{_trie_regex(_expand(_CITY_WORDS))}{_SP}|{_TP_ABBREVIATION})"
    province = f"(?:{_trie_regex(_expand(_PROVINCE_WORDS))}{_SP})"
    return re.compile(
        # a name that needs its prefix ("TP Điện Biên Phủ") first, then a trap ("Điện Biên Phủ")
        rf"(?<![{_W}])(?:(?P<rpfx>{city})(?P<rcore>{_trie_regex(_expand(required))})"
        rf"|(?P<trap>(?:{province}|{city})?{_trie_regex(_expand(trap_phrases))})"
        rf"|(?P<pfx>{province}|{city})?(?P<core>{_trie_regex(_expand(optional))}))(?![{_W}])"
    )


def _expand(surfaces: Iterable[str]) -> set[str]:
    return {form for s in surfaces for form in _forms(s)}


# ---------------------------------------------------------------- guards on the context


# The word before a name, unless glued to another by & / - ("Sở TT&TT Hà Nội" is not "thị trấn").
_PREVIOUS_WORD = re.compile(rf"(?<![&/\-{_W}])([{_W}]+)\.?{_SP}$")
_NEXT_WORD = re.compile(rf"{_SP}([{_W}])")


def _blocked_by_context(text: str, start: int, traps: dict[str, frozenset[str]]) -> bool:
    """True when the words before a bare name make it a district, street or person."""
    tail = text[max(0, start - 60) : start]
    m = _PREVIOUS_WORD.search(tail)
    if not m:
        return False
    before = re.findall(rf"[{_W}]+", tail[: m.start()])[-4:]
    last = {m.group(1), " ".join([*before[-1:], m.group(1)])}
    if {w.lower() for w in last} & traps.get("compound", frozenset()):
        return False
    if last & (traps.get("street", frozenset()) | traps.get("person", frozenset())):
        return True
    if last & traps.get("unit", frozenset()):
        plural = traps.get("plural", frozenset())
        return not any(w in plural or w.isdigit() for w in before)
    return False


def _names_another_capital(text: str, end: int) -> bool:
    m = _NEXT_WORD.match(text, end)
    return bool(m and m.group(1).isupper())


# ---------------------------------------------------------------- finding mentions


def find_provinces(text: str) -> pd.DataFrame:
    """Every province mention in ``text``, sorted by start; ``text[start:end] == surface``.

    >>> find_provinces("UBND tỉnh Thanh Hoá và TP.HCM")[["surface", "province"]].values.tolist()
    [['tỉnh Thanh Hoá', 'Thanh Hóa'], ['TP.HCM', 'Hồ Chí Minh']]
    """
    return _mentions_frame(_find(text or ""))


def _find(text: str, capital_context: bool = False) -> list[tuple[int, int, str, str]]:
    """(start, end, surface, province) tuples. ``capital_context``: Hà Nội is named elsewhere."""
    gaz = _gazetteer()
    found: list[tuple[int, int, str, str]] = []
    aliases: list[tuple[int, int, str, str]] = []
    for m in gaz.pattern.finditer(text):
        if m.group("trap") is not None:
            continue
        start, end = m.span()
        if m.group("rcore") is not None:
            found.append((start, end, m.group(), gaz.by_key[_key(m.group("rcore"))]))
            continue
        core = m.group("core")
        if m.group("pfx") is None and _blocked_by_context(text, start, gaz.traps):
            continue
        if _key(core) == _key(CAPITAL_ALIAS):
            aliases.append((start, end, m.group(), CAPITAL))
        else:
            found.append((start, end, m.group(), gaz.by_key[_key(core)]))
    if capital_context or any(p == CAPITAL for *_, p in found):
        found += [a for a in aliases if not _names_another_capital(text, a[1])]
    return sorted(found)


def _mentions_frame(found: list[tuple[int, int, str, str]]) -> pd.DataFrame:
    to_2025 = _gazetteer().to_2025
    # Object columns at construction (not pandas' str inference, not a Series per column: no
    # index alignment), then the int64 offsets: ~3x cheaper per document, the same table.
    frame = pd.DataFrame(
        {
            "start": [f[0] for f in found],
            "end": [f[1] for f in found],
            "surface": [f[2] for f in found],
            "province": [f[3] for f in found],
            "province_2025": [to_2025[f[3]] for f in found],
        },
        columns=MENTION_COLUMNS,
        dtype=object,
    )
    frame["start"] = np.array([f[0] for f in found], dtype=np.int64)
    frame["end"] = np.array([f[1] for f in found], dtype=np.int64)
    return frame


# ---------------------------------------------------------------- names


def resolve_province(name: str) -> str | None:
    """The canonical 63-unit name of any spelling of a 63- or 34-unit name; None if unknown.

    >>> resolve_province("TP.HCM"), resolve_province("Thanh Hoá"), resolve_province("Huế")
    ('Hồ Chí Minh', 'Thanh Hóa', 'Thừa Thiên Huế')
    """
    if not isinstance(name, str) or not name.strip():
        return None
    gaz = _gazetteer()
    key = _KEY_PREFIX.sub("", _key(name))
    found = gaz.by_key.get(key) or gaz.by_fold.get(_fold(key))
    if found is None and key != _key(name):  # a name that itself starts like a prefix
        found = gaz.by_key.get(_key(name))
    return found


def province_2025(name: str) -> str | None:
    """The 34-unit province (from 1 July 2025) of a 63-unit province: "Bình Định" -> "Gia Lai"."""
    province = resolve_province(name)
    return None if province is None else _gazetteer().to_2025.get(province, province)


def province_table(map: str = "63") -> pd.DataFrame:
    """One row per unit of the 63-unit (default) or 34-unit map.

    63: province, type ("tỉnh"/"thành phố"), region (GSO), code, province_2025, variants (list).
    34: province, type, region (None: no official regions yet), code, merged_from (list of
    63-map units), variants (list). A variant starting with "TP " needs a city prefix in text:
    "TP Hồ Chí Minh" matches "TP. Hồ Chí Minh" and "Thành phố Hồ Chí Minh", never bare "Hồ Chí Minh".
    """
    gaz = _gazetteer()
    table = gaz.units63 if _map_name(map) == "63" else gaz.units34
    return table.copy(deep=True)


def validate_provinces(names: Iterable[str], map: str = "63") -> list[str]:
    """Canonical names for ``names`` on the given map; ParameterError names any unknown one.

    >>> validate_provinces(["Ha Noi", "TP.HCM"])
    ['Hà Nội', 'Hồ Chí Minh']
    """
    which = _map_name(map)
    if isinstance(names, str):
        names = [names]
    return [_validate_one(name, which) for name in names]


def _map_name(map: str | int) -> str:
    which = str(map).strip()
    if which not in {"63", "34"}:
        raise ParameterError(
            f"Unknown province map {map!r}. Fix: use map='63' (before 1 July 2025) "
            "or map='34' (from 1 July 2025)."
        )
    return which


def _validate_one(name: str, which: str) -> str:
    province = resolve_province(name)
    if province is None:
        raise ParameterError(_unknown_message(name, which))
    if which == "63":
        return province
    new = _gazetteer().to_2025[province]
    if resolve_province(new) != province:
        raise ParameterError(
            f"Province {name!r} is not a unit of the 34-unit map: {province} merged into {new} "
            f"on 1 July 2025. Fix: use {new!r}, or map='63'."
        )
    return new


def _unknown_message(name: object, which: str) -> str:
    valid = list(province_table(which)["province"])
    close = _closest(str(name), valid)
    hint = f" Did you mean: {', '.join(close)}?" if close else ""
    return (
        f"Unknown province {name!r} on the {which}-unit map.{hint} "
        f"Valid names: {', '.join(sorted(valid))}. "
        "Fix: use one of these (diacritics, case and 'tỉnh'/'TP.' are optional)."
    )


def _closest(name: str, valid: list[str]) -> list[str]:
    folded = {_fold(v): v for v in valid}
    matches = difflib.get_close_matches(_fold(name), list(folded), n=3, cutoff=0.6)
    return [folded[m] for m in matches]


# ---------------------------------------------------------------- the province of a document


TITLE_WEIGHT = 10.0
LEAD_WEIGHT = 3.0
MIN_SCORE = 3.0  # without the title: one mention in the lead, or three in the body
LEAD_CHARS = 400


def primary_province(title: str, body: str, mentions: pd.DataFrame | None = None) -> str | None:
    """The 63-unit province a document is about, or None when nothing is credible.

    Score = 10 × mentions in the title + 3 × mentions in the lead (the first two sentences, at
    most 400 characters) + mentions in the body. A province named in the title wins over any
    province named only in the body (ties among title provinces go to the one named first).
    Without one, the best needs a score of at least 3 and must beat the runner-up: two provinces
    with equal claim (a comparison, a ranking) give None. ``mentions``: ``find_provinces(body)``
    if already computed (only its ``province`` and ``start`` columns are read).
    """
    body = body or ""
    if mentions is None:
        mentions = find_provinces(body)
    provinces = list(mentions["province"]) if "province" in mentions else []
    starts = list(mentions["start"]) if "start" in mentions else [0] * len(provinces)
    title_found = _find(title or "", capital_context=CAPITAL in provinces)
    lead_end = _lead_end(body)
    scores: dict[str, float] = {}
    first: dict[str, tuple[int, int]] = {}
    for _, _, _, province in title_found:
        scores[province] = scores.get(province, 0.0) + TITLE_WEIGHT
    for i, (province, start) in enumerate(zip(provinces, starts, strict=True)):
        weight = 1.0 + (LEAD_WEIGHT if start < lead_end else 0.0)
        scores[province] = scores.get(province, 0.0) + weight
        first.setdefault(province, (1, i))
    for i, (*_, province) in enumerate(title_found):
        first[province] = min(first.get(province, (1, 0)), (0, i))
    return _best(scores, first, named_in_title={p for *_, p in title_found})


def _best(
    scores: dict[str, float], first: dict[str, tuple[int, int]], named_in_title: set[str]
) -> str | None:
    if not scores:
        return None
    pool = named_in_title or set(scores)
    ranked = sorted(pool, key=lambda p: (-scores[p], first[p]))
    best = ranked[0]
    if named_in_title:
        return best
    if scores[best] < MIN_SCORE or (len(ranked) > 1 and scores[ranked[1]] == scores[best]):
        return None  # too little, or two provinces with equal claim (a comparison)
    return best


def _lead_end(body: str) -> int:
    """Offset where the lead ends: after the second sentence, and at most LEAD_CHARS.

    The sentences are those of ``corpus.sentences`` (``segment.split_sentences``: "TP. Hồ Chí
    Minh" is one sentence, not two), read on the first LEAD_CHARS only.
    """
    from dxcompare.annotate.segment import split_sentences

    spans = split_sentences(body[:LEAD_CHARS])
    return min(spans[1][1], LEAD_CHARS) if len(spans) >= 2 else min(len(body), LEAD_CHARS)
