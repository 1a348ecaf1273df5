"""The theme codebook: load, validate and compile it (the coding itself is in :mod:`dxcompare.themes`).

A codebook is a YAML file of hierarchical themes (``id``, ``parent``, ``label_vi``, ``label_en``,
``definition``, ``patterns``, ``exclude``, ``exclude_sentence``); the bundled one is
``dxcompare/data/codebook.yaml`` and its header explains the format. A broken file raises
:class:`~dxcompare.errors.CodebookError` naming the file and the line.

    >>> cb = load_codebook()
    >>> cb.pillar_of("digital_identity")
    'digital_government'
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from dxcompare._text.casefold import lower_keeping_offsets
from dxcompare._text.data import bundled_text
from dxcompare._text.userfiles import read_user_text
from dxcompare.errors import CodebookError

#: Reserved code of a body sentence that matches no theme (the CAP "no theme" code).
NONE_ID = "none"
REGEX_PREFIX = "re:"

_THEME_KEYS = {
    "id",
    "parent",
    "label_vi",
    "label_en",
    "definition",
    "patterns",
    "exclude",
    "exclude_sentence",
}
_PATTERN_KEYS = ("patterns", "exclude", "exclude_sentence")
_ID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_.\-]*$")
_TOKEN_RE = re.compile(r"\w+|[^\w\s]")
_BUNDLED = "codebook.yaml"


@dataclass(frozen=True)
class Pattern:
    """One compiled pattern: ``kind`` is "phrase" (matched on folded text) or "regex" (on text).

    ``regex`` is ``body`` bounded by whole syllables.
    """

    source: str
    kind: str
    regex: re.Pattern[str]
    line: int | None = None
    body: str = ""

    def finditer(self, text: str, folded: str) -> Iterator[re.Match[str]]:
        return self.regex.finditer(folded if self.kind == "phrase" else text)


@dataclass(frozen=True)
class Theme:
    id: str
    label_vi: str
    label_en: str
    definition: str = ""
    parent: str | None = None
    patterns: tuple[Pattern, ...] = ()
    exclude: tuple[Pattern, ...] = ()
    exclude_sentence: tuple[Pattern, ...] = ()
    line: int | None = None


@dataclass
class Codebook:
    """Themes in file order, with their tree. ``pillar_of(id)`` is the top-level ancestor."""

    themes: dict[str, Theme]
    path: str = ""
    name: str = ""
    _pillar: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._pillar = {tid: self.ancestors(tid)[-1] for tid in self.themes}

    def __len__(self) -> int:
        return len(self.themes)

    def __iter__(self) -> Iterator[Theme]:
        return iter(self.themes.values())

    def __contains__(self, theme_id: object) -> bool:
        return theme_id in self.themes

    def __getitem__(self, theme_id: str) -> Theme:
        return self.themes[theme_id]

    def ancestors(self, theme_id: str) -> list[str]:
        """``[theme_id, parent, ..., pillar]``."""
        chain = [theme_id]
        while self.themes[chain[-1]].parent is not None:
            chain.append(self.themes[chain[-1]].parent)
        return chain

    def pillar_of(self, theme_id: str) -> str:
        return NONE_ID if theme_id == NONE_ID else self._pillar[theme_id]

    @property
    def pillars(self) -> list[str]:
        return [t.id for t in self if t.parent is None]

    @property
    def leaves(self) -> list[str]:
        parents = {t.parent for t in self}
        return [t.id for t in self if t.id not in parents]

    @property
    def coded_ids(self) -> list[str]:
        """Themes a sentence can receive (those with patterns), in file order."""
        return [t.id for t in self if t.patterns]

    def label(self, theme_id: str, lang: str = "en") -> str:
        if theme_id == NONE_ID:
            return "không chủ đề" if lang == "vi" else "no theme"
        theme = self.themes[theme_id]
        return theme.label_vi if lang == "vi" else theme.label_en

    def table(self) -> pd.DataFrame:
        """One row per theme: theme_id, parent, pillar, depth, is_leaf, labels, definition, counts."""
        leaves = set(self.leaves)
        rows = [
            {
                "theme_id": t.id,
                "parent": t.parent,
                "pillar": self.pillar_of(t.id),
                "depth": len(self.ancestors(t.id)) - 1,
                "is_leaf": t.id in leaves,
                "label_vi": t.label_vi,
                "label_en": t.label_en,
                "definition": t.definition,
                "n_patterns": len(t.patterns),
                "n_exclude": len(t.exclude) + len(t.exclude_sentence),
            }
            for t in self
        ]
        return pd.DataFrame(rows)


# ------------------------------------------------------------------------------------ folding
def fold_pattern(text: str) -> str:
    """A phrase pattern in the form it is matched in: normalized, lower-case."""
    try:
        from dxcompare.annotate.normalize import fold
    except ImportError:  # normalize is optional for loading a codebook
        return unicodedata.normalize("NFC", text).replace("\u00d0", "Đ").lower()
    return fold(text)


def fold_same_length(text: str) -> str:
    """Lower-case ``text`` for matching while keeping every offset: ``folded[i]`` is ``text[i]``."""
    try:
        from dxcompare.annotate.normalize import fold
    except ImportError:
        fold = None
    if fold is not None:
        folded = fold(text)
        if len(folded) == len(text):
            return folded
    return lower_keeping_offsets(text.replace("\u00d0", "Đ").replace("\u00f0", "đ"))


# ------------------------------------------------------------------------------------ patterns
def phrase_regex(phrase: str) -> str:
    """``"kinh tế - xã hội"`` -> a regex body: syllables joined by spaces, punctuation by optional spaces."""
    tokens = _TOKEN_RE.findall(fold_pattern(phrase))
    if not tokens:
        raise ValueError("the pattern is empty")
    parts = [re.escape(tokens[0])]
    for prev, tok in zip(tokens, tokens[1:], strict=False):
        glue = r"\s+" if _is_word(prev) and _is_word(tok) else r"\s*"
        parts.append(glue + re.escape(tok))
    return "".join(parts)


def _is_word(token: str) -> bool:
    return bool(re.match(r"\w", token))


def bounded(body: str) -> str:
    """Whole syllables only: no letter or digit just before or after the match."""
    return rf"(?<!\w)(?:{body})(?!\w)"


def compile_pattern(source: str, line: int | None = None) -> Pattern:
    """A phrase (matched on folded text) or, with the ``re:`` prefix, a regex (case-insensitive).

    >>> compile_pattern("nguồn lực").regex.search("huy động nguồn lực") is not None
    True
    """
    source = unicodedata.normalize("NFC", source.strip())
    if source.startswith(REGEX_PREFIX):
        body = source[len(REGEX_PREFIX) :].strip()
        if not body:
            raise ValueError("the regular expression is empty")
        return Pattern(source, "regex", re.compile(bounded(body), re.IGNORECASE), line, body)
    body = phrase_regex(source)
    return Pattern(source, "phrase", re.compile(bounded(body)), line, body)


# ------------------------------------------------------------------------------------ loading
def load_codebook(path: str | Path | None = None) -> Codebook:
    """Load and validate a codebook; the bundled one (``data/codebook.yaml``) when ``path`` is None.

    Raises :class:`CodebookError` (file and line) for bad YAML, a theme without ``id`` or labels,
    a duplicate id, an unknown or circular parent, an unknown key, or a pattern that cannot compile.
    """
    if path is None:
        return parse_codebook(bundled_text(_BUNDLED), f"dxcompare/data/{_BUNDLED}")
    path = Path(path)
    text = read_user_text(path, "codebook", CodebookError)
    return parse_codebook(text, str(path))


def parse_codebook(text: str, path: str = "<codebook>") -> Codebook:
    """Build a :class:`Codebook` from YAML text; ``path`` names the source in error messages.

    Parsed once per process for each (text, path): the ~581 patterns of the bundled codebook
    outnumber ``re``'s own cache of 512, so every load used to compile them all again. The key is
    the text itself, so an edited file is parsed afresh. Each call gets its own :class:`Codebook`
    (a new ``themes`` dict); the themes and patterns in it are frozen and shared.
    """
    cb = _parse_codebook(text, path)
    return Codebook(themes=dict(cb.themes), path=cb.path, name=cb.name)


@functools.lru_cache(maxsize=8)
def _parse_codebook(text: str, path: str) -> Codebook:
    root = _compose(text, path)
    themes_node = _themes_node(root, path)
    themes: dict[str, Theme] = {}
    parent_lines: dict[str, int] = {}
    for node in themes_node.value:
        theme, parent_line = _theme(node, path)
        if theme.id in themes:
            raise CodebookError(
                path,
                f"duplicate theme id {theme.id!r} (first defined at line {themes[theme.id].line})",
                "give each theme its own id; to split a theme, add children with `parent:`",
                theme.line,
            )
        themes[theme.id] = theme
        parent_lines[theme.id] = parent_line
    if not themes:
        raise CodebookError(
            path, "the codebook has no themes", "add themes under `themes:`", _line(themes_node)
        )
    _check_tree(themes, parent_lines, path)
    name = _scalar_at(root, "name") or Path(path).stem
    return Codebook(themes=themes, path=path, name=name)


def _compose(text: str, path: str) -> yaml.Node:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        line = mark.line + 1 if mark is not None else None
        raise CodebookError(
            path,
            f"not valid YAML: {problem}",
            "check indentation, colons and quotes (quote regexes)",
            line,
        ) from None
    if root is None:
        raise CodebookError(
            path, "the file is empty", "add a `themes:` list (see the bundled codebook)"
        )
    return root


def _themes_node(root: yaml.Node, path: str) -> yaml.SequenceNode:
    themes = _value_at(root, "themes") if isinstance(root, yaml.MappingNode) else None
    if themes is None:
        themes = root if isinstance(root, yaml.SequenceNode) else None
    if not isinstance(themes, yaml.SequenceNode):
        raise CodebookError(
            path,
            "no `themes:` list",
            "put the themes in a list under a top-level `themes:` key",
            _line(root),
        )
    return themes


def _theme(node: yaml.Node, path: str) -> tuple[Theme, int | None]:
    line = _line(node)
    if not isinstance(node, yaml.MappingNode):
        raise CodebookError(
            path, "a theme must be a mapping (id:, label_vi:, ...)", "write `- id: ...`", line
        )
    fields = _mapping(node, path)
    unknown = sorted(set(fields) - _THEME_KEYS)
    if unknown:
        raise CodebookError(
            path,
            f"unknown key {unknown[0]!r} in a theme",
            f"use only {', '.join(sorted(_THEME_KEYS))}",
            _line(fields[unknown[0]][0]),
        )
    theme_id = _required(fields, "id", path, line)
    if not _ID_RE.match(theme_id) or theme_id == NONE_ID:
        raise CodebookError(
            path,
            f"bad theme id {theme_id!r}",
            f"start with a letter, use letters, digits, _ . -; {NONE_ID!r} is reserved",
            _line(fields["id"][1]),
        )
    parent = _optional_scalar(fields, "parent", path)
    compiled = {key: _patterns(fields, key, path) for key in _PATTERN_KEYS}
    theme = Theme(
        id=theme_id,
        label_vi=_required(fields, "label_vi", path, line),
        label_en=_required(fields, "label_en", path, line),
        definition=_optional_scalar(fields, "definition", path) or "",
        parent=parent,
        line=line,
        **compiled,
    )
    parent_line = _line(fields["parent"][1]) if "parent" in fields else None
    return theme, parent_line


def _mapping(node: yaml.MappingNode, path: str) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    fields: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        if key in fields:
            raise CodebookError(
                path, f"key {key!r} given twice in one theme", "keep one", _line(key_node)
            )
        fields[key] = (key_node, value_node)
    return fields


def _required(fields: dict, key: str, path: str, line: int | None) -> str:
    value = _optional_scalar(fields, key, path)
    if not value:
        raise CodebookError(path, f"a theme has no {key!r}", f"add `{key}:` to the theme", line)
    return value


def _optional_scalar(fields: dict, key: str, path: str) -> str | None:
    if key not in fields:
        return None
    node = fields[key][1]
    if not isinstance(node, yaml.ScalarNode):
        raise CodebookError(
            path, f"{key!r} must be a single value", f"write `{key}: text`", _line(node)
        )
    value = str(node.value).strip()
    return value or None


def _patterns(fields: dict, key: str, path: str) -> tuple[Pattern, ...]:
    if key not in fields:
        return ()
    node = fields[key][1]
    if isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null"):
        return ()
    if not isinstance(node, yaml.SequenceNode):
        raise CodebookError(
            path, f"{key!r} must be a list", f"write `{key}:` then `- pattern` lines", _line(node)
        )
    out = []
    for item in node.value:
        if not isinstance(item, yaml.ScalarNode):
            raise CodebookError(
                path,
                f"an entry of {key!r} is not text",
                "write one pattern per `- ` line",
                _line(item),
            )
        try:
            out.append(compile_pattern(str(item.value), _line(item)))
        except (re.error, ValueError) as exc:
            raise CodebookError(
                path,
                f"pattern {item.value!r} cannot compile: {exc}",
                "fix the regular expression (after `re:`) or remove the empty pattern",
                _line(item),
            ) from None
    return tuple(out)


def _check_tree(themes: dict[str, Theme], parent_lines: dict[str, int | None], path: str) -> None:
    for theme in themes.values():
        if theme.parent is not None and theme.parent not in themes:
            raise CodebookError(
                path,
                f"theme {theme.id!r} has unknown parent {theme.parent!r}",
                "use the id of a theme defined in this file, or drop `parent:` for a top-level theme",
                parent_lines[theme.id],
            )
    for theme in themes.values():
        seen = {theme.id}
        parent = theme.parent
        while parent is not None:
            if parent in seen:
                raise CodebookError(
                    path,
                    f"theme {theme.id!r} is its own ancestor (a parent cycle)",
                    "make the parents form a tree",
                    parent_lines[theme.id],
                )
            seen.add(parent)
            parent = themes[parent].parent


def _value_at(node: yaml.MappingNode, key: str) -> yaml.Node | None:
    for key_node, value_node in node.value:
        if key_node.value == key:
            return value_node
    return None


def _scalar_at(node: yaml.Node, key: str) -> str | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    value = _value_at(node, key)
    return str(value.value) if isinstance(value, yaml.ScalarNode) else None


def _line(node: yaml.Node | None) -> int | None:
    return node.start_mark.line + 1 if node is not None and node.start_mark is not None else None
