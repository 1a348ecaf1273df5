"""Hang finder: each extractor on one long line of ordinary Vietnamese news phrasing.

    PYTHONPATH=lib .venv/bin/python benchmarks/bench_long_lines.py               # 100, 200, 400 KB
    PYTHONPATH=lib .venv/bin/python benchmarks/bench_long_lines.py --kb 200 800 --timeout 60

Every (step, size) runs in a fresh child process killed after ``--timeout`` seconds, so a
catastrophic regex shows as ``>T`` instead of stalling the run. Time that doubles with the size
is linear; time that quadruples is quadratic. The line is :func:`news_line` (also used by
tests/test_hang_guards.py): ``Theo ông X, ...`` frames, quotes, commas, dates, decree numbers.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

#: Sentences a scraped article strings together on one line (no newline between them).
PIECES = (
    'Theo ông Nguyễn Văn Bình, Giám đốc Sở Thông tin và Truyền thông tỉnh Quảng Ninh, "tỉnh đã '
    'hoàn thành 95% mục tiêu chuyển đổi số năm 2024". ',
    "Theo bà Lê Thị Mai, Phó Chủ tịch UBND tỉnh Đồng Tháp, đến năm 2025, 80% hồ sơ được xử lý "
    "trực tuyến, 100% cơ quan, đơn vị, địa phương kết nối, ",
    "Thứ hai, 12/12/2022 16:49 ",
    "ngày 15/3/2023, UBND tỉnh Lai Châu ban hành Quyết định số 1234/QĐ-UBND về Kế hoạch "
    "chuyển đổi số. ",
    'Chủ tịch UBND tỉnh Trần Văn Hùng cho rằng: "Phải làm ngay, không chờ đợi", ',
    "theo Nghị quyết 05-NQ/TU, Nghị định 45/2020/NĐ-CP, Thông tư 01/2021/TT-BTTTT, ",
    "Hà Nội, ngày 10 tháng 5 năm 2024. ",
    '"Chính quyền số" và "Kinh tế số", ông An cho biết, tỉnh đạt 120 tỷ đồng, tăng 15%. ',
    "Quyết định 749/QĐ-TTg ngày 3/6/2020 của Thủ tướng Chính phủ, ",
    "tính đến hết quý I/2025, toàn tỉnh có 1.245.000 tài khoản, xếp thứ 3/63 tỉnh, thành phố. ",
)


def news_line(n_chars: int, pieces: tuple[str, ...] = PIECES) -> str:
    """One line of about ``n_chars`` characters cycling through :data:`PIECES`."""
    out, size, i = [], 0, 0
    while size < n_chars:
        piece = pieces[i % len(pieces)]
        out.append(piece)
        size += len(piece)
        i += 1
    return "".join(out)


def _steps() -> dict:
    from dxcompare.analyze import registers, speakers, themes
    from dxcompare.annotate import lines, metadata, normalize, provinces, segment
    from dxcompare.extract import dates, references, targets

    def reg(text):
        matcher = registers.PhraseMatcher(
            [p for r in registers.load_registers() for p in r.phrases]
        )
        return matcher.find(text)

    return {
        "normalize": lambda t: normalize.normalize_line(t),
        "lines": lambda t: lines.label_lines([t, t]),
        "metadata": lambda t: metadata.detect_metadata([t], ["body"], {}),
        "sentences": lambda t: segment.split_sentences(t),
        "provinces": lambda t: provinces.find_provinces(t),
        "dates": lambda t: dates.extract_dates(t, reference="2024-05-01"),
        "references": lambda t: references.extract_doc_refs(t),
        "targets": lambda t: targets.extract_targets(t),
        "quotations": lambda t: speakers.find_quotations(t),
        "themes": lambda t: themes.code_text(t),
        "registers": reg,
    }


def _child(step: str, kb: int) -> None:
    text = news_line(kb * 1000)
    fn = _steps()[step]
    fn(news_line(2000))  # warm: lexicons, compiled patterns
    t0 = time.perf_counter()
    fn(text)
    print(f"{time.perf_counter() - t0:.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kb", type=int, nargs="+", default=[100, 200, 400])
    ap.add_argument("--timeout", type=float, default=30)
    ap.add_argument("--steps", nargs="+", default=None)
    ap.add_argument("--child", nargs=2, metavar=("STEP", "KB"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        _child(args.child[0], int(args.child[1]))
        return
    steps = args.steps or list(_steps())
    print("step".ljust(12) + "".join(f"{kb:>9} KB" for kb in args.kb))
    for step in steps:
        cells = []
        for kb in args.kb:
            try:
                out = subprocess.run(
                    [sys.executable, __file__, "--child", step, str(kb)],
                    capture_output=True,
                    text=True,
                    timeout=args.timeout,
                )
                cell = (
                    out.stdout.strip().splitlines()[-1] + " s" if out.returncode == 0 else "error"
                )
                if out.returncode:
                    print(out.stderr[-2000:], file=sys.stderr)
            except subprocess.TimeoutExpired:
                cell = f">{args.timeout:g} s"
            cells.append(cell)
            if cell.startswith(">"):
                cells += ["-"] * (len(args.kb) - len(cells))
                break
        print(step.ljust(12) + "".join(f"{c:>12}" for c in cells), flush=True)


if __name__ == "__main__":
    main()
