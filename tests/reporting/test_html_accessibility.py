"""The report page keeps nbconvert's accessibility pass (alt texts, focusable outputs).

``ReportRenderer`` skips HTMLExporter's BeautifulSoup re-parse of the whole page and adds the
same attributes itself (``htmlexport._accessible``); these tests hold it to nbconvert's result.
"""

from __future__ import annotations

import base64

import nbformat
import pytest
from bs4 import BeautifulSoup

from dxcompare.reporting import htmlexport

# A 1x1 PNG: an image output without alt text, as matplotlib gives one.
_PNG = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4a10000000049454e44ae426082"
    )
).decode()


def _notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["language_info"] = {"name": "python"}
    table = (
        "<table><thead><tr><th>tỉnh</th><th>văn bản</th></tr></thead>"
        "<tbody><tr><td>Lào Cai</td><td>12</td></tr></tbody></table>"
    )
    nb.cells = [
        nbformat.v4.new_markdown_cell("## Trụ cột chuyển đổi số\n\nChính quyền số, kinh tế số."),
        nbformat.v4.new_code_cell(
            "show()",
            outputs=[
                nbformat.v4.new_output("display_data", data={"image/png": _PNG}),
                nbformat.v4.new_output("display_data", data={"text/html": table}),
                nbformat.v4.new_output("stream", name="stdout", text="Tỉnh Lào Cai: 12 văn bản\n"),
            ],
        ),
    ]
    return nb


def _soup(page: str) -> BeautifulSoup:
    return BeautifulSoup(page, features="html.parser")


@pytest.mark.parametrize("show_code", [False, True])
def test_every_image_has_alt_text_and_every_output_is_focusable(show_code: bool) -> None:
    page = htmlexport.ReportRenderer(show_code=show_code).render(
        _notebook(), "Tỉnh: Lào Cai", {"province": "Lào Cai"}
    )
    soup = _soup(page)
    images = soup.select("img")
    assert images and all(img.get("alt") for img in images)
    outputs = soup.select(".jp-Notebook div.jp-OutputArea-output")
    assert len(outputs) == 3
    assert all(div.get("tabindex") == "0" for div in outputs)
    wrappers = soup.select(".jp-Notebook div.jp-Cell-inputWrapper")
    assert all(div.get("tabindex") == "0" for div in wrappers)


@pytest.mark.parametrize("show_code", [False, True])
def test_the_page_parses_to_the_tree_nbconvert_would_have_written(show_code: bool) -> None:
    from nbconvert import HTMLExporter

    renderer = htmlexport.ReportRenderer(show_code=show_code)
    nb = htmlexport.make_outputs_safe(_notebook())
    nb.metadata["dxcompare"] = {"title": "Tỉnh: Lào Cai", "parameters": {}}
    config = {
        name: getattr(renderer._exporter, name)
        for name in (
            "template_name",
            "extra_template_basedirs",
            "exclude_input",
            "exclude_input_prompt",
            "exclude_output_prompt",
            "embed_images",
            "sanitize_html",
        )
    }
    resources = {
        "metadata": {"name": "Tỉnh: Lào Cai"},
        "dx_csp": "",
        "dx_scripts": [],
        "dx_styles": [],
    }
    ours, _ = renderer._exporter.from_notebook_node(nb, resources=dict(resources))
    theirs, _ = HTMLExporter(**config).from_notebook_node(nb, resources=dict(resources))
    assert str(_soup(ours)) == str(_soup(theirs))


def test_an_attribute_already_there_is_not_added_twice() -> None:
    page = (
        '<img src="a.png" alt="Biểu đồ trụ cột"><img src="b.png">'
        '<div class="jp-OutputArea-output" tabindex="0"></div>'
        '<div class="jp-RenderedHTMLCommon jp-OutputArea-output"></div>'
    )
    soup = _soup(htmlexport._accessible(page))
    assert [img["alt"] for img in soup.select("img")] == [
        "Biểu đồ trụ cột",
        "No description has been provided for this image",
    ]
    assert [div.get("tabindex") for div in soup.select("div")] == ["0", "0"]
    assert htmlexport._accessible(page).count("tabindex") == 2
    text = '<p>Ảnh &lt;img src="x"&gt; và class="jp-OutputArea-output"</p>'
    assert htmlexport._accessible(text) == text  # document text is left alone
