"""Render an executed notebook to one self-contained, safe HTML file.

A report must survive two hostile facts: documents are written by strangers (a news page can
contain ``<script>`` or ``<img onerror=...>``), and readers open reports on machines without
internet. So, in order:

1. every rich output is made safe (:func:`make_outputs_safe`): HTML that would run anything is
   shown as text, the rest passes an ``nh3`` allow-list; Markdown outputs are rendered and
   checked the same way; JavaScript and widget outputs are dropped;
2. nbconvert's ``HTMLExporter`` renders with the ``dxcompare`` template (lab look, no CDN
   scripts, a Content-Security-Policy that forbids scripts and outside requests, figures
   embedded as base64 PNG, title and parameters at the top);
3. the page is checked once more (:func:`find_live_markup`); a hit is an :class:`UnsafeHTMLError`.

One exporter is built per :class:`ReportRenderer` and reused: ~3 s of imports once, then
10-16 ms per report (the ``jupyter nbconvert`` command costs 4-6 s per report).
"""

from __future__ import annotations

import copy
import html
import os
import re
import threading
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path, PurePath
from typing import Any

from dxcompare.errors import UnsafeHTMLError  # defined with every other dxcompare error

TEMPLATE_NAME = "dxcompare"

# Tags that run code, load something, or change where the page points; never allowed in output.
_LIVE_TAGS = frozenset(
    {
        "script",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "base",
        "link",
        "form",
        "meta",
        "portal",
        "noscript",
        "template",
    }
)
# Attributes whose value is a URL the browser may follow or execute.
_URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "action",
        "formaction",
        "data",
        "xlink:href",
        "poster",
        "background",
        "srcset",
        "lowsrc",
        "dynsrc",
        "ping",
        "cite",
        "manifest",
    }
)
_BAD_URL = re.compile(
    r"^(?:javascript|vbscript|livescript|data:(?!image/(?:png|jpeg|gif|webp)))", re.I
)
_CONTROL = re.compile(r"[\x00-\x20]+")

# What a rich output may contain after cleaning: pandas tables (with their scoped <style>),
# Styler output, simple text formatting, links and embedded images.
_ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "span",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
}
_GENERIC_ATTRIBUTES = {
    "class",
    "id",
    "style",
    "title",
    "align",
    "colspan",
    "rowspan",
    "border",
    "scope",
    "hidden",
}
_ALLOWED_ATTRIBUTES = {
    "*": _GENERIC_ATTRIBUTES,
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
    "style": {"type"},
    # the explorer's rows and choices (read by pagescripts.EXPLORER_SCRIPT, values escaped)
    "tr": {"data-dx-group", "data-dx-themes"},
    "div": {"data-dx-default"},
    "li": {"data-dx-theme"},
}

# Output types kept when a notebook is rendered, best first (nbconvert shows the first present).
_DROPPED_MIMETYPES = (
    "application/javascript",
    "application/vnd.jupyter.widget-view+json",
    "application/vnd.jupyter.widget-state+json",
    "text/vnd.mermaid",
)


class _LiveMarkupFinder(HTMLParser):
    def __init__(self, allowed_tags: frozenset[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.allowed_tags = allowed_tags
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _LIVE_TAGS and tag not in self.allowed_tags:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            name = name.lower()
            if name.startswith("on") or name == "srcdoc":
                self.found.append(f"<{tag} {name}=...>")
            elif name in _URL_ATTRIBUTES and value and _BAD_URL.match(_CONTROL.sub("", value)):
                self.found.append(f"<{tag} {name}={_CONTROL.sub('', value)[:30]}...>")
            elif (
                name == "style" and value and re.search(r"expression\s*\(|javascript:", value, re.I)
            ):
                self.found.append(f"<{tag} style=...>")

    handle_startendtag = handle_starttag


def find_live_markup(markup: str, allowed_tags: frozenset[str] = frozenset()) -> list[str]:
    """Every piece of ``markup`` that could run code or navigate away (empty list: safe).

    >>> find_live_markup('<p>Bình Định</p>')
    []
    >>> find_live_markup('<img src=x onerror="alert(1)">')
    ['<img onerror=...>']
    """
    finder = _LiveMarkupFinder(allowed_tags)
    finder.feed(markup)
    finder.close()
    return finder.found


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute in _URL_ATTRIBUTES and _BAD_URL.match(_CONTROL.sub("", value)):
        return None
    if tag != "img" and attribute == "src":
        return None
    return value


def clean_html(fragment: str) -> str:
    """Keep only allow-listed tags and attributes (``nh3``); dangerous URLs are dropped."""
    import nh3

    return nh3.clean(
        fragment,
        tags=_ALLOWED_TAGS,
        clean_content_tags={"script"},
        attributes=_ALLOWED_ATTRIBUTES,
        attribute_filter=_attribute_filter,
        url_schemes={"http", "https", "mailto", "data"},
        strip_comments=True,
        link_rel="noopener noreferrer",
    )


def safe_html(fragment: str) -> str:
    """An HTML output made harmless: shown as text if it holds live markup, else allow-listed.

    >>> safe_html('<script>alert("Sở TT&TT")</script>')
    '<pre class="dx-escaped-html">&lt;script&gt;alert(&quot;Sở TT&amp;TT&quot;)&lt;/script&gt;</pre>'
    """
    if find_live_markup(fragment):
        return f'<pre class="dx-escaped-html">{html.escape(fragment)}</pre>'
    return clean_html(fragment)


def _markdown_to_html(text: str) -> str:
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    return markdown2html_mistune(text)


def _join(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _safe_output_data(data: dict[str, Any]) -> dict[str, Any]:
    data = {k: v for k, v in data.items() if k not in _DROPPED_MIMETYPES}
    if "text/markdown" in data:
        markdown = _join(data.pop("text/markdown"))
        data.setdefault("text/html", _markdown_to_html(markdown))
    if "text/html" in data:
        data["text/html"] = safe_html(_join(data["text/html"]))
    if "image/svg+xml" in data:
        # An inline SVG can carry scripts; a PNG of the same figure is always safe.
        svg = data.pop("image/svg+xml")
        if "image/png" not in data and "text/html" not in data:
            data["text/plain"] = "[SVG figure omitted: save figures as PNG]"
        del svg
    return data


def make_outputs_safe(nb: Any) -> Any:
    """A copy of ``nb`` whose outputs cannot run code when rendered to HTML (see module doc)."""
    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if "data" in output:
                output["data"] = _safe_output_data(output["data"])
    return nb


def templates_dir() -> Path:
    """The folder holding dxcompare's nbconvert templates (``templates/dxcompare``)."""
    return Path(str(resources.files("dxcompare") / "templates"))


class ReportRenderer:
    """One reusable HTML exporter; ``render`` is safe to call from several threads.

    >>> renderer = ReportRenderer(show_code=False)                       # doctest: +SKIP
    >>> page = renderer.render(nb, "Tỉnh: Bình Định", {"province": "Bình Định"})  # doctest: +SKIP
    """

    def __init__(self, show_code: bool = False) -> None:
        self.show_code = show_code
        self._exporter = _exporter_class()(
            template_name=TEMPLATE_NAME,
            extra_template_basedirs=[str(templates_dir())],
            exclude_input=not show_code,
            exclude_input_prompt=not show_code,
            exclude_output_prompt=True,
            embed_images=True,
            sanitize_html=False,  # done by make_outputs_safe: nbconvert's would break tables
        )
        self._lock = threading.Lock()

    def render(
        self,
        nb: Any,
        title: str,
        parameters: dict[str, Any],
        failure: str | None = None,
    ) -> str:
        """The report page for an executed notebook (raises UnsafeHTMLError if still unsafe)."""
        from dxcompare.reporting.pagescripts import page_assets

        safe = make_outputs_safe(nb)
        assets = page_assets(_outputs_html(safe))
        safe.metadata["dxcompare"] = {
            "title": title,
            "parameters": {k: _display(v, k) for k, v in parameters.items()},
            **({"failure": failure} if failure else {}),
        }
        with self._lock:
            page, _ = self._exporter.from_notebook_node(
                safe,
                resources={
                    "metadata": {"name": title},
                    "dx_csp": assets.csp,
                    "dx_scripts": list(assets.scripts),
                    "dx_styles": list(assets.styles),
                },
            )
        live = find_live_markup(_without_own_scripts(page, assets.scripts), frozenset({"meta"}))
        if live:
            raise UnsafeHTMLError(
                f"{title}: the rendered report still contains live markup ({', '.join(live[:5])}). "
                "Fix: show document text with print(), a DataFrame, or html.escape()"
            )
        return page


# What nbconvert's HTMLExporter adds after rendering, by parsing the whole page with
# BeautifulSoup and writing it out again (about two thirds of an export's CPU time on a page
# with large tables): a default alt text on images without one, and tabindex="0" on each
# input wrapper and output area so a keyboard reaches them. Done here on the page's own text.
_IMG_WITHOUT_ALT = re.compile(r"<img(?![^>]*\salt=)(?=[\s/>])")
_DEFAULT_ALT = ' alt="No description has been provided for this image"'
_FOCUSABLE = re.compile(
    r'<div class="(?:jp-Cell-inputWrapper|[^"]*\bjp-OutputArea-output\b[^"]*)"(?![^>]*\stabindex=)'
    r"[^>]*(?=>)"
)


def _accessible(page: str) -> str:
    """HTMLExporter's post-pass without re-parsing: default alt texts, focusable outputs."""
    page = _IMG_WITHOUT_ALT.sub("<img" + _DEFAULT_ALT, page)
    return _FOCUSABLE.sub(lambda m: m.group(0) + ' tabindex="0"', page)


def _exporter_class() -> type:
    """nbconvert's HTMLExporter less its BeautifulSoup pass over the page (see _accessible)."""
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class PageExporter(HTMLExporter):  # type: ignore[misc]
        def from_notebook_node(  # type: ignore[override]
            self, nb: Any, resources: dict[str, Any] | None = None, **kw: Any
        ) -> tuple[str, dict[str, Any]]:
            # HTMLExporter.from_notebook_node up to its BeautifulSoup step (nbconvert 7). A
            # later nbconvert that renames these internals gets its own, slower, method.
            if not all(
                hasattr(self, name) for name in ("_init_resources", "_nb_metadata", "filters")
            ):
                return super().from_notebook_node(nb, resources, **kw)
            langinfo = nb.metadata.get("language_info", {})
            lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
            highlight_code = self.filters.get(
                "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)
            )
            resources = self._init_resources(resources)
            filter_data_type = WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources
            )
            self.register_filter("highlight_code", highlight_code)
            self.register_filter("filter_data_type", filter_data_type)
            page, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            return _accessible(page), resources

    return PageExporter


def _outputs_html(nb: Any) -> str:
    """Every HTML output of ``nb`` joined (to see which page scripts it needs)."""
    parts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            parts.append(_join(output.get("data", {}).get("text/html", "")))
    return "\n".join(parts)


def _without_own_scripts(page: str, scripts: tuple[str, ...]) -> str:
    """``page`` with the template's own scripts (allowed by hash) taken out, for the last check.

    Each must be there exactly once, as written: anything else that looks like a script is
    left in and found by :func:`find_live_markup`.
    """
    for script in scripts:
        element = f'<script type="module">{script}</script>'
        if page.count(element) != 1:
            raise UnsafeHTMLError("a page script was changed on its way into the page")
        page = page.replace(element, "")
    return page


def _display(value: Any, name: str = "") -> str:
    """A parameter as the page shows it: no absolute path of the machine that rendered it.

    An absolute path shows its last part only ("seeds"); ``output_dir`` shows the part under the
    output folder ("data/summary"), so a page does not depend on where it was rendered.
    """
    if value is None:
        return "None"
    text = str(value)
    if isinstance(value, (str, os.PathLike)) and PurePath(text).is_absolute():
        parts = PurePath(text).parts
        return "/".join(parts[-2:]) if name == "output_dir" else parts[-1]
    return text
