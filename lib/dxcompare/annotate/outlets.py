"""The province an outlet belongs to: a provincial paper or portal names its province.

A provincial newspaper's article often never names its own province ("Phó Chủ tịch UBND tỉnh
Đặng Minh Thông vừa ký ..."): the reader knows it from the masthead. The web address or the
outlet's name says it instead::

    baobariavungtau.com.vn      -> Bà Rịa - Vũng Tàu   ("bao" + the province without marks)
    hdnd.dongnai.gov.vn         -> Đồng Nai            (a label that is the province)
    skhcn.dienbien.gov.vn       -> Điện Biên
    Báo Lào Cai                 -> Lào Cai             (a name that names a province)

Only the host is read, never the path (a path slug names what the page is about, which the
text already says). Used as the last resort for a document's province, when its text names none
credibly (``corpus.build``).
"""

from __future__ import annotations

import re
from functools import lru_cache

# Labels of a host that are no place: "www", generic and country domains, portal prefixes.
_SKIP_LABELS = frozenset({"www", "vn", "com", "net", "org", "gov", "edu", "info", "mobile", "m"})
_HOST = re.compile(r"^(?:[a-z][a-z0-9+.\-]{0,20}://)?([^/?#\s:]{1,253})", re.IGNORECASE)
# A provincial paper's host is "bao" + the province ("baophutho"), sometimes + "online"/"dientu".
_PAPER_PREFIXES = ("bao", "baodientu", "tapchi", "dientu")
_PAPER_SUFFIXES = ("", "online", "tv", "dientu", "news")


@lru_cache(maxsize=1)
def _slugs() -> dict[str, str]:
    """Province names folded to a host label ("Bà Rịa - Vũng Tàu" -> "bariavungtau"), both maps."""
    from dxcompare.annotate.provinces import _fold, province_table, resolve_province

    slugs: dict[str, str] = {}
    for table in (province_table("63"), province_table("34")):
        for name in table["province"]:
            province = resolve_province(name) or name
            slugs.setdefault(_fold(name), province)
    # A few common written forms of the host: "hcm", "tphcm", "hochiminhcity", "daklak"/"daclac".
    for alias, name in (
        ("hcm", "Hồ Chí Minh"),
        ("tphcm", "Hồ Chí Minh"),
        ("hochiminhcity", "Hồ Chí Minh"),
        ("daclac", "Đắk Lắk"),
        ("thuathienhue", "Thừa Thiên Huế"),
    ):
        province = resolve_province(name)
        if province:
            slugs.setdefault(alias, province)
    return slugs


def _label_province(label: str) -> str | None:
    slugs = _slugs()
    label = label.lower().replace("-", "")
    for prefix in ("", *_PAPER_PREFIXES):
        if not label.startswith(prefix):
            continue
        rest = label[len(prefix) :]
        for suffix in _PAPER_SUFFIXES:
            if suffix and not rest.endswith(suffix):
                continue
            core = rest[: len(rest) - len(suffix)] if suffix else rest
            if core in slugs and (prefix or suffix or len(core) >= 4):
                return slugs[core]
    return None


def host_province(url: str | None) -> str | None:
    """The province a web address's host names, or None.

    >>> host_province("https://baobariavungtau.com.vn/chuyen-doi-so/202506/abc/")
    'Bà Rịa - Vũng Tàu'
    >>> host_province("https://hdnd.dongnai.gov.vn/vi/news/abc.html")
    'Đồng Nai'
    >>> host_province("https://vnexpress.net/ha-noi-dan-dau.html") is None
    True
    """
    if not url:
        return None
    m = _HOST.match(str(url).strip())
    if not m:
        return None
    labels = [x for x in m.group(1).lower().split(".") if x and x not in _SKIP_LABELS]
    found = {p for p in (_label_province(x) for x in labels) if p}
    return found.pop() if len(found) == 1 else None


def name_province(outlet: str | None) -> str | None:
    """The province an outlet's name names ("Báo Đồng Nai", "Đài PT-TH Sơn La"), or None."""
    if not outlet:
        return None
    from dxcompare.annotate.provinces import find_provinces

    found = set(find_provinces(str(outlet))["province"])
    return found.pop() if len(found) == 1 else None


def outlet_province(url: str | None, outlet: str | None = None) -> str | None:
    """The province of a document's outlet: its name, else its web address's host."""
    return name_province(outlet) or host_province(url)
