"""Tables a reader reads in a report: escaped, wrapped, short (pandas Stylers).

    >>> style_table(per_province, percent=("share",))      # doctest: +SKIP

Document text can hold markup; every cell, index and column name is escaped here, so a report
never runs what a source wrote.
"""

from __future__ import annotations

from typing import Any

_LONG_TEXT = 60  # characters: a column whose texts are longer than this wraps in a wide cell
_SHORT_TEXT = 24  # characters: a column whose texts are all this short stays on one line
MAX_CHARS = 320  # characters shown of one cell (a long sentence); the CSV keeps the whole text


def _text_columns(df: Any) -> list[Any]:
    return [c for c in df.columns if df[c].dtype == object or str(df[c].dtype) in ("str", "string")]


class NoneFound:
    """What a report shows instead of a table with headers only: "None found", and why.

    Any Styler method called on it (``.format(...)``, ``.background_gradient(...)``) returns it
    unchanged, so a notebook's chained display works on an empty table too.

    >>> NoneFound("no sentence carries the theme")._repr_html_()
    '<p class="dx-none-found"><strong>None found</strong>: no sentence carries the theme.</p>'
    >>> NoneFound("no sentence carries the theme", "vi")._repr_html_()
    '<p class="dx-none-found"><strong>Không tìm thấy</strong>: không câu nào mang chủ đề đó.</p>'

    ``language="vi"``: the words and a reason known to :data:`~.prose.EMPTY_REASONS` in
    Vietnamese.
    """

    def __init__(self, reason: str = "", language: str = "en"):
        from dxcompare.reporting.prose import empty_reason

        self.reason = empty_reason(reason.strip().rstrip("."), language)
        self.language = language

    def _repr_html_(self) -> str:
        import html

        why = f": {html.escape(self.reason)}" if self.reason else ""
        return f'<p class="dx-none-found"><strong>{self._words}</strong>{why}.</p>'

    @property
    def _words(self) -> str:
        return "Không tìm thấy" if self.language == "vi" else "None found"

    def __repr__(self) -> str:
        return f"{self._words}: {self.reason}." if self.reason else f"{self._words}."

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *args, **kwargs: self


def style_table(
    df: Any,
    index: bool = False,
    percent: tuple[str, ...] = (),
    empty: str = "",
    max_chars: int | None = MAX_CHARS,
    language: str = "en",
) -> Any:
    """A table to read: text left-aligned, long text wrapped, "–" for missing, shares as %.

    Columns named ``share*`` (or listed in ``percent``) show as percentages; other fractional
    numbers with two decimals. Cells and headers are escaped (a document's ``<script>`` is text).
    A text longer than ``max_chars`` is cut at a word with " …" (never a whole document in a
    cell; the CSV beside the report keeps every character; None shows all). A table without rows
    shows "None found" and the reason ``empty`` (:class:`NoneFound`), never headers over nothing.

    ``language="vi"``: the headers a reader sees are Vietnamese (:func:`~.prose.column_label`,
    one mapping for every report), and so is "None found"; the frame (and its CSV) keeps its
    English column names.
    """
    if len(df) == 0 or len(df.columns) == 0:
        return NoneFound(empty or "no rows in this corpus for this table", language)
    if max_chars:
        df = _shortened(df, max_chars)
    df = _escaped_axis_names(df, language)
    styler = df.style.format(na_rep="–", precision=2, escape="html")
    if language == "en":
        styler = styler.format_index(escape="html", axis=0).format_index(escape="html", axis=1)
    else:
        from dxcompare.reporting.prose import column_label

        def label(name: Any) -> Any:
            return column_label(name, language)

        styler = styler.format_index(label, escape="html", axis=0)
        styler = styler.format_index(label, escape="html", axis=1)
    shares = [c for c in df.columns if str(c).startswith("share") or c in percent]
    if shares:
        styler = styler.format("{:.0%}", subset=shares, na_rep="–")
    text = _text_columns(df)
    if text:
        styler = styler.set_properties(subset=text, **{"text-align": "left"})
    lengths = {c: df[c].dropna().astype(str).str.len() for c in text}
    long = [c for c, n in lengths.items() if len(n) and n.median() > _LONG_TEXT]
    if long:
        styler = styler.set_properties(subset=long, **{"min-width": "22em", "max-width": "46em"})
    short = [c for c, n in lengths.items() if len(n) and n.max() <= _SHORT_TEXT]
    if short:  # dates, numbers of documents: never broken over two lines
        styler = styler.set_properties(subset=short, **{"white-space": "nowrap"})
    styler = styler.set_table_attributes(f'class="{_table_classes(df, index)}"')
    return styler if index else styler.hide(axis="index")


def _table_classes(df: Any, index: bool) -> str:
    """``dx-table``, and ``dx-datatable`` for a table long enough to sort and search in the page.

    The report's page script (:mod:`.pagescripts`, itables' DataTables, offline) turns those
    into sortable, searchable tables; a table it cannot handle (merged headers) stays plain.
    """
    from dxcompare.reporting.pagescripts import MIN_ROWS

    simple = index is False or df.index.nlevels == 1
    long = len(df) >= MIN_ROWS and df.columns.nlevels == 1 and simple
    return "dx-table dx-datatable" if long else "dx-table"


def shorten(text: Any, max_chars: int = MAX_CHARS) -> Any:
    """``text`` cut at the last space before ``max_chars``, with " …"; other values unchanged.

    >>> shorten("Tỉnh Bình Định đẩy mạnh chuyển đổi số", 20)
    'Tỉnh Bình Định đẩy …'
    """
    if not isinstance(text, str) or len(text) <= max_chars:
        return text
    cut = text.rfind(" ", 0, max_chars - 1)
    return text[: cut if cut > max_chars // 2 else max_chars - 1].rstrip() + " …"


def _shortened(df: Any, max_chars: int) -> Any:
    """``df`` with every text longer than ``max_chars`` shortened (a copy if anything changed)."""
    out = None
    for c in _text_columns(df):
        if df[c].map(lambda v: isinstance(v, str) and len(v) > max_chars).any():
            out = df.copy() if out is None else out
            out[c] = df[c].map(lambda v: shorten(v, max_chars))
    return df if out is None else out


def _escaped_axis_names(df: Any, language: str = "en") -> Any:
    """``df`` with its index and columns *names* escaped (in ``language``): format_index leaves
    them raw."""
    import html

    from dxcompare.reporting.prose import column_label

    def esc(names: Any) -> list[Any]:
        return [html.escape(column_label(n, language)) if isinstance(n, str) else n for n in names]

    return df.rename_axis(index=esc(df.index.names), columns=esc(df.columns.names))


def style_kwic(
    kwic: Any,
    columns: tuple[str, ...] = ("doc_id", "left", "keyword", "right"),
    corpus: Any = None,
    language: str = "en",
) -> Any:
    """A keyword-in-context table to read: context right-aligned, keyword bold, text escaped.

    A reader sees the document's title, not its id ("001_2c77…"): ``doc_id`` among ``columns``
    shows the ``title`` column of ``kwic`` (or, given ``corpus``, the title it has, else its file
    relative to the corpus, :func:`dxcompare.reporting.evidence.document_facts`). A table
    without either shows the id. The frame passed in (and its CSV) keeps ``doc_id``.
    ``language="vi"``: Vietnamese headers (:func:`style_table`).
    """
    if "doc_id" in columns and "doc_id" in kwic.columns:
        if "title" not in kwic.columns and corpus is not None:
            from dxcompare.reporting.evidence import document_facts

            kwic = kwic.assign(
                title=kwic["doc_id"].astype(str).map(document_facts(corpus)["title"])
            )
        if "title" in kwic.columns:
            columns = tuple("title" if c == "doc_id" else c for c in columns if c != "title")
    shown = [c for c in ("group", *columns) if c in kwic.columns]
    return (
        style_table(kwic[shown], language=language)
        .set_properties(subset=["left"], **{"text-align": "right"})
        .set_properties(subset=["keyword"], **{"font-weight": "bold", "text-align": "center"})
        .set_properties(subset=["right"], **{"text-align": "left"})
    )


def top_rows(table: Any, n: int = 5, by: str = "group") -> Any:
    """The first ``n`` rows of each group (tables come sorted best first)."""
    top = table.groupby(by, sort=True, group_keys=False).head(n)
    return top.sort_values(by, kind="stable").reset_index(drop=True)
