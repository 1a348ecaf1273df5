"""No network at run time: building a corpus and rendering every report work with the network gone.

In this process, sockets refuse every connection and name lookup. For ``dxcompare report``, whose
notebook kernels are separate processes talking ZMQ over localhost, a ``sitecustomize.py`` on
``PYTHONPATH`` refuses (and logs) every non-loopback connection in every Python process it starts.
The report is run on a hostile corpus, so the same run shows that no markup from a document
reaches a page alive.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

import dxcompare
from dxcompare.reporting.htmlexport import find_live_markup
from dxcompare.reporting.pagescripts import without_page_scripts
from support import ROOT

DXCOMPARE = Path(sys.executable).with_name("dxcompare")

HOSTILE_ARTICLE = """Quảng Trị <script>alert('tiêu đề')</script> đẩy mạnh chuyển đổi số

Ngày 12/3/2024, UBND tỉnh Quảng Trị ban hành Kế hoạch số 45/KH-UBND về chuyển đổi số.
<img src=x onerror="alert('ảnh')"> Tỉnh phấn đấu đến năm 2025 có 80% hồ sơ được xử lý trực tuyến.
<a href="javascript:alert('liên kết')">Xem chi tiết</a> Quảng Trị hoàn thành 100% kết nối mạng.
Kinh phí {{ kinh_phi }} tỷ đồng {% include 'x' %} cho hạ tầng số, tương đương $5$ triệu USD.
<iframe src="https://example.com/theo-doi"></iframe><style>body{display:none}</style>
"""
HOSTILE_HTML = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Cà Mau số hóa hồ sơ</title><script>alert('xss')</script></head><body><article>
<h1>Cà Mau số hóa hồ sơ</h1>
<p onclick="alert(2)">UBND tỉnh Cà Mau ban hành Kế hoạch số 88/KH-UBND ngày 05/4/2023 về chuyển
đổi số, phấn đấu 95% hồ sơ được xử lý trực tuyến vào năm 2025.</p>
<p><a href="javascript:steal(document.cookie)">Xem</a> Cà Mau phát triển kinh tế số.</p>
</article></body></html>
"""
MANIFEST = (
    "file,title,outlet\n"
    "ca_mau.html,\"Cà Mau <img src=x onerror=alert('manifest')>\",<b onmouseover=alert(1)>Báo</b>\n"
)

# Every Python process started with this on PYTHONPATH refuses non-loopback connections.
SITECUSTOMIZE = """
import ipaddress, os, socket

_LOG = os.environ.get("DXCOMPARE_NETLOG")
_LOCAL_NAMES = {None, "", "localhost", "ip6-localhost"}


def _loopback(host):
    if host in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


def _refuse(what, host):
    if _LOG:
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(f"{os.getpid()} {what} {host}\\n")
    raise OSError(101, f"network blocked by the dxcompare test: {what} {host}")


_connect, _connect_ex, _getaddrinfo = (
    socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo
)


def connect(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _loopback(address[0]):
        _refuse("connect", address[0])
    return _connect(self, address)


def connect_ex(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _loopback(address[0]):
        _refuse("connect_ex", address[0])
    return _connect_ex(self, address)


def getaddrinfo(host, *args, **kwargs):
    if not _loopback(host if not isinstance(host, bytes) else host.decode()):
        _refuse("getaddrinfo", host)
    return _getaddrinfo(host, *args, **kwargs)


socket.socket.connect = connect
socket.socket.connect_ex = connect_ex
socket.getaddrinfo = getaddrinfo
"""


def make_hostile_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "quang_tri.txt").write_text(HOSTILE_ARTICLE, encoding="utf-8")
    (folder / "ca_mau.html").write_text(HOSTILE_HTML, encoding="utf-8")
    (folder / "manifest.csv").write_text(MANIFEST, encoding="utf-8")
    return folder


@pytest.fixture
def no_network(monkeypatch):
    """Every connection and name lookup from this process fails, as on an offline machine."""
    attempts: list[str] = []

    def refuse(what: str):
        def blocked(*args, **kwargs):
            attempts.append(f"{what} {args[1:2] or args[:1]}")
            raise OSError(101, f"network blocked by the test: {what}")

        return blocked

    monkeypatch.setattr(socket.socket, "connect", refuse("connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    return attempts


def test_sockets_really_are_blocked_in_this_test(no_network):
    with pytest.raises(OSError, match="network blocked"):
        socket.create_connection(("vnexpress.net", 443), timeout=1)
    assert no_network


def test_corpus_builds_with_no_network(tmp_path, no_network):
    corpus = dxcompare.load_corpus(make_hostile_corpus(tmp_path / "corpus"), use_cache=False)
    assert sorted(corpus.documents["primary_province"]) == ["Cà Mau", "Quảng Trị"]
    assert len(corpus.tokens) > 50 and len(corpus.doc_refs) >= 2
    assert no_network == []  # not even an attempt


def test_sitecustomize_blocks_the_internet_but_not_localhost(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    probe = (
        "import socket\n"
        "server = socket.socket(); server.bind(('127.0.0.1', 0)); server.listen(1)\n"
        "socket.create_connection(server.getsockname(), timeout=5).close()\n"
        "try:\n    socket.create_connection(('1.1.1.1', 53), timeout=5)\n"
        "except OSError as err:\n    print('blocked' if 'blocked' in str(err) else err)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site"), "DXCOMPARE_NETLOG": "/dev/null"}
    done = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "blocked"


@pytest.mark.slow
def test_report_on_a_hostile_corpus_completes_offline_with_no_live_markup(tmp_path):
    corpus = make_hostile_corpus(tmp_path / "corpus")
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    netlog = tmp_path / "network-attempts.log"
    pythonpath = os.pathsep.join(p for p in (str(site), os.environ.get("PYTHONPATH")) if p)
    env = {**os.environ, "PYTHONPATH": pythonpath, "DXCOMPARE_NETLOG": str(netlog)}
    out = tmp_path / "out"
    done = subprocess.run(
        [str(DXCOMPARE), "report", "--corpus", str(corpus), "--out", str(out),
         "--notebooks", str(ROOT / "notebooks"), "--workers", "2"],
        env=env, capture_output=True, text=True, check=False, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert not netlog.exists(), netlog.read_text(encoding="utf-8")
    pages = sorted(out.rglob("*.html"))
    assert out / "index.html" in pages and len(pages) >= 3
    seen_as_text = False
    for page in pages:
        html = page.read_text(encoding="utf-8")
        own = without_page_scripts(html)  # the page's own scripts, allowed by hash in its CSP
        assert find_live_markup(own, allowed_tags=frozenset({"meta"})) == [], page.name
        seen_as_text |= "&lt;script&gt;alert(" in html or "onerror=alert(" in html
    assert seen_as_text  # the attacks are shown as text somewhere, not dropped unseen
