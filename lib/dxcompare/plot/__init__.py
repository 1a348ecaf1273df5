"""Stage 6, plot: figures drawn from the analysis tables (matplotlib/seaborn, wordcloud)."""

from dxcompare._lazy import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(
    __name__,
    {
        "word_cloud": "clouds",
        "word_clouds": "clouds",
        "comparison_cloud": "clouds",
        "plot_keyness": "rhetoricviews",
        "plot_keyness_dots": "rhetoricviews",
        "plot_theme_heatmap": "themeviews",
        "plot_pillar_shares": "themeviews",
        "plot_group_themes": "themeviews",
        # tables that moved to analyze/ (kwic, themes, timelines), still importable from here
        "group_theme_shares": "themeviews",
        "theme_kwic": "themeviews",
        "kwic_html": "themeviews",
        "plot_swimlane": "timelineviews",
        "lag_table": "timelineviews",
        "first_responses": "timelineviews",
        "timeline_table": "timelineviews",
    },
)
