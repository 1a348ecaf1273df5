"""The only scripts a report page runs: sortable tables (itables' offline DataTables) and the
explorer's filters, inline, each allowed by its SHA-256 hash in the page's Content-Security-Policy.

    >>> assets = page_assets('<table class="dx-datatable">...</table>')    # doctest: +SKIP
    >>> assets.csp                                                         # doctest: +SKIP
    "default-src 'none'; script-src 'sha256-...'; ..."

Why hashes: a report shows documents written by strangers. Every output is sanitized (no
``<script>`` survives, see :mod:`.htmlexport`), and the CSP allows exactly the scripts written
here, so even a sanitizer bug cannot run a document's script. The scripts read the page's
tables and never write markup: they set ``hidden``, build controls with ``createElement`` and
``textContent``, and DataTables sorts the cells already in the page. Nothing is fetched: the
DataTables bundle comes from the installed ``itables`` package (its offline mode), and the CSP
forbids every request (``default-src 'none'``).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
from dataclasses import dataclass, field
from importlib import resources

# A table is made sortable and searchable when it has at least this many rows (fewer: plain).
MIN_ROWS = 8

_BASE_POLICY = (
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; "
    "base-uri 'none'; form-action 'none'"
)

# Tables the script enhances: dxcompare's styled tables and pandas' plain ones.
DATATABLE_MARKERS = ("dx-datatable", 'class="dataframe"')
EXPLORER_MARKER = "dx-explorer"


@dataclass(frozen=True)
class PageAssets:
    """What one page embeds: inline module scripts, style sheets and the policy allowing them."""

    scripts: tuple[str, ...] = ()
    styles: tuple[str, ...] = field(default=())

    @property
    def csp(self) -> str:
        if not self.scripts:
            return _BASE_POLICY + "; script-src 'none'"
        hashes = " ".join(f"'{script_hash(s)}'" for s in self.scripts)
        return f"{_BASE_POLICY}; script-src {hashes}"


def script_hash(text: str) -> str:
    """The CSP source of an inline script: ``sha256-<base64>`` of its exact UTF-8 text."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def _closes_early(text: str) -> bool:
    """True if ``text`` inside ``<script>`` could end it or hide its real end (HTML parsing).

    ``</script`` ends it; after ``<!--`` a ``<script`` followed by a space, ``/`` or ``>`` enters
    the "double escaped" state, in which the real ``</script>`` would not close the element.
    """
    if re.search(r"</script", text, re.I):
        return True
    comment = text.find("<!--")
    return comment >= 0 and re.search(r"<script[\s/>]", text[comment:], re.I) is not None


_EXPORT = re.compile(r"export\s*\{([^{}]*)\}\s*;?")


@functools.cache
def _datatables_module() -> str | None:
    """itables' offline DataTables bundle as a classic module, its exports bound to local names.

    The bundle ends with ``export{Go as ITable, Tt as jQuery, ...}``; an inline module cannot be
    imported, so that clause is replaced by ``const ITable = Go;`` and the init code follows.
    None if the installed itables has no bundle of that shape (tables stay plain, still sorted
    in the CSV).
    """
    try:
        folder = resources.files("itables") / "html"
        bundle = (folder / "dt_bundle.js").read_text(encoding="utf-8")
    except (ModuleNotFoundError, OSError):
        return None
    clauses = list(_EXPORT.finditer(bundle))
    if not clauses:
        return None
    last = clauses[-1]
    names = {}
    for part in last.group(1).split(","):
        bits = part.split()
        if len(bits) == 3 and bits[1] == "as":
            names[bits[2]] = bits[0]
        elif len(bits) == 1:
            names[bits[0]] = bits[0]
    if "ITable" not in names:
        return None
    module = bundle[: last.start()] + f"const DxITable = {names['ITable']};" + bundle[last.end() :]
    module += "\n" + _DATATABLES_INIT
    return None if _closes_early(module) else module


@functools.cache
def _datatables_css() -> str:
    try:
        return (resources.files("itables") / "html" / "dt_bundle.css").read_text(encoding="utf-8")
    except (ModuleNotFoundError, OSError):
        return ""


# Which tables: one header row, no merged cells (DataTables cannot sort those), MIN_ROWS rows.
# Original order first (order: []); ten rows a page with a choice; "All" shows every row.
_DATATABLES_INIT = """
(() => {
  const MIN_ROWS = __MIN_ROWS__;
  const selector = "table.dx-datatable, table.dataframe";
  for (const table of document.querySelectorAll(selector)) {
    if (table.closest(".dx-explorer") || table.classList.contains("dx-plain")) continue;
    const head = table.tHead, body = table.tBodies[0];
    if (!head || !body || head.rows.length !== 1 || body.rows.length < MIN_ROWS) continue;
    if (table.querySelector("tbody [rowspan], tbody [colspan], thead [rowspan], thead [colspan]")) continue;
    const width = head.rows[0].cells.length;
    if (Array.from(body.rows).some(row => row.cells.length !== width)) continue;
    try {
      new DxITable(table, {order: [], pageLength: 10, lengthMenu: [10, 25, 50, 100, -1],
                           autoWidth: false, language: {lengthMenu: "_MENU_ rows"}});
    } catch (err) {
      console.warn("dxcompare: this table stays plain:", err);
    }
  }
})();
""".replace("__MIN_ROWS__", str(MIN_ROWS))


# The explorer's filters: theme, province, words (diacritics ignored). Rows are the page's own,
# escaped when the page was written; this script only shows and hides them.
EXPLORER_SCRIPT = """
(() => {
  const fold = s => s.normalize("NFD").replace(/[\\u0300-\\u036f]/g, "")
    .replace(/[\\u0111\\u0110]/g, "d").toLowerCase().replace(/\\s+/g, " ");
  const option = (select, value, text) => {
    const o = document.createElement("option"); o.value = value; o.textContent = text;
    select.appendChild(o);
  };
  const labelled = (text, control) => {
    const label = document.createElement("label"); label.textContent = text + " ";
    label.appendChild(control); return label;
  };
  for (const box of document.querySelectorAll("div.dx-explorer")) {
    const rows = Array.from(box.querySelectorAll("table.dx-explorer-hits tbody tr"));
    const keys = rows.map(r => fold(r.textContent));
    const themesOf = rows.map(r => (r.getAttribute("data-dx-themes") || "").split(" "));
    const theme = document.createElement("select");
    option(theme, "", "every theme");
    for (const item of box.querySelectorAll("ul.dx-explorer-themes li")) {
      option(theme, item.getAttribute("data-dx-theme") || "", item.textContent);
    }
    theme.value = box.getAttribute("data-dx-default") || "";
    const group = document.createElement("select");
    option(group, "", "every province");
    const groups = Array.from(new Set(rows.map(r => r.getAttribute("data-dx-group") || ""))).sort();
    for (const g of groups) option(group, g, g);
    const words = document.createElement("input");
    words.type = "search"; words.placeholder = "e.g. ha tang so";
    const count = document.createElement("p"); count.className = "dx-explorer-count";
    const bar = document.createElement("div"); bar.className = "dx-explorer-controls";
    bar.append(labelled("Theme", theme), labelled("Province", group), labelled("Find", words));
    box.prepend(bar, count);
    const update = () => {
      const t = theme.value, g = group.value, w = fold(words.value.trim());
      let shown = 0;
      rows.forEach((row, i) => {
        const ok = (!t || themesOf[i].includes(t)) && (!g || row.getAttribute("data-dx-group") === g)
          && (!w || keys[i].includes(w));
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      count.textContent = shown + " of " + rows.length + " sentences shown";
    };
    theme.addEventListener("change", update);
    group.addEventListener("change", update);
    words.addEventListener("input", update);
    update();
  }
})();
"""


def page_assets(outputs_html: str) -> PageAssets:
    """The scripts and styles a page needs, given the HTML of its outputs (already sanitized)."""
    scripts: list[str] = []
    styles: list[str] = []
    if any(marker in outputs_html for marker in DATATABLE_MARKERS):
        module = _datatables_module()
        if module is not None:
            scripts.append(module)
            styles.append(_datatables_css())
    if EXPLORER_MARKER in outputs_html:
        scripts.append(EXPLORER_SCRIPT)
    return PageAssets(tuple(scripts), tuple(styles))


_CSP_META = re.compile(r"<meta[^>]*Content-Security-Policy[^>]*>", re.I)
_INLINE_MODULE = re.compile(r'<script type="module">(.*?)</script>', re.S)


def without_page_scripts(page: str) -> str:
    """``page`` without the inline scripts its own Content-Security-Policy allows by hash.

    What is left is what a document could have smuggled in: a check for live markup
    (:func:`dxcompare.reporting.htmlexport.find_live_markup`) runs on it.
    """
    meta = _CSP_META.search(page)
    allowed = set(re.findall(r"'(sha256-[A-Za-z0-9+/=]+)'", meta.group(0))) if meta else set()
    return _INLINE_MODULE.sub(
        lambda m: "" if script_hash(m.group(1)) in allowed else m.group(0), page
    )
