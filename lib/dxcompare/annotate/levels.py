"""Levels of government named by a title or a body: national, province, district, commune.

The same words name bodies at every level (``UBND tỉnh`` / ``UBND huyện`` / ``UBND xã``), so the
level comes from the unit word written with them; central offices need none (``Thủ tướng``,
``Bộ trưởng Bộ Thông tin và Truyền thông``, ``Phó Cục trưởng Cục Chuyển đổi số quốc gia``).

>>> [title_level(t) for t in ("Thủ tướng Chính phủ", "Bộ trưởng Bộ Khoa học và Công nghệ",
...  "Phó Chủ tịch UBND tỉnh", "Chủ tịch UBND huyện Hoài Nhơn", "Bí thư Đảng ủy xã", "Giám đốc")]
['national', 'national', 'province', 'district', 'commune', None]
"""

from __future__ import annotations

import re

from dxcompare.annotate.normalize import fold

_COMMUNE = re.compile(r"\b(?:xã|phường|thị trấn|đặc khu)\b")
_DISTRICT = re.compile(r"\b(?:huyện|quận|thị xã|huyện ủy|quận ủy|thị ủy)\b")
_PROVINCE = re.compile(r"\b(?:tỉnh|thành phố|tỉnh ủy|thành ủy|sở|hđnd tỉnh|ubnd tỉnh)\b")
_NATIONAL = re.compile(
    r"\b(?:thủ tướng|phó thủ tướng|bộ trưởng|thứ trưởng|tổng bí thư|chủ tịch nước|"
    r"chủ tịch quốc hội|phó chủ tịch quốc hội|quốc hội|chính phủ|trung ương|bộ chính trị|"
    r"ban bí thư|cục trưởng|phó cục trưởng|vụ trưởng|phó vụ trưởng|ủy ban quốc gia|bộ\s)"
)


def title_level(title: str | None) -> str | None:
    """The level of government of a speaker's title or a body's name, or None when it says none."""
    if not title:
        return None
    key = fold(str(title))
    # The most local unit written wins: "Chủ tịch UBND xã ..., huyện ..." is a commune's.
    if _COMMUNE.search(key):
        return "commune"
    if _DISTRICT.search(key):
        return "district"
    if _PROVINCE.search(key):
        return "province"
    if _NATIONAL.search(key):
        return "national"
    return None
