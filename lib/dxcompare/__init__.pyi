"""Type stub of ``dxcompare``: the public names as editors and type checkers should see them.

The package itself imports these lazily (``dxcompare/__init__.py``, ``_EXPORTS``), which a
static tool cannot follow; this stub re-exports each from the module that defines it, so the
signatures and docstrings come from the code and cannot drift. tests/test_package.py checks
that the stub and ``dxcompare.__all__`` name the same things.
"""

from dxcompare.analyze.codebook import load_codebook as load_codebook
from dxcompare.analyze.formulaic import (
    ngram_table as ngram_table,
)
from dxcompare.analyze.formulaic import (
    shared_ngrams as shared_ngrams,
)
from dxcompare.analyze.formulaic import (
    template_token_mask as template_token_mask,
)
from dxcompare.analyze.keywords import keyness as keyness
from dxcompare.analyze.kwic import (
    kwic_html as kwic_html,
)
from dxcompare.analyze.kwic import (
    theme_kwic as theme_kwic,
)
from dxcompare.analyze.registers import (
    load_registers as load_registers,
)
from dxcompare.analyze.registers import (
    register_hits as register_hits,
)
from dxcompare.analyze.registers import (
    register_table as register_table,
)
from dxcompare.analyze.speakers import (
    find_quotations as find_quotations,
)
from dxcompare.analyze.speakers import (
    quotations as quotations,
)
from dxcompare.analyze.speakers import (
    speaker_table as speaker_table,
)
from dxcompare.analyze.summaryviews import (
    documents_per_group as documents_per_group,
)
from dxcompare.analyze.summaryviews import (
    glance_table as glance_table,
)
from dxcompare.analyze.themes import (
    code_text as code_text,
)
from dxcompare.analyze.themes import (
    code_themes as code_themes,
)
from dxcompare.analyze.themes import (
    distinctive_themes as distinctive_themes,
)
from dxcompare.analyze.themes import (
    group_theme_shares as group_theme_shares,
)
from dxcompare.analyze.themes import (
    rollup as rollup,
)
from dxcompare.analyze.themes import (
    theme_table as theme_table,
)
from dxcompare.analyze.timelines import (
    first_responses as first_responses,
)
from dxcompare.analyze.timelines import (
    lag_table as lag_table,
)
from dxcompare.analyze.timelines import (
    timeline_table as timeline_table,
)
from dxcompare.analyze.vocabulary import frequencies as frequencies
from dxcompare.annotate.normalize import fold as fold
from dxcompare.annotate.normalize import normalize_text as normalize_text
from dxcompare.annotate.provinces import (
    find_provinces as find_provinces,
)
from dxcompare.annotate.provinces import (
    province_2025 as province_2025,
)
from dxcompare.annotate.provinces import (
    province_table as province_table,
)
from dxcompare.annotate.provinces import (
    resolve_province as resolve_province,
)
from dxcompare.annotate.provinces import (
    validate_provinces as validate_provinces,
)
from dxcompare.corpus.build import Corpus as Corpus
from dxcompare.corpus.build import load_corpus as load_corpus
from dxcompare.extract.dates import extract_dates as extract_dates
from dxcompare.extract.events import (
    align_to_national as align_to_national,
)
from dxcompare.extract.events import (
    citation_table as citation_table,
)
from dxcompare.extract.national import national_documents as national_documents
from dxcompare.extract.references import extract_doc_refs as extract_doc_refs
from dxcompare.extract.targets import extract_targets as extract_targets
from dxcompare.plot.clouds import (
    comparison_cloud as comparison_cloud,
)
from dxcompare.plot.clouds import (
    word_cloud as word_cloud,
)
from dxcompare.plot.clouds import (
    word_clouds as word_clouds,
)
from dxcompare.plot.rhetoricviews import plot_keyness as plot_keyness
from dxcompare.plot.rhetoricviews import plot_keyness_dots as plot_keyness_dots
from dxcompare.plot.themeviews import (
    plot_group_themes as plot_group_themes,
)
from dxcompare.plot.themeviews import (
    plot_pillar_shares as plot_pillar_shares,
)
from dxcompare.plot.themeviews import (
    plot_theme_heatmap as plot_theme_heatmap,
)
from dxcompare.plot.timelineviews import (
    plot_swimlane as plot_swimlane,
)
from dxcompare.reporting.parameters import check_parameters as check_parameters
from dxcompare.reporting.reports import report as report

__version__: str
__all__: list[str]
