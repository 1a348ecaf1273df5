from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    """Every test gets its own cache folder, so no test sees another's cache."""
    monkeypatch.setenv("DXCOMPARE_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture(scope="session")
def load_texts(tmp_path_factory):
    """Build a corpus from ``{file name: text}``: ``load_texts({"ha_giang.txt": "..."}, "tiny")``.

    The texts are written to a fresh folder and loaded without the cache, so each test module's
    corpus is built from exactly what it wrote.
    """

    def build(texts: dict[str, str], name: str = "corpus"):
        import dxcompare

        folder = tmp_path_factory.mktemp(name)
        for file_name, text in texts.items():
            (folder / file_name).write_text(text, encoding="utf-8")
        return dxcompare.load_corpus(folder, use_cache=False)

    return build


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
