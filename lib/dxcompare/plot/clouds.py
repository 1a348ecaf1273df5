"""Word clouds of segmented Vietnamese words: one per group, or one comparing groups.

Clouds are drawn from word *frequencies* (``WordCloud.generate_from_frequencies``), never from raw
text: ``WordCloud.generate`` would split Vietnamese into syllables, invent syllable pairs ("đổi
số") and apply English stopwords. A multi-word token ("chuyển đổi số", "Hà Nội") is one entry,
shown in its most common surface form. The font is matplotlib's DejaVu Sans, which has every
Vietnamese letter. A fixed ``random_state`` makes the same corpus give the same image, pixel for
pixel (and the same PNG bytes).

Every function returns a :class:`PIL.Image.Image`: Jupyter shows it, ``img.save("x.png")`` writes
it, and ``plt.imshow(img)`` puts it in a figure.

    >>> word_cloud(corpus, group="Bình Định")                         # doctest: +SKIP
    >>> clouds = word_clouds(corpus, by="primary_province")           # doctest: +SKIP
    >>> comparison_cloud(corpus, by="primary_province")               # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
from PIL import Image, ImageDraw, ImageFont

from dxcompare.analyze.keywords import keyness
from dxcompare.analyze.vocabulary import doc_groups, frequencies, group_label, word_keys
from dxcompare.errors import ParameterError

if TYPE_CHECKING:  # the type only: importing the corpus module here would load it eagerly
    from dxcompare.corpus.build import Corpus

#: Colours of the groups in a comparison cloud (matplotlib's tab10, readable on white).
PALETTE = (
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
    "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22",
)  # fmt: skip
RANDOM_STATE = 42


def default_font_path() -> str:
    """matplotlib's DejaVuSans.ttf: always installed, covers every Vietnamese letter (ữ, ỹ, Đ)."""
    import matplotlib

    path = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    if not path.is_file():
        raise ParameterError(
            f"{path}: the DejaVu Sans font of matplotlib is missing. Fix: reinstall matplotlib "
            "or pass font_path= a .ttf font with Vietnamese letters"
        )
    return str(path)


def _wordcloud(
    width: int, height: int, max_words: int, random_state: int, font: str | None, options: dict
) -> Any:
    from wordcloud import WordCloud

    settings = dict(
        width=width,
        height=height,
        max_words=max_words,
        background_color="white",
        random_state=random_state,
        font_path=font or default_font_path(),
        prefer_horizontal=0.9,
        margin=4,
    )
    settings.update(options)
    # Never let wordcloud re-split or re-merge words, even if someone calls .generate() on it.
    settings.update(collocations=False, normalize_plurals=False, regexp=r"\S+(?: \S+)*")
    return WordCloud(**settings)


def cloud_weights(
    corpus: Corpus,
    group: Any = None,
    by: str | None = "primary_province",
    *,
    stopwords: bool = False,
    exclude: Iterable[str] = (),
    min_count: int = 1,
    entities: bool = False,
) -> dict[str, int]:
    """display form -> count of the group's words, in a fixed order (count, then word).

    ``group=None`` uses every document. ``exclude`` drops words (any case: "Hà Nội", "tỉnh");
    names and symbol fragments are never drawn unless ``entities=True``.
    """
    table = frequencies(
        corpus, by=None if group is None else by, stopwords=stopwords, entities=entities
    )
    if group is not None:
        label = group_label(group)
        known = sorted(set(doc_groups(corpus, by)))
        if label not in known:
            raise ParameterError(
                f"group {group!r} is not in this corpus. Fix: use one of {', '.join(known)}"
            )
        table = table[table["group"] == label]
    table = _drawn(table, exclude, min_count)
    table = table.sort_values(["count", "token"], ascending=[False, True], kind="stable")
    return dict(zip(table["display"], table["count"].astype(int), strict=True))


def _drawn(table: pd.DataFrame, exclude: Iterable[str], min_count: int) -> pd.DataFrame:
    """The rows of a frequencies table a cloud draws: ``min_count`` or more, not excluded."""
    return table[(table["count"] >= min_count) & ~table["token"].isin(word_keys(exclude))]


def word_cloud(
    corpus: Corpus,
    group: Any = None,
    by: str | None = "primary_province",
    *,
    stopwords: bool = False,
    exclude: Iterable[str] = (),
    min_count: int = 1,
    max_words: int = 150,
    width: int = 1000,
    height: int = 600,
    colormap: str = "Dark2",
    random_state: int = RANDOM_STATE,
    font_path: str | None = None,
    **options: Any,
) -> Image.Image:
    """A word cloud of one group's words (``group=None``: the whole corpus) as a PIL image.

    Word size follows the count of the segmented word (``corpus.tokens.norm``), stopwords left out
    unless ``stopwords=True``; ``exclude`` drops words such as the province's own name.
    ``options`` go to ``wordcloud.WordCloud`` (e.g. ``prefer_horizontal=1.0``,
    ``background_color="black"``); splitting options are always off. Raises ParameterError for an
    unknown group or one without words.
    """
    weights = cloud_weights(
        corpus, group, by, stopwords=stopwords, exclude=exclude, min_count=min_count
    )
    if not weights:
        raise ParameterError(
            f"no words to draw for group {group!r}. Fix: lower min_count, keep stopwords, or "
            "check that its documents have body text"
        )
    cloud = _wordcloud(
        width, height, max_words, random_state, font_path, {"colormap": colormap, **options}
    )
    return cloud.generate_from_frequencies(weights).to_image()


def word_clouds(
    corpus: Corpus, by: str | None = "primary_province", **kwargs: Any
) -> dict[str, Image.Image]:
    """One :func:`word_cloud` per group that has words to draw, keyed by group label (sorted).

    A group left without words by ``min_count`` or ``exclude`` has no cloud (no error).
    """
    table = frequencies(corpus, by=by, stopwords=kwargs.get("stopwords", False))
    table = _drawn(table, kwargs.get("exclude", ()), kwargs.get("min_count", 1))
    return {g: word_cloud(corpus, g, by, **kwargs) for g in sorted(set(table["group"]))}


def comparison_weights(table: pd.DataFrame, n: int = 40, min_score: float = 0.0) -> pd.DataFrame:
    """The words of a keyness table that go into a comparison cloud: group, display, score.

    Each group keeps its ``n`` words with the highest score above ``min_score``; a word distinctive
    of several groups goes to the one where it scores highest.
    """
    score = next(c for c in ("z", "chi2", "G2") if c in table.columns)
    rows = table[table[score] > min_score]
    rows = rows.sort_values([score, "group", "token"], ascending=[False, True, True], kind="stable")
    rows = rows.drop_duplicates("token")
    rows = rows.groupby("group", sort=True).head(n)
    out = rows.assign(display=rows["display"].fillna(rows["token"]))[["group", "display", score]]
    return out.rename(columns={score: "score"}).reset_index(drop=True)


def comparison_cloud(
    corpus: Corpus,
    by: str | None = "primary_province",
    groups: Sequence[Any] | None = None,
    *,
    n: int = 40,
    method: str = "logodds",
    min_score: float = 0.0,
    exclude: Iterable[str] = (),
    exclude_templates: bool = False,
    colors: Sequence[str] | None = None,
    legend: bool = True,
    width: int = 1000,
    height: int = 600,
    random_state: int = RANDOM_STATE,
    font_path: str | None = None,
    **options: Any,
) -> Image.Image:
    """One cloud of every group's distinctive words, each group in its own colour, as a PIL image.

    Each group (``groups=None``: every group with words) is compared with the rest of the corpus by
    :func:`~dxcompare.keywords.keyness` (``method``, default the weighted log-odds z-score); its
    ``n`` words with the highest positive score are drawn, sized by score, in the group's colour
    A group's colour depends only on the corpus and ``by``, never on which ``groups`` are asked
    for: colours go to every group of the corpus in sorted order (:data:`PALETTE`; more than ten
    groups get evenly spaced colours of matplotlib's "turbo" map), so "Hà Nội" has the same colour
    in every cloud of the same corpus. ``colors`` replaces the palette, one colour per group of
    the corpus (sorted); a shorter list is used for the ``groups`` compared (sorted) if long
    enough. A word distinctive of two groups is drawn once, for the group where it scores highest.
    ``legend=True`` adds a strip under the cloud naming, in their colours, the groups that have
    words drawn in it. When no group has a word scoring above ``min_score`` (texts that differ
    only in a province's name) the image says so instead (``image.info["dxcompare_notice"]``).
    """
    table = keyness(
        corpus, by=by, target=None if groups is None else list(groups), method=method,
        exclude_templates=exclude_templates,
    )  # fmt: skip
    dropped = word_keys(exclude)
    table = table[~table["token"].isin(dropped)]
    words = comparison_weights(table, n=n, min_score=min_score)
    if words.empty:
        # Texts that differ only in their names have nothing distinctive: that is a finding,
        # shown as such, not a failure of the report that draws the cloud.
        return _notice(
            "Nothing distinctive: no group has a word scoring above "
            f"{min_score} with method={method!r} (the groups use the same words). "
            "Lower min_score or compare more documents.",
            width,
            height,
            font_path or default_font_path(),
        )
    colour = _group_colours(
        sorted(set(doc_groups(corpus, by))), sorted(set(table["group"])), colors
    )
    word_group = dict(zip(words["display"], words["group"], strict=True))
    cloud = _wordcloud(width, height, len(words), random_state, font_path, options)
    cloud.generate_from_frequencies(
        dict(zip(words["display"], words["score"].astype(float), strict=True))
    )
    image = cloud.recolor(color_func=lambda word, **_: colour[word_group[word]]).to_image()
    if legend:
        # The groups with a word on the image (a word too big to fit is left out by wordcloud).
        drawn = sorted({word_group[word] for (word, _), *_ in cloud.layout_})
        image = _with_legend(
            image, [(g, colour[g]) for g in drawn], font_path or default_font_path()
        )
    return image


def _group_colours(
    every: list[str], compared: list[str], colors: Sequence[str] | None
) -> dict[str, str]:
    """group -> colour, from the sorted groups of the whole corpus (not only those compared).

    A ``colors`` list too short for the corpus but long enough for the groups compared colours
    those, in sorted order.
    """
    if colors and len(compared) <= len(colors) < len(every):
        return dict(zip(compared, colors, strict=False))
    return dict(zip(every, _colours(len(every), colors), strict=False))


def _colours(n: int, colors: Sequence[str] | None) -> list[str]:
    """``colors`` (one per group), :data:`PALETTE` for up to ten groups, else n spaced colours."""
    if colors:
        if len(colors) < n:
            raise ParameterError(
                f"{n} groups but {len(colors)} colours. Fix: pass colors= with one "
                "colour per group, or fewer groups="
            )
        return list(colors)
    if n <= len(PALETTE):
        return list(PALETTE)
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    # A corpus of many provinces: distinct hues, none too pale to read on white.
    turbo = colormaps["turbo"]
    return [to_hex(turbo(0.05 + 0.9 * i / (n - 1))) for i in range(n)]


def _notice(text: str, width: int, height: int, font: str) -> Image.Image:
    """A white image of ``width`` × ``height`` with ``text`` written on it, wrapped to fit."""
    size = max(14, width // 45)
    face = ImageFont.truetype(font, size)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if line and draw.textlength(trial, font=face) > width - 2 * size:
            lines.append(line)
            trial = word
        line = trial
    lines.append(line)
    top = max(size, (height - len(lines) * size * 1.4) / 2)
    for i, row in enumerate(lines):
        draw.text((size, top + i * size * 1.4), row, fill="#444444", font=face)
    image.info["dxcompare_notice"] = text
    return image


def _with_legend(image: Image.Image, items: list[tuple[str, str]], font: str) -> Image.Image:
    """The image with a white strip below it naming each group in its colour."""
    size = max(14, image.width // 55)
    face = ImageFont.truetype(font, size)
    draw = ImageDraw.Draw(image)
    lines: list[list[tuple[str, str, float]]] = [[]]
    x, gap = size, size * 1.5
    for label, colour in items:
        w = size * 1.2 + draw.textlength(label, font=face)
        if lines[-1] and x + w > image.width - size:
            lines.append([])
            x = size
        lines[-1].append((label, colour, x))
        x += w + gap
    strip = int(size * 1.8 * len(lines) + size)
    out = Image.new("RGB", (image.width, image.height + strip), "white")
    out.paste(image, (0, 0))
    draw = ImageDraw.Draw(out)
    for row, line in enumerate(lines):
        y = image.height + size * 0.6 + row * size * 1.8
        for label, colour, x0 in line:
            draw.rectangle([x0, y + size * 0.15, x0 + size * 0.8, y + size * 0.95], fill=colour)
            draw.text((x0 + size * 1.2, y), label, fill=colour, font=face)
    return out


__all__ = [
    "word_cloud",
    "word_clouds",
    "comparison_cloud",
    "cloud_weights",
    "comparison_weights",
    "default_font_path",
    "PALETTE",
]
