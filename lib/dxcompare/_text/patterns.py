"""Regex pieces every extractor shares, so "a space" means the same thing in every rule.

>>> import re
>>> re.fullmatch(f"Quyết{HSPACE}+định", "Quyết\u00a0định") is not None
True
>>> re.fullmatch(f"Quyết{HSPACE}+định", "Quyết\\nđịnh") is None
True
"""

# One horizontal white-space character: space, tab, NBSP, narrow NBSP... but not a line break,
# so a fact written on one line never joins the next line's words.
HSPACE = r"[^\S\n]"

# One dash of any kind a Vietnamese text uses between numbers or words: hyphen, the Unicode
# hyphens and dashes (‐ ‑ ‒ – —) and the minus sign (−).
DASH = r"[-‐‑‒–—−]"
