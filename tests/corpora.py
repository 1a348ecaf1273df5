"""Test corpora shared by several test modules: Vietnamese texts written for the tests.

Texts of several provinces and outlets in the layouts dxcompare meets (news pages, official
documents); never copied from the seeds' sources. A test module imports what it needs from here
(``from corpora import DECISION``); no test module imports another.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pandas as pd

VNEXPRESS = """Thứ sáu, 10/3/2023, 14:05 (GMT+7)
Quảng Ninh dẫn đầu chỉ số chuyển đổi số cấp tỉnh
Quảng Ninh giữ vị trí số một về chỉ số chuyển đổi số năm 2022, tiếp theo là Đà Nẵng và Thừa Thiên Huế.
Kết quả được Bộ Thông tin và Truyền thông công bố sáng 10/3 tại Hà Nội, dựa trên 98 chỉ số thành phần.
Lãnh đạo tỉnh Quảng Ninh nhận bằng khen tại lễ công bố. Ảnh: Giang Huy
Theo Bộ trưởng, các địa phương cần chuyển từ số hóa sang khai thác dữ liệu.
Hoàng Phương
"""


TUOI_TRE = """Cần Thơ đẩy mạnh thanh toán không dùng tiền mặt
06/03/2023 10:20 GMT+7
TTO - Sáng 6-3, UBND TP Cần Thơ tổ chức hội nghị triển khai Đề án 06 và thanh toán số.
Người dân thanh toán bằng mã QR tại chợ Tân An - Ảnh: CHÍ QUỐC
Đến nay, 85% hồ sơ thủ tục hành chính của thành phố được tiếp nhận trực tuyến.
CHÍ QUỐC
Tin liên quan
Xem thêm: Hậu Giang số hóa 100% hồ sơ một cửa
Theo dõi Tuổi Trẻ trên Google News
"""


BAO_THANH_HOA = """Thanh Hóa: Xây dựng chính quyền số phục vụ người dân
Cập nhật: 10:20 05/03/2023
Chia sẻ Facebook In bài
(Baothanhhoa.vn) - Thời gian qua, tỉnh Thanh Hóa đã đẩy mạnh cung cấp dịch vụ công trực tuyến toàn trình.
Bài và ảnh: Minh Hiếu
Cán bộ bộ phận một cửa huyện Hoằng Hóa hướng dẫn người dân nộp hồ sơ.
Ảnh: Minh Hiếu
Năm 2022, toàn tỉnh tiếp nhận hơn 1,2 triệu hồ sơ, trong đó 62% qua mạng.
Từ khóa: chuyển đổi số, Thanh Hóa, dịch vụ công
"""


PORTAL = """Trang chủ > Tin tức - Sự kiện > Chuyển đổi số
Đắk Lắk triển khai Đề án 06 trên địa bàn tỉnh
Ngày đăng: 15/04/2023 | Lượt xem: 1250
Cỡ chữ: A A+ A-
Sáng ngày 14/4, UBND tỉnh Đắk Lắk tổ chức hội nghị sơ kết 1 năm triển khai Đề án 06.
Tỉnh đã cấp hơn 1,5 triệu căn cước công dân gắn chip cho người dân.
Người viết: Hồng Nhung
Nguồn: Sở Thông tin và Truyền thông
In trang | Quay lại | Về đầu trang
"""


DECISION = """ỦY BAN NHÂN DÂN
TỈNH THANH HÓA
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 4216/QĐ-UBND
Thanh Hóa, ngày 06 tháng 10 năm 2020

QUYẾT ĐỊNH
Về việc phê duyệt Đề án chuyển đổi số tỉnh Thanh Hóa giai đoạn 2021 - 2025, định hướng đến năm 2030

CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH THANH HÓA

Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
Căn cứ Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ;
Xét đề nghị của Giám đốc Sở Thông tin và Truyền thông,
Điều 1. Phê duyệt Đề án chuyển đổi số tỉnh Thanh Hóa với các nội dung chính sau.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký./.

Nơi nhận:
- Như Điều 2;
- Bộ Thông tin và Truyền thông (để b/c);
- Lưu: VT, KTTC.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Đầu Thanh Tùng
"""


RESOLUTION = """TỈNH ỦY BÌNH ĐỊNH ĐẢNG CỘNG SẢN VIỆT NAM
*
Số 05-NQ/TU Quy Nhơn, ngày 10 tháng 9 năm 2021
NGHỊ QUYẾT
CỦA BAN THƯỜNG VỤ TỈNH ỦY
về chuyển đổi số tỉnh Bình Định đến năm 2025, định hướng đến năm 2030
I. TÌNH HÌNH VÀ NGUYÊN NHÂN
Những năm qua, công tác ứng dụng công nghệ thông tin của tỉnh đạt nhiều kết quả.
"""


RESEARCH = """PGS.TS Nguyễn Văn Phú
Học viện Chính trị khu vực III
Chính quyền số cấp tỉnh: kinh nghiệm của Đà Nẵng
Tóm tắt: Bài viết phân tích quá trình xây dựng chính quyền số của thành phố Đà Nẵng giai đoạn 2020 - 2025.
Từ khóa: chính quyền số, chuyển đổi số, Đà Nẵng
Đà Nẵng là địa phương đầu tiên xây dựng kiến trúc chính quyền điện tử từ năm 2014.
Hình 1. Mô hình kiến trúc chính quyền số thành phố Đà Nẵng
Tài liệu tham khảo
1. Thủ tướng Chính phủ (2020), Quyết định số 749/QĐ-TTg.
2. UBND thành phố Đà Nẵng (2021), Kế hoạch chuyển đổi số.
"""


SUMMARY_DOCS = {
    "thanh_hoa.txt": (
        "Thanh Hoá đẩy mạnh chuyển đổi số trong nông nghiệp\n\n"
        "Tỉnh Thanh Hóa đẩy mạnh chuyển đổi số trong nông nghiệp và truy xuất nguồn gốc nông sản.\n"
        "Nông dân Thanh Hóa bán nông sản trên sàn thương mại điện tử.\n"
    ),
    "ca_mau.txt": (
        "Cà Mau phát triển chính quyền số\n\n"
        "Tỉnh Cà Mau phát triển chính quyền số và dịch vụ công trực tuyến cho người dân.\n"
        "Người dân Cà Mau nộp hồ sơ trực tuyến tại nhà.\n"
    ),
    # No province named anywhere: its group is "(unknown)".
    "khong_ro.txt": (
        "Doanh nghiệp nhỏ học cách bán hàng qua mạng\n\n"
        "Nhiều doanh nghiệp nhỏ học cách bán hàng qua mạng xã hội.\n"
        "Các lớp tập huấn kỹ năng số được mở hằng tháng.\n"
    ),
    # A title and no body: Lai Châu has a document but 0 body words.
    "lai_chau.txt": "Lai Châu chuyển đổi số\n\n",
}


# ------------------------------------------------------------------------------------ coding
def tiny_corpus(docs: dict[str, tuple[dict, list[str]]]) -> SimpleNamespace:
    """A Corpus-like object from {doc_id: (metadata, [sentences])}; words are syllables."""
    documents, sentences, tokens = [], [], []
    for doc_id, (meta, sents) in docs.items():
        text = "\n".join(sents)
        pos = 0
        for i, s in enumerate(sents):
            sentences.append(
                {"doc_id": doc_id, "sentence_id": i, "start": pos, "end": pos + len(s), "text": s}
            )
            for k, w in enumerate(s.split()):
                tokens.append(
                    {
                        "doc_id": doc_id,
                        "sentence_id": i,
                        "token_id": k,
                        "token": w,
                        "norm": w.lower(),
                    }
                )
            pos += len(s) + 1
        documents.append(
            {"doc_id": doc_id, "text": text, "n_words": sum(len(s.split()) for s in sents), **meta}
        )
    return SimpleNamespace(
        documents=pd.DataFrame(documents),
        sentences=pd.DataFrame(sentences),
        tokens=pd.DataFrame(tokens),
    )


NEUTRAL = "Hôm nay trời nắng đẹp."  # 5 words, no theme


FIN = "Bố trí đủ kinh phí."  # 5 words, finance


YOUTH = "Thanh niên đi đầu mọi việc."  # 6 words, youth


# Written for these tests: provinces the seeds do not cover, a resolution, dates, quotations.
OTHER_CORPUS = {
    "dn_nghi_quyet.txt": """NGHỊ QUYẾT VỀ CHUYỂN ĐỔI SỐ THÀNH PHỐ ĐÀ NẴNG ĐẾN NĂM 2025

Ngày 15/3/2021, Ban Thường vụ Thành ủy Đà Nẵng ban hành Nghị quyết số 05-NQ/TU về chuyển đổi số trên địa bàn thành phố.
Nghị quyết được ban hành nhằm thực hiện Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ phê duyệt Chương trình Chuyển đổi số quốc gia.
Mục tiêu đến năm 2025, 100% dịch vụ công trực tuyến mức độ 4 được cung cấp trên Cổng dịch vụ công của thành phố.
Thành phố tập trung phát triển hạ tầng số, nền tảng dữ liệu dùng chung và trung tâm điều hành đô thị thông minh.
Các cấp ủy, chính quyền phải xác định chuyển đổi số là nhiệm vụ trọng tâm, người đứng đầu chịu trách nhiệm trực tiếp.
""",
    "dn_tin.txt": """Đà Nẵng dẫn đầu bảng xếp hạng chuyển đổi số

Năm 2022, thành phố Đà Nẵng tiếp tục xếp thứ 1/63 về chỉ số chuyển đổi số cấp tỉnh.
Thành phố đã đưa vào vận hành nền tảng dữ liệu mở và hệ thống camera giám sát giao thông thông minh.
Theo ông Lê Quang Nam, Giám đốc Sở Thông tin và Truyền thông thành phố Đà Nẵng, "dữ liệu là tài nguyên quan trọng nhất của chính quyền số".
""",
    "lc_tin.txt": """Lào Cai đưa tổ công nghệ số cộng đồng về từng thôn bản

Ngày 20/8/2022, UBND tỉnh Lào Cai ban hành Kế hoạch số 312/KH-UBND về phát triển tổ công nghệ số cộng đồng.
Theo kế hoạch, mỗi thôn, bản của tỉnh Lào Cai có một tổ công nghệ số cộng đồng, hướng dẫn người dân cài đặt ứng dụng và thanh toán không dùng tiền mặt.
Đoàn Thanh niên tỉnh huy động đoàn viên làm nòng cốt trong các tổ này.
"Chúng tôi muốn không người dân nào bị bỏ lại phía sau trong quá trình chuyển đổi số", ông Nguyễn Văn Bình, Giám đốc Sở Thông tin và Truyền thông tỉnh Lào Cai cho biết.
Đến năm 2025, tỉnh phấn đấu 80% người dân trưởng thành có điện thoại thông minh.
""",
    "ct_tin.txt": """Cần Thơ đẩy mạnh kinh tế số và thương mại điện tử

Hội nghị sơ kết công tác chuyển đổi số của thành phố Cần Thơ diễn ra ngày 12/12/2023.
Năm 2023, thành phố Cần Thơ xếp thứ 15/63 về chỉ số chuyển đổi số cấp tỉnh.
Thành phố hỗ trợ hợp tác xã và doanh nghiệp nhỏ đưa nông sản lên sàn thương mại điện tử, phát triển kinh tế số ở nông thôn.
Bà Trần Thị Hoa, Phó Chủ tịch UBND thành phố Cần Thơ, nhấn mạnh: "Kinh tế số phải mang lại lợi ích thiết thực cho người nông dân".
Ngày 05/01/2022, UBND thành phố Cần Thơ ban hành Quyết định số 45/QĐ-UBND phê duyệt Đề án chuyển đổi số.
""",
    # A page copied with its markup: every attack must reach the reports as text, never as code.
    "qn_hostile.txt": """Quảng Ninh <script>alert(1)</script> số hóa hồ sơ {{ kinh_phi }} $x$

Ngày 10/5/2022, UBND tỉnh Quảng Ninh ban hành <a href="javascript:alert(1)">Kế hoạch số 77/KH-UBND</a> về chuyển đổi số <img src=x onerror=alert(1)> với {% if x %}50{% endif %} tỷ đồng.
"Chúng tôi đưa <script>alert(1)</script> dịch vụ công trực tuyến {{ 7*7 }} đến từng xã $x$", ông Phạm Văn Tâm, Giám đốc Sở Thông tin và Truyền thông tỉnh Quảng Ninh cho biết.
Tỉnh Quảng Ninh phấn đấu đến năm 2025, 100% hồ sơ được xử lý trên môi trường mạng.
""",
    "manifest.csv": "file,kind,published\ndn_nghi_quyet.txt,resolution,15/03/2021\n",
}


def write_other_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in OTHER_CORPUS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder
