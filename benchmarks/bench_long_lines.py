"""Hang finder: each extractor on one long line of ordinary Vietnamese news phrasing.

    PYTHONPATH=lib .venv/bin/python benchmarks/bench_long_lines.py               # 100, 200, 400 KB
    PYTHONPATH=lib .venv/bin/python benchmarks/bench_long_lines.py --kb 200 800 --timeout 60
    PYTHONPATH=lib .venv/bin/python benchmarks/bench_long_lines.py --kb 100 200 400 1000 --check-scaling

Every (step, size) runs in a fresh child process killed after ``--timeout`` seconds, so a
catastrophic regex shows as ``>T`` instead of stalling the run. Time that doubles with the size
is linear; time that quadruples is quadratic. Each cell gives CPU seconds (wall in brackets),
the last column the growth exponent k fitted over the sizes (time ~ size^k); ``--check-scaling``
exits 1 when a step's k exceeds :data:`SUPERLINEAR` or a cell times out (a scaling check, kept
out of the tests because timings are no test). The line is :func:`news_line` (also used by
tests/system/test_hang_guards.py): ``Theo ông X, ...`` frames, quotes, commas, dates, decree numbers.
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
    t0, c0 = time.perf_counter(), time.process_time()
    fn(text)
    # CPU seconds last: what a shared machine inflates least, and what the scaling check reads
    print(f"{time.perf_counter() - t0:.3f} {time.process_time() - c0:.3f}")


#: Growth exponent above which a step counts as superlinear: time ~ size**k. Linear code shows
#: k ~ 1 (1.0-1.2 with noise and the cost of warming caches); quadratic code shows k ~ 2.
SUPERLINEAR = 1.35


def exponent(sizes: list[float], seconds: list[float]) -> float | None:
    """The least-squares slope of log(seconds) against log(size): 1 linear, 2 quadratic."""
    import math

    pairs = [(math.log(n), math.log(t)) for n, t in zip(sizes, seconds, strict=True) if t > 0]
    if len(pairs) < 2:
        return None
    mx = sum(x for x, _ in pairs) / len(pairs)
    my = sum(y for _, y in pairs) / len(pairs)
    sxx = sum((x - mx) ** 2 for x, _ in pairs)
    return sum((x - mx) * (y - my) for x, y in pairs) / sxx if sxx else None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kb", type=int, nargs="+", default=[100, 200, 400])
    ap.add_argument("--timeout", type=float, default=30)
    ap.add_argument("--steps", nargs="+", default=None)
    ap.add_argument(
        "--check-scaling",
        action="store_true",
        help=f"exit 1 when a step's CPU time grows faster than size^{SUPERLINEAR} (or times out)",
    )
    ap.add_argument("--child", nargs=2, metavar=("STEP", "KB"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        _child(args.child[0], int(args.child[1]))
        return
    steps = args.steps or list(_steps())
    print("CPU seconds (wall in brackets); k: growth exponent, time ~ size^k")
    print("step".ljust(12) + "".join(f"{kb:>16} KB" for kb in args.kb) + "       k")
    superlinear = []
    for step in steps:
        cells, cpu = [], []
        for kb in args.kb:
            try:
                out = subprocess.run(
                    [sys.executable, __file__, "--child", step, str(kb)],
                    capture_output=True,
                    text=True,
                    timeout=args.timeout,
                )
                if out.returncode == 0:
                    wall, used = out.stdout.strip().splitlines()[-1].split()
                    cell = f"{used} ({wall}) s"
                    cpu.append(float(used))
                else:
                    cell = "error"
                    print(out.stderr[-2000:], file=sys.stderr)
            except subprocess.TimeoutExpired:
                cell = f">{args.timeout:g} s"
            cells.append(cell)
            if cell.startswith(">"):
                cells += ["-"] * (len(args.kb) - len(cells))
                break
        k = exponent(args.kb[: len(cpu)], cpu) if len(cpu) == len(args.kb) else None
        grade = "" if k is None else f"{k:8.2f}" + ("  SUPERLINEAR" if k > SUPERLINEAR else "")
        if k is None and any(c.startswith(">") for c in cells):
            grade = "  TIMEOUT"
        if grade.strip() and (k is None or k > SUPERLINEAR):
            superlinear.append(step)
        print(step.ljust(12) + "".join(f"{c:>19}" for c in cells) + grade, flush=True)
    if args.check_scaling and superlinear:
        sys.exit(f"superlinear or timed out (k > {SUPERLINEAR}): {', '.join(superlinear)}")


if __name__ == "__main__":
    main()
