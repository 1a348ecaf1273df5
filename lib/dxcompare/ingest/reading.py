"""Find the documents in a corpus folder and read each one from disk into text.

Bytes become a ``RawDocument``: text with ``\\n`` newlines, otherwise exactly as the file
holds it (Unicode normalization is ``normalize.py``'s job, which audits every change).
What reading had to do to get there is recorded: the byte encoding, any legacy-font
conversion (TCVN3 ``NghÞ quyÕt`` → ``Nghị quyết``, VNI ``Nghò quyeát`` → ``Nghị quyết``),
any mojibake repair (``Nghá»‹ quyáº¿t`` → ``Nghị quyết``), and the container's metadata.
Nothing here writes to disk.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path

from dxcompare._text.phrases import alternation
from dxcompare.errors import UnreadableFileError

# One discovery for every command (corpus, extract, the report's corpus fingerprint) lives in
# discover.py; discover_files stays importable from here, where it always was.
from dxcompare.ingest.discover import (  # noqa: F401
    MANIFEST_NAME,
    SUPPORTED_SUFFIXES,
    discover_files,
    os_error_problem,
)
from dxcompare.ingest.discover import SPECIAL_FILE as _SPECIAL_FILE
from dxcompare.ingest.discover import SPECIAL_FILE_FIX as _SPECIAL_FILE_FIX
from dxcompare.ingest.discover import UNSUPPORTED_FIX as _UNSUPPORTED_FIX
from dxcompare.ingest.frontmatter import split_front_matter


@dataclass(frozen=True)
class RawDocument:
    """One document as read from disk, before any normalization."""

    path: Path
    text: str
    encoding: str
    conversion: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    #: Metadata the file declares about itself (Markdown front matter): wins over what is
    #: detected, loses to the manifest.
    declared: dict[str, str] = field(default_factory=dict)
    #: Lines decoded in another encoding than the rest: (line number, encoding, text as read).
    line_encodings: tuple[tuple[int, str, str], ...] = ()


# --------------------------------------------------------------------------- reading


def read_document(path: Path) -> RawDocument:
    """Read one document into text; raise ``UnreadableFileError`` saying what to do if it can't.

    >>> read_document(Path("nghi_quyet_tcvn3.txt")).conversion  # doctest: +SKIP
    'tcvn3'
    """
    path = Path(path)
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        raise UnreadableFileError(path, f"unsupported file type '{path.suffix}'", _UNSUPPORTED_FIX)
    data = _read_bytes(path)
    try:
        document = reader(path, data)
    except ImportError as exc:
        # One reader's library is missing or broken (an older pip without lxml_html_clean
        # for trafilatura): only the files of that type are set aside.
        raise _reader_missing(path, exc) from None
    _require_text(path, document.text)
    return document


_READER_PACKAGES = {
    ".html": "trafilatura lxml_html_clean",
    ".htm": "trafilatura lxml_html_clean",
    ".docx": "python-docx",
    ".pdf": "pypdf",
}


def _reader_missing(path: Path, exc: ImportError) -> UnreadableFileError:
    suffix = path.suffix.lower()
    packages = _READER_PACKAGES.get(suffix, exc.name or "the missing package")
    missing = exc.name or str(exc).split("\n", 1)[0]
    return UnreadableFileError(
        path,
        f"cannot be read: the {suffix} reader could not import {missing}",
        f"install the reader's libraries (pip install -U {packages}), or convert the file to .txt",
    )


def _read_bytes(path: Path) -> bytes:
    if path.exists() and not path.is_dir() and not path.is_file():
        raise UnreadableFileError(path, _SPECIAL_FILE, _SPECIAL_FILE_FIX)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise UnreadableFileError(
            path, "file not found", "check the path, or run again to list the folder afresh"
        ) from None
    except IsADirectoryError:
        raise UnreadableFileError(
            path, "is a folder, not a file", "give the folder as the corpus, not as a document"
        ) from None
    except OSError as exc:
        problem = os_error_problem(path, exc)
        raise UnreadableFileError(path, problem.problem, problem.fix) from None


def _require_text(path: Path, text: str) -> None:
    if not text.strip():
        raise UnreadableFileError(
            path,
            "contains no text (only whitespace)",
            "replace it with the document's text or move it out of the corpus folder",
        )


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# ----------------------------------------------------------------- plain text (.txt, .md)

# Magic numbers of files that are not text, and what to do with each.
_MOVE_OUT = "move it out of the corpus folder"
_MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "a PDF file", "rename it to .pdf"),
    (
        b"PK\x03\x04",
        "a ZIP archive (a .docx, .xlsx or .zip)",
        "if it is a Word document rename it to .docx; otherwise unpack it or " + _MOVE_OUT,
    ),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "a legacy Microsoft Office file (.doc/.xls)",
        "open it in Word or LibreOffice and save it as .docx "
        "(libreoffice --headless --convert-to docx FILE)",
    ),
    (b"{\\rtf", "an RTF document", "open it in Word or LibreOffice and save it as .docx"),
    (b"\x89PNG", "a PNG image", _MOVE_OUT),
    (b"\xff\xd8\xff", "a JPEG image", _MOVE_OUT),
    (b"GIF8", "a GIF image", _MOVE_OUT),
    (b"II*\x00", "a TIFF image", _MOVE_OUT),
    (b"MM\x00*", "a TIFF image", _MOVE_OUT),
    (b"\x1f\x8b", "a gzip archive", "unpack it or " + _MOVE_OUT),
    (b"Rar!", "a RAR archive", "unpack it or " + _MOVE_OUT),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", "unpack it or " + _MOVE_OUT),
    (b"\x7fELF", "a program", _MOVE_OUT),
    (b"MZ", "a Windows program", _MOVE_OUT),
)
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig", "utf-8-sig"),
    (b"\xff\xfe", "utf-16", "utf-16"),
    (b"\xfe\xff", "utf-16", "utf-16"),
)
_SNIFF = 65536
_BINARY_CONTROL_SHARE = 0.05
_TEXT_CONTROLS = frozenset(b"\t\n\r\x0b\x0c\x1a\x1b")
_NOT_TEXT_FIX = "if it is a document, save it as UTF-8 .txt, .docx or .pdf; otherwise " + _MOVE_OUT


def _read_plain(path: Path, data: bytes) -> RawDocument:
    if not data:
        raise UnreadableFileError(
            path, "the file is empty (0 bytes)", "delete it or put the document's text in it"
        )
    text, encoding, notes, by_line = _decode_bytes(path, data)
    text, conversion, repair_notes = repair_text(_newlines(text), eight_bit=encoding == "latin-1")
    if encoding in _EIGHT_BIT:
        _require_plausible(path, text, notes)
    declared: dict[str, str] = {}
    if path.suffix.lower() == ".md":
        text, declared, front_notes = split_front_matter(text)
        notes = [*notes, *front_notes]
    return RawDocument(
        path,
        text,
        encoding,
        conversion or (by_line[0][1] if by_line and by_line[0][1] in _LEGACY_LABELS else None),
        {},
        tuple(notes + repair_notes),
        declared,
        tuple(by_line),
    )


_EIGHT_BIT = frozenset({"latin-1", "cp1258", "cp1252"})
_PLAUSIBLE_MIN_SHARE = 0.5
_PLAUSIBLE_MIN_CHARS = 32
_VOWELS = frozenset("aeiouyAEIOUY")


def _latin_word(word: str) -> bool:
    """English, or another Latin-script word (``señor``, ``García``): mostly ASCII letters,
    one ASCII vowel at least. Runs of random high bytes (``ÃÆ×ü``) have no ASCII letter."""
    ascii_letters = sum(1 for ch in word if ch.isascii())
    return len(word) > 1 and 2 * ascii_letters >= len(word) and not _VOWELS.isdisjoint(word)


def _require_plausible(path: Path, text: str, notes: list[str]) -> None:
    """Bytes that were not UTF-8 must decode to words of Vietnamese or English.

    Any byte is a character in Windows-1258 or Latin-1, so random or foreign-code-page bytes
    (4 KB of high bytes named .txt, a Chinese GBK file) always "decode". Counted: letters of
    words that are Vietnamese syllables or mostly-ASCII words with a vowel, and digits, over all
    non-space characters; under half means no plausible text.
    """
    sample = unicodedata.normalize("NFC", text[:_SNIFF])
    nonspace = sum(1 for ch in sample if not ch.isspace())
    if nonspace < _PLAUSIBLE_MIN_CHARS:
        return
    good = sum(1 for ch in sample if ch.isdigit())
    for word in _LETTERS.findall(sample):
        if is_vietnamese_syllable(word) or _latin_word(word):
            good += len(word)
    if good / nonspace < _PLAUSIBLE_MIN_SHARE:
        how = notes[0] if notes else "decoded"
        raise UnreadableFileError(
            path,
            f"is not UTF-8 and its bytes decode to no plausible Vietnamese or English text "
            f"({how}: {sample[:24].strip()!r}...)",
            "if it is a document, open it in its program and save it as UTF-8 .txt, .docx or "
            "PDF; otherwise " + _MOVE_OUT,
        )


_Decoded = tuple[str, str, list[str], list[tuple[int, str, str]]]


def _decode_bytes(path: Path, data: bytes) -> _Decoded:
    """Bytes → str by BOM, then strict UTF-8, then line by line, then 8-bit (legacy fonts or
    Windows-1258). Returns (text, encoding, notes, lines decoded apart from the rest)."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return (*_decode_with_bom(path, data, codec, name), [])
    _reject_binary(path, data)
    try:
        return data.decode("utf-8"), "utf-8", [], []
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.end == len(data) and exc.start > 0:
            # A file cut off inside its last character (a download or copy that stopped).
            cut = len(data) - exc.start
            note = (
                f"the last character was cut off (an incomplete UTF-8 sequence of {cut} "
                "byte(s) at the end of the file); dropped"
            )
            return data[: exc.start].decode("utf-8"), "utf-8", [note], []
    mixed = _decode_mixed(data)
    if mixed is not None:
        return mixed
    return (*_decode_eight_bit(data), [])


def _decode_mixed(data: bytes) -> _Decoded | None:
    """UTF-8 lines and 8-bit lines in one file (text pasted from two sources): each line in its
    own encoding. None unless the UTF-8 lines read as Vietnamese, so a Windows-1258 file whose
    bytes happen to form a UTF-8 sequence somewhere is not split."""
    lines = data.split(b"\n")
    decoded: list[str | None] = []
    for line in lines:
        try:
            decoded.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            decoded.append(None)
    unicode_text = "\n".join(t for t in decoded if t is not None and not t.isascii())
    share, n_words = _syllable_share(unicodedata.normalize("NFC", unicode_text))
    if share < _SYLLABLE_MIN_SHARE or n_words < _SYLLABLE_MIN_WORDS:
        return None
    bad = [i for i, t in enumerate(decoded) if t is None]
    eight_bit, codec, _ = _decode_eight_bit(b"\n".join(lines[i] for i in bad))
    legacy = legacy_encoding(eight_bit, eight_bit=True) if codec == "latin-1" else None
    by_line: list[tuple[int, str, str]] = []
    for i, text in zip(bad, eight_bit.split("\n"), strict=True):
        surface = lines[i].decode("latin-1")
        if legacy is not None:
            text = convert_legacy(text, legacy, eight_bit=True)[0]
        decoded[i] = text
        by_line.append((i + 1, legacy or codec, surface))
    label = _LEGACY_LABELS.get(legacy or "", _CODEC_LABELS.get(codec, codec))
    shown = ", ".join(str(n) for n, _, _ in by_line[:10]) + ("..." if len(by_line) > 10 else "")
    note = (
        f"mixed encodings: {len(by_line)} line(s) ({shown}) decoded as {label}, the others as UTF-8"
    )
    return "\n".join(t or "" for t in decoded), "utf-8+" + (legacy or codec), [note], by_line


_CODEC_LABELS = {"cp1258": "Windows-1258", "cp1252": "Windows-1252", "latin-1": "Latin-1"}


def _decode_with_bom(path: Path, data: bytes, codec: str, name: str) -> tuple[str, str, list[str]]:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise UnreadableFileError(
            path,
            f"starts with a {name.upper()} byte-order mark but is not valid {name.upper()} "
            f"(byte {exc.start})",
            "open it in a text editor and save it again as UTF-8",
        ) from None
    note = {
        "utf-8-sig": "decoded as UTF-8 (with byte-order mark)",
        "utf-16": "decoded as UTF-16 (byte-order mark)",
        "utf-32": "decoded as UTF-32 (byte-order mark)",
    }[name]
    return text, name, [note]


def _reject_binary(path: Path, data: bytes) -> None:
    head = data[:_SNIFF]
    for magic, what, fix in _MAGIC:
        if head.startswith(magic):
            raise UnreadableFileError(path, f"is {what}, not text", fix)
    if b"\x00" in head:
        raise UnreadableFileError(path, "is binary (contains NUL bytes), not text", _NOT_TEXT_FIX)
    controls = sum(1 for byte in head if byte < 0x20 and byte not in _TEXT_CONTROLS)
    if controls > _BINARY_CONTROL_SHARE * len(head):
        raise UnreadableFileError(
            path, "is binary (full of control characters), not text", _NOT_TEXT_FIX
        )


def _decode_eight_bit(data: bytes) -> tuple[str, str, list[str]]:
    """Not UTF-8: a legacy font encoding (read through Latin-1) or Windows-1258.

    TCVN3/VNI/VISCII bytes are returned as their Latin-1 characters, to be converted by
    ``repair_text``; anything else is Windows-1258, the Vietnamese Windows code page.
    """
    surface = data.decode("latin-1")
    if legacy_encoding(surface, eight_bit=True) is not None:
        return surface, "latin-1", ["read as 8-bit bytes (not valid UTF-8)"]
    for codec, label in (("cp1258", "Windows-1258"), ("cp1252", "Windows-1252")):
        try:
            return data.decode(codec), codec, [f"decoded as {label} (not valid UTF-8)"]
        except UnicodeDecodeError:
            continue
    return surface, "latin-1", ["decoded as Latin-1 (not UTF-8 nor Windows-1258); check it"]


# --------------------------------------------------------------- legacy fonts and mojibake

_LEGACY_LABELS = {
    "tcvn3": "TCVN3 (ABC) font encoding",
    "vni": "VNI font encoding",
    "viscii": "VISCII encoding",
}
# Letters that only Unicode Vietnamese has (Latin Extended-A/B and Additional): no legacy
# surface contains them, so a line holding one is already Unicode and is never converted.
_UNICODE_ONLY_VIETNAMESE = re.compile("[ĂăĐđĨĩŨũƠơƯư\u1ea0-\u1ef9]")
_DETECT_SAMPLE_CHARS = 200_000
# PDF text layers of .VnTime fonts put these in place of TCVN3 letters (see viparse.tables).
_PDF_GLYPHS = re.compile(r"(?<=[^\W\d_])[\u2212\u2219]|[\u2212\u2219](?=[^\W\d_])")


@cache
def _charmaps() -> dict[str, object]:
    from viparse.normalize.encodings import AUTO_DETECT_CHARMAPS

    return dict(AUTO_DETECT_CHARMAPS)


@cache
def _vietnamese_letters() -> frozenset[str]:
    letters = set()
    for code in range(0x00C0, 0x1EFA):
        ch = chr(code)
        if _UNICODE_ONLY_VIETNAMESE.match(ch) or ch in "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý":
            letters.add(ch)
    return frozenset(letters)


def _legacy_pairs(name: str, eight_bit: bool) -> list[tuple[str, str]]:
    # In text decoded as Unicode, U+00A0 is a real no-break space (common on the web),
    # not VISCII's Õ: only undecodable 8-bit bytes may hold that letter.
    pairs = _charmaps()[name].pairs  # longest sequence first, so alternation prefers it
    return [pair for pair in pairs if eight_bit or "\xa0" not in pair[0]]


@cache
def _alien_pattern(eight_bit: bool = False) -> re.Pattern[str]:
    """Characters of legacy surfaces that Unicode Vietnamese never uses (``Þ``, ``×``, ``ø``...)."""
    sources = {
        ch for name in _charmaps() for seq, _ in _legacy_pairs(name, eight_bit) for ch in seq
    }
    alien = sorted(ch for ch in sources if not ch.isascii() and ch not in _vietnamese_letters())
    return re.compile("[" + "".join(re.escape(ch) for ch in alien) + "]")


@cache
def _converter(name: str, eight_bit: bool) -> tuple[re.Pattern[str], dict[str, str]]:
    pairs = _legacy_pairs(name, eight_bit)
    table = {seq: replacement for seq, replacement in pairs}
    return re.compile(alternation(seq for seq, _ in pairs)), table


def legacy_encoding(text: str, eight_bit: bool = False) -> str | None:
    """The legacy encoding ``text`` is written in (``"tcvn3"``, ``"vni"``, ``"viscii"``) or None.

    Only lines without Unicode-only Vietnamese letters and with characters Vietnamese
    never uses are looked at. viparse's content detector decides first; where it finds
    two tables equally plausible (short texts), the table whose output is made of valid
    Vietnamese syllables decides. Plain Unicode and other Latin languages give None.
    ``eight_bit``: undecodable bytes read as Latin-1; the verdict must beat Windows-1258.
    """
    sample = _legacy_sample(text, eight_bit)
    if not sample:
        return None
    from viparse.normalize.detector import NOT_VIETNAMESE, detect_encoding_by_content

    detection = detect_encoding_by_content(sample, _charmaps())
    verdict = detection.encoding
    if verdict is None and detection.method != NOT_VIETNAMESE:
        verdict = _syllable_verdict(sample, eight_bit)
    if verdict is None or not eight_bit:
        return verdict
    return verdict if _beats_cp1258(sample, verdict) else None


_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
# Vietnamese rhymes (vần) without tone marks; a wrong legacy table produces impossible
# ones (``Bừnh``, ``quyạt``). After ``qu`` the rhyme starts with its own vowel (``quốc``).
_RHYMES = """
a ai ao au ay an ang anh ac ach am ap at ak ăn ăng ăc ăm ăp ăt ăk
â âu ây ân âng âc âm âp ât e eo en eng ec em ep et ê êu ên ênh êch êm êp êt
i ia iu in inh ich im ip it iêu iên iêng iêc iêm iêp iêt
o oi on ong oc om op ot oa oai oao oay oan oang oanh oac oach oam oap oat
oăn oăng oăc oăm oăt oe oeo oen oet oong ooc ô ôi ôn ông ôc ôm ôp ôt ôk ơ ơi ơn ơm ơp ơt
u ua ui un ung uc um up ut uân uâng uât uây uê uênh uêch uy uya uyu uyn uynh uych uyt
uyên uyêt uơ uôi uôn uông uôc uôm uôt ư ưa ưi ưu ưn ưng ưc ưt
ươ ươi ươu ươn ương ươc ươm ươp ươt y yêu yên yêm yêt
""".split()
_ONSETS = "ngh ng nh ch gh gi kh ph qu th tr b c d đ g h k l m n p r s t v x".split()
_SYLLABLE = re.compile("(?:" + alternation(_ONSETS) + ")?(?:" + alternation(_RHYMES) + ")")
_LETTERS = re.compile(r"[^\W\d_]+")
_SYLLABLE_MIN_SHARE = 0.8
_SYLLABLE_LEAD = 0.2
_SYLLABLE_MIN_WORDS = 2


def is_vietnamese_syllable(word: str) -> bool:
    """Whether ``word`` is spelled like one Vietnamese syllable: ``nghị`` yes, ``ngh¸`` no."""
    parts = unicodedata.normalize("NFD", word.lower())
    tones = sum(1 for ch in parts if ch in _TONE_MARKS)
    base = unicodedata.normalize("NFC", "".join(ch for ch in parts if ch not in _TONE_MARKS))
    return tones <= 1 and _SYLLABLE.fullmatch(base) is not None


def _syllable_share(text: str) -> tuple[float, int]:
    """Share of the words with non-ASCII letters that are Vietnamese syllables, and their number."""
    words = [w for w in _LETTERS.findall(text) if not w.isascii()]
    if not words:
        return 0.0, 0
    return sum(1 for w in words if is_vietnamese_syllable(w)) / len(words), len(words)


def _syllable_verdict(sample: str, eight_bit: bool) -> str | None:
    """The one table whose output reads as Vietnamese syllables clearly better than the rest."""
    results = sorted(
        (
            (*_syllable_share(convert_legacy(sample, name, eight_bit=eight_bit)[0]), name)
            for name in _charmaps()
        ),
        reverse=True,
    )
    (best, words, name), (runner_up, _, _) = results[0], results[1]
    unconverted = _syllable_share(sample)[0]
    clear = best - max(runner_up, unconverted) >= _SYLLABLE_LEAD
    if best >= _SYLLABLE_MIN_SHARE and words >= _SYLLABLE_MIN_WORDS and clear:
        return name
    return None


def _legacy_sample(text: str, eight_bit: bool) -> str:
    alien = _alien_pattern(eight_bit)
    if not alien.search(text):
        return ""
    lines, size = [], 0
    for line in text.split("\n"):
        if alien.search(line) and not _UNICODE_ONLY_VIETNAMESE.search(line):
            lines.append(line)
            size += len(line)
            if size >= _DETECT_SAMPLE_CHARS:
                break
    return "\n".join(lines)


def _beats_cp1258(sample: str, encoding: str) -> bool:
    from viparse.normalize.frequency import vietnamese_score

    as_cp1258 = sample.encode("latin-1").decode("cp1258", errors="replace")
    converted = convert_legacy(sample, encoding, eight_bit=True)[0]
    return vietnamese_score(converted) > vietnamese_score(unicodedata.normalize("NFC", as_cp1258))


def convert_legacy(
    text: str, encoding: str, pdf: bool = False, eight_bit: bool = False
) -> tuple[str, int]:
    """Convert legacy-font text to Unicode line by line; returns (text, lines converted).

    Lines that already hold Unicode-only Vietnamese letters are left as they are, so a
    document mixing a Unicode title with a TCVN3 body keeps its title intact.
    """
    pattern, table = _converter(encoding, eight_bit)
    replace: Callable[[re.Match[str]], str] = lambda m: table[m.group()]  # noqa: E731
    lines = text.split("\n")
    converted = 0
    for i, line in enumerate(lines):
        if _UNICODE_ONLY_VIETNAMESE.search(line):
            continue
        if pdf:
            line = _PDF_GLYPHS.sub(lambda m: {"\u2212": "\xad", "\u2219": "\xb7"}[m.group()], line)
        new = pattern.sub(replace, line)
        if new != lines[i]:
            lines[i] = new
            converted += 1
    return "\n".join(lines), converted


@cache
def _ftfy_config():
    import ftfy

    # Only the encoding repairs: quotes, widths, ligatures and normalization are left
    # for normalize.py, which records every change it makes.
    return ftfy.TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=False,
        remove_control_chars=False,
        normalization=None,
        explain=False,
    )


# A UTF-8 lead byte read as Windows-1252/Latin-1 followed by a continuation byte read the
# same way: every mojibake line has one, so only such lines are handed to ftfy (whose own
# check is slow on a 30 MB text).
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00ef][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030"
    "\u2039\u203a\u20ac\u2122]"
)


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as Windows-1252 (``Nghá»‹ quyáº¿t`` → ``Nghị quyết``) with ftfy, per line."""
    if not _MOJIBAKE_HINT.search(text):
        return text
    import ftfy
    from ftfy.badness import is_bad

    lines = text.split("\n")
    for i, line in enumerate(lines):
        if _MOJIBAKE_HINT.search(line) and is_bad(line):
            lines[i] = ftfy.fix_text(line, _ftfy_config())
    return "\n".join(lines)


def repair_text(
    text: str, eight_bit: bool = False, pdf: bool = False
) -> tuple[str, str | None, list[str]]:
    """Convert legacy-font text or repair mojibake; returns (text, conversion, notes).

    Plain Unicode Vietnamese and other languages come back unchanged. When a text could
    be either (a VISCII surface is full of what ftfy takes for mojibake, and mojibake
    scores as VISCII), the reading that looks more like Vietnamese wins.
    """
    encoding = legacy_encoding(text, eight_bit=eight_bit)
    repaired = text if eight_bit else repair_mojibake(text)
    if encoding is not None and (repaired == text or _legacy_wins(text, encoding, pdf)):
        converted, n_lines = convert_legacy(text, encoding, pdf=pdf, eight_bit=eight_bit)
        label = _LEGACY_LABELS[encoding]
        return converted, encoding, [f"converted from {label} ({n_lines} lines)"]
    if repaired != text:
        note = "repaired mojibake (UTF-8 text that had been decoded as Windows-1252) with ftfy"
        return repaired, "mojibake", [note]
    return text, None, []


def _legacy_wins(text: str, encoding: str, pdf: bool) -> bool:
    from viparse.normalize.frequency import vietnamese_score

    sample = _legacy_sample(text, eight_bit=False)
    as_legacy = convert_legacy(sample, encoding, pdf=pdf)[0]
    return vietnamese_score(as_legacy) > vietnamese_score(repair_mojibake(sample))


# --------------------------------------------------------------------------- HTML

_MAX_HTML_BYTES = 200_000_000


@cache
def _trafilatura_config():
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "MAX_FILE_SIZE", str(_MAX_HTML_BYTES))
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    return config


def _read_html(path: Path, data: bytes) -> RawDocument:
    if not data.strip():
        raise UnreadableFileError(
            path, "the file is empty", "delete it or save the web page again (File > Save as)"
        )
    _reject_binary(path, data)
    extracted = _extract_html(data, favor_recall=False) or _extract_html(data, favor_recall=True)
    if extracted is None or not (extracted.text or "").strip():
        raise UnreadableFileError(
            path,
            "no article text found in the HTML (trafilatura found no main content)",
            "save the article's text as .txt, or save the full page (not a frame or a "
            "page that loads its text with JavaScript)",
        )
    meta = _html_meta(extracted)
    text = _newlines(extracted.text)
    title = meta.get("title", "")
    if title and text.split("\n", 1)[0].strip() != title.strip():
        text = f"{title}\n{text}"
    text, conversion, notes = repair_text(text)
    notes = ["main text and metadata extracted with trafilatura", *notes]
    return RawDocument(path, text, "html", conversion, meta, tuple(notes))


def _extract_html(data: bytes, favor_recall: bool):
    import trafilatura

    return trafilatura.bare_extraction(
        data,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        favor_recall=favor_recall,
        config=_trafilatura_config(),
    )


def _html_meta(extracted) -> dict[str, str]:
    fields = {
        "title": extracted.title,
        "author": extracted.author,
        "date": extracted.date,
        "url": extracted.url,
        "outlet": extracted.sitename,
    }
    return {
        key: str(value).strip() for key, value in fields.items() if value and str(value).strip()
    }


# --------------------------------------------------------------------------- DOCX

# Authors that word processors and templates put in by default: never the article's author.
_PLACEHOLDER_AUTHORS = frozenset(
    {"python-docx", "microsoft office user", "windows user", "user", "admin", "administrator"}
)
_NOT_A_DOCX_FIX = "open it in Word or LibreOffice and save it again as .docx"


def _read_docx(path: Path, data: bytes) -> RawDocument:
    if not data:
        raise UnreadableFileError(path, "the file is empty (0 bytes)", _NOT_A_DOCX_FIX)
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise UnreadableFileError(
            path,
            "is a legacy Word .doc file with a .docx name",
            "open it in Word or LibreOffice and save it as .docx "
            "(libreoffice --headless --convert-to docx FILE)",
        )
    document = _open_docx(path)
    text = "\n".join(_docx_lines(document))
    text, conversion, notes = repair_text(_newlines(text))
    return RawDocument(path, text, "docx", conversion, _docx_meta(document), tuple(notes))


def _open_docx(path: Path):
    import docx

    try:
        return docx.Document(str(path))
    except Exception as exc:  # zipfile, lxml and python-docx each raise their own errors
        raise UnreadableFileError(
            path, f"is not a readable .docx file ({type(exc).__name__}: {exc})", _NOT_A_DOCX_FIX
        ) from None


def _docx_lines(document) -> list[str]:
    """Paragraphs and table cells in document order, one line per paragraph."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            lines.extend(_table_lines(Table(child, document)))
    return lines


def _table_lines(table) -> list[str]:
    lines: list[str] = []
    seen: set[int] = set()
    for row in table.rows:
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is repeated once per grid column
                continue
            seen.add(id(cell._tc))
            lines.extend(paragraph.text for paragraph in cell.paragraphs)
    return lines


def _docx_meta(document) -> dict[str, str]:
    props = document.core_properties
    meta: dict[str, str] = {}
    if props.title and props.title.strip():
        meta["title"] = props.title.strip()
    if props.author and props.author.strip().lower() not in _PLACEHOLDER_AUTHORS:
        meta["author"] = props.author.strip()
    created = _iso_date(props.created)
    if created:
        meta["created"] = created
    return meta


def _iso_date(value: object) -> str | None:
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    return None


# --------------------------------------------------------------------------- PDF

_NOT_A_PDF_FIX = "open it in a PDF reader and save or print it again as PDF, or supply a .txt"


def _read_pdf(path: Path, data: bytes) -> RawDocument:
    if not data:
        raise UnreadableFileError(path, "the file is empty (0 bytes)", _NOT_A_PDF_FIX)
    if b"%PDF-" not in data[:1024]:
        raise UnreadableFileError(path, "is not a PDF file (no %PDF header)", _NOT_A_PDF_FIX)
    reader = _open_pdf(path)
    pages = [_page_text(path, page) for page in reader.pages]
    text = _newlines("\n".join(pages))
    if not text.strip():
        raise UnreadableFileError(
            path,
            "has no text layer (a scanned PDF?); OCR is out of scope for dxcompare",
            "OCR it first (e.g. ocrmypdf -l vie in.pdf out.pdf) or supply the text as .txt",
        )
    text, conversion, notes = repair_text(text, pdf=True)
    notes = [f"text layer of {len(pages)} pages extracted with pypdf", *notes]
    return RawDocument(path, text, "pdf", conversion, _pdf_meta(reader), tuple(notes))


def _open_pdf(path: Path):
    from pypdf import PdfReader

    try:
        reader = PdfReader(str(path), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableFileError(
                path,
                "is password-protected",
                "open it with its password and save an unprotected copy",
            )
        if len(reader.pages) == 0:  # parsing the page tree is where damage shows
            raise UnreadableFileError(path, "is a damaged PDF (no pages found)", _NOT_A_PDF_FIX)
    except UnreadableFileError:
        raise
    except Exception as exc:  # pypdf raises many error types on damaged files
        raise UnreadableFileError(
            path, f"is a damaged PDF ({type(exc).__name__}: {exc})", _NOT_A_PDF_FIX
        ) from None
    return reader


def _page_text(path: Path, page) -> str:
    try:
        return page.extract_text() or ""
    except Exception as exc:  # a damaged content stream on one page
        raise UnreadableFileError(
            path, f"is a damaged PDF ({type(exc).__name__}: {exc})", _NOT_A_PDF_FIX
        ) from None


def _pdf_meta(reader) -> dict[str, str]:
    try:
        info = reader.metadata
    except Exception:  # a damaged info dictionary is not worth failing the document for
        return {}
    if info is None:
        return {}
    meta: dict[str, str] = {}
    for key, attr in (("title", "title"), ("author", "author")):
        value = getattr(info, attr, None)
        if isinstance(value, str) and value.strip():
            meta[key] = value.strip()
    try:
        created = _iso_date(info.creation_date)
    except Exception:  # pypdf raises on malformed date strings
        created = None
    if created:
        meta["created"] = created
    return meta


_READERS: dict[str, Callable[[Path, bytes], RawDocument]] = {
    ".txt": _read_plain,
    ".md": _read_plain,
    ".html": _read_html,
    ".htm": _read_html,
    ".docx": _read_docx,
    ".pdf": _read_pdf,
}
