"""The words a reader reads around the tables: titles, section headings, explanations, in both languages.

A notebook shows its section texts from a code cell, so ``language="vi"`` gives a Vietnamese
report throughout (a Markdown cell cannot change with a parameter):

    >>> "Ba trụ cột" in section("strategies", "pillars-intro", "vi")._repr_html_()
    True
    >>> 'id="The-three-pillars-and-the-enablers"' in section("strategies", "pillars-intro", "vi")._repr_html_()
    True

A heading keeps, in both languages, the anchor nbconvert gives the English heading of a Markdown
cell ("#The-three-pillars-and-the-enablers"): the findings and other reports link to it.
Also here: the lines a notebook prints (:func:`say`), the reasons shown for an empty table
(:func:`empty_reason`) and the column headers a reader sees (:func:`column_label`); the CSV
files keep their English column names (the data contract of :mod:`dxcompare.schema`).
"""

from __future__ import annotations

import html
import re
from typing import Any

from dxcompare.reporting.language import check_language

#: report -> section key (the notebook cell's id) -> (English, Vietnamese). Light Markdown: a first
#: line "## Heading", blank-line paragraphs, `code` and *emphasis*.
SECTIONS: dict[str, dict[str, tuple[str, str]]] = {
    "corpus_overview": {
        "title": (
            "# Corpus overview\n\n**Question:** what is in the corpus, and can it be trusted? How "
            "many documents there are, which\nprovinces they are mainly about, what metadata was "
            "found, what normalization changed in their\ntext, and which files were set aside (and why).",
            "# Tổng quan kho văn bản\n\n**Câu hỏi:** kho văn bản có gì, và có đáng tin không? Có bao "
            "nhiêu văn bản, chủ yếu nói về những tỉnh/thành phố nào, tìm được siêu dữ liệu gì, "
            "chuẩn hóa đã sửa gì trong văn bản, và những tệp nào bị để riêng (vì sao).",
        ),
        "documents-intro": (
            "## Documents\n\nOne row per document with the metadata found in it. Look for empty "
            "titles, dates and outlets:\nthose files may have lost their header, and their province "
            "rests on the body alone.",
            "## Văn bản\n\nMỗi dòng là một văn bản, với siêu dữ liệu tìm được trong đó. Hãy chú ý "
            "các ô trống ở tiêu đề, ngày đăng và nguồn: các tệp đó có thể đã mất phần đầu, và tỉnh "
            "của chúng chỉ dựa vào thân bài.",
        ),
        "documents-list-intro": (
            "Each document once, with its file (relative to the corpus folder): the evidence tables "
            "of every\nreport link their titles here.",
            "Mỗi văn bản một lần, kèm tệp của nó (đường dẫn trong thư mục kho): bảng bằng chứng của "
            "mọi báo cáo đều dẫn tiêu đề về đây.",
        ),
        "metadata-intro": (
            "## Metadata found\n\nThe share of documents with each field: a low share of dates limits "
            "the timeline, a low share of\noutlets limits any comparison of sources.",
            "## Siêu dữ liệu tìm được\n\nTỷ lệ văn bản có từng trường: ít văn bản có ngày thì dòng "
            "thời gian bị hạn chế, ít văn bản có nguồn thì khó so sánh các nguồn tin.",
        ),
        "per-province-intro": (
            "## Documents per province and kind\n\nHow evenly the corpus covers the provinces, and "
            "through which kinds of text: a province known\nfrom one news article rests on little "
            "evidence, and news reads differently from a resolution.\nDocuments that name no "
            'province are counted in "(unknown)".',
            "## Văn bản theo tỉnh/thành phố và loại\n\nKho văn bản phủ các tỉnh đều đến đâu, và qua "
            "những loại văn bản nào: một tỉnh chỉ được biết qua một tin bài thì có rất ít bằng "
            "chứng, và tin bài được viết khác với một nghị quyết. Văn bản không nêu tỉnh nào được "
            "tính vào nhóm “(unknown)”.",
        ),
        "lines-intro": (
            "## What was kept as body\n\nLines per document and label: only `body` lines are counted "
            "and coded. A document with few body\nlines and many `furniture` or `caption` lines may "
            "have been cut wrongly: open its file.",
            "## Phần được giữ làm thân bài\n\nSố dòng theo văn bản và nhãn: chỉ các dòng `body` "
            "(thân bài) được đếm và mã hóa. Văn bản có ít dòng thân bài mà nhiều dòng `furniture` "
            "(phần khung trang) hoặc `caption` (chú thích) có thể đã bị cắt sai: hãy mở tệp của nó.",
        ),
        "audit-intro": (
            "## What normalization changed\n\nEvery rewrite of the text, summed per rule, with an "
            "example: Unicode composition (NFC), `Ð` read\nas `Đ`, old-style tone placement (`hoà` → "
            "`hòa`), odd spaces and quotes, reviewers' anchors.\nMany changes in one document point "
            "to a legacy encoding or a copy-paste from a PDF.",
            "## Chuẩn hóa đã thay đổi gì\n\nMọi chỗ văn bản được viết lại, cộng theo từng quy tắc, "
            "kèm một ví dụ: dựng sẵn Unicode (NFC), `Ð` được đọc là `Đ`, bỏ dấu kiểu cũ (`hoà` → "
            "`hòa`), khoảng trắng và dấu ngoặc kép lạ, mốc nhận xét của người duyệt. Một văn bản có "
            "nhiều thay đổi thường do bảng mã cũ hoặc được chép từ tệp PDF.",
        ),
        "audit-docs-intro": (
            "The same changes per document: which files needed the most repair.",
            "Các thay đổi đó theo từng văn bản: những tệp nào cần sửa nhiều nhất.",
        ),
        "problems-intro": (
            "## Files set aside\n\nFiles that could not be read, with the reason and what to do about "
            "it. None of them is counted\nanywhere else in the reports.",
            "## Tệp bị để riêng\n\nCác tệp không đọc được, kèm lý do và cách khắc phục. Không tệp "
            "nào trong số đó được tính ở bất kỳ đâu trong các báo cáo.",
        ),
    },
    "explorer": {
        "title": (
            "# Explorer: a theme or a phrase across provinces\n\n**Question:** where, and how often, "
            "do the provinces' texts speak of a given theme or phrase, and\nin what words? Pick "
            "provinces, a theme of the codebook or any phrase: the counts, the sentences\n(keyword in "
            "context) and the timeline of those provinces update.\n\nThe HTML report filters every "
            "theme's sentences in the page; JupyterLab adds phrase search and\nthe timeline for any "
            "choice.",
            "# Tra cứu: một chủ đề hay một cụm từ qua các tỉnh/thành phố\n\n**Câu hỏi:** văn bản của "
            "các tỉnh nói về một chủ đề hay một cụm từ ở đâu, bao nhiêu lần, và bằng những từ ngữ "
            "nào? Chọn tỉnh, một chủ đề của bộ mã hoặc một cụm từ bất kỳ: số lượt, các câu (từ khóa "
            "trong ngữ cảnh) và dòng thời gian của các tỉnh đó được cập nhật.\n\nBáo cáo HTML lọc "
            "các câu của mọi chủ đề ngay trên trang; JupyterLab có thêm tìm cụm từ và dòng thời gian "
            "cho mọi lựa chọn.",
        ),
        "controls-intro": (
            "## Controls\n\nIn the HTML report: choose a theme and a province, or type words (with or "
            "without diacritics);\nthe sentences below the filters follow, without a kernel. In "
            "JupyterLab: change the provinces\n(Ctrl-click for several), the theme or the phrase "
            '(press Enter; tick "ignore diacritics" to find\nevery spelling); the view below the '
            "controls updates.",
            "## Bộ lọc\n\nTrong báo cáo HTML: chọn một chủ đề và một tỉnh, hoặc gõ từ cần tìm (có "
            "dấu hay không dấu); các câu bên dưới bộ lọc thay đổi theo, không cần kernel. Trong "
            "JupyterLab: đổi tỉnh (Ctrl-click để chọn nhiều), chủ đề hoặc cụm từ (nhấn Enter; đánh "
            "dấu “ignore diacritics” để tìm mọi cách viết); phần hiển thị bên dưới được cập nhật.",
        ),
        "default-intro": (
            "## Default view\n\nThe view for the notebook's parameters, as static output (what the "
            "HTML report shows): the counts\nper province (hits per 1,000 body words make provinces "
            "with more text comparable), the sentences,\nand the timeline of the provinces shown.",
            "## Kết quả mặc định\n\nKết quả cho các tham số của notebook, ở dạng tĩnh (như báo cáo "
            "HTML hiển thị): số lượt theo tỉnh (số lượt trên 1.000 từ thân bài giúp so sánh các tỉnh "
            "có lượng văn bản khác nhau), các câu, và dòng thời gian của các tỉnh được hiển thị.",
        ),
        "themes-intro": (
            "## The themes to choose from\n\nEvery theme of the codebook with its id (for the `theme` "
            "parameter) and its pillar.",
            "## Các chủ đề có thể chọn\n\nMọi chủ đề của bộ mã, kèm mã của nó (cho tham số `theme`) "
            "và trụ cột của nó.",
        ),
    },
    "province_profile": {
        "title": (
            "# Province profile\n\n**Question:** what does the corpus say about one province? Its "
            "documents, when it acted, which\nthemes it stresses compared with the other provinces, "
            "how it talks, and who is quoted.",
            "# Hồ sơ tỉnh/thành phố\n\n**Câu hỏi:** kho văn bản cho biết gì về một tỉnh? Các văn "
            "bản của tỉnh, tỉnh hành động khi nào, nhấn mạnh những chủ đề nào so với các tỉnh khác, "
            "dùng ngôn từ ra sao, và ai được trích dẫn.",
        ),
        "documents-intro": (
            "## Documents about the province\n\nThe documents whose main province this is, with what "
            "was found about each.",
            "## Văn bản về tỉnh\n\nCác văn bản có tỉnh này là tỉnh chính, kèm những gì tìm được về "
            "từng văn bản.",
        ),
        "timeline-intro": (
            "## Timeline\n\nThe province's dated events against the national programme (red line); "
            "below, its documents with\nthe days after 749/QĐ-TTg.",
            "## Dòng thời gian\n\nCác sự kiện có ngày của tỉnh so với chương trình quốc gia (đường "
            "màu đỏ); bên dưới là các văn bản của tỉnh, kèm số ngày sau 749/QĐ-TTg.",
        ),
        "themes-intro": (
            "## Strategy themes\n\nThe themes in the largest share of the province's body sentences "
            "(bars: 95% bootstrap interval),\nand the corpus-wide share of the same theme (dots) for "
            "comparison.",
            "## Chủ đề chiến lược\n\nCác chủ đề chiếm tỷ lệ câu thân bài lớn nhất của tỉnh (thanh "
            "lỗi: khoảng tin cậy 95% bootstrap), và tỷ lệ của cùng chủ đề trên toàn kho (dấu chấm) "
            "để so sánh.",
        ),
        "distinctive-intro": (
            "Themes that set the province apart from the others (compared within each kind of "
            "document);\na `z` above 2 is a clear difference.",
            "Các chủ đề làm nên nét riêng của tỉnh so với các tỉnh khác (so sánh trong cùng loại văn "
            "bản); `z` trên 2 là khác biệt rõ.",
        ),
        "rhetoric-intro": (
            "## How it talks\n\nThe words the province's texts use more than the other provinces' "
            "(above the line) and less\n(below), national template phrases left out; then its word "
            "cloud (its own name left out).",
            "## Tỉnh dùng ngôn từ ra sao\n\nNhững từ văn bản của tỉnh dùng nhiều hơn các tỉnh khác "
            "(trên đường kẻ) và ít hơn (dưới đường kẻ), đã bỏ các cụm từ khuôn mẫu quốc gia; sau đó "
            "là đám mây từ của tỉnh (không tính tên tỉnh).",
        ),
        "quotes-intro": (
            "## Who is quoted\n\nThe people quoted in these documents, with their titles, then what "
            "they said (direct quotations\nand reported speech).",
            "## Ai được trích dẫn\n\nNhững người được trích dẫn trong các văn bản này, kèm chức danh, "
            "rồi đến những gì họ nói (trích dẫn trực tiếp và lời thuật lại).",
        ),
        "mentions-intro": (
            "## Provinces mentioned in these documents\n\nHow often each province is named in the "
            "body of these documents: the province itself should lead;\nothers show comparisons and "
            "partnerships.",
            "## Các tỉnh/thành phố được nhắc đến trong các văn bản này\n\nMỗi tỉnh được nêu tên bao "
            "nhiêu lần trong thân bài của các văn bản này: chính tỉnh này phải đứng đầu; các tỉnh "
            "khác cho thấy sự so sánh và hợp tác.",
        ),
    },
    "rhetoric": {
        "title": (
            "# Rhetoric: how each province talks about digital transformation\n\n**Question:** which "
            "words does each province's coverage use more than the others', how directive,\n"
            "mobilising or aspirational is its language, which phrases are national templates "
            "repeated word for\nword everywhere, and who is given a voice (quoted) in each "
            "province's texts?",
            "# Ngôn từ: mỗi tỉnh/thành phố nói về chuyển đổi số như thế nào\n\n**Câu hỏi:** văn bản "
            "về mỗi tỉnh dùng những từ nào nhiều hơn các tỉnh khác, ngôn từ mang tính mệnh lệnh, "
            "vận động hay khát vọng đến đâu, những cụm từ nào là khuôn mẫu quốc gia được lặp lại "
            "nguyên văn ở khắp nơi, và ai được lên tiếng (được trích dẫn) trong văn bản của mỗi tỉnh?",
        ),
        "keyness-intro": (
            "## Key words\n\nWords a province's texts use more often than the rest of the corpus "
            "(weighted log-odds with an\ninformative prior, Monroe, Colaresi & Quinn 2008): above the "
            "line its own words, below those of\nthe others. National template phrases are left "
            "out, so these are the province's own words.",
            "## Từ khóa\n\nNhững từ văn bản của một tỉnh dùng nhiều hơn phần còn lại của kho "
            "(log-odds có trọng số với tiên nghiệm, Monroe, Colaresi & Quinn 2008): trên đường kẻ là "
            "từ của chính tỉnh, dưới là từ của các tỉnh khác. Các cụm từ khuôn mẫu quốc gia đã được "
            "bỏ ra, nên đây là ngôn từ riêng của tỉnh.",
        ),
        "keyness-table-intro": (
            "The ten most distinctive words of each province, with their counts in it (`n_group`) "
            "and in the\nrest (`n_rest`); a `z` above 2 is a clear difference.",
            "Mười từ đặc trưng nhất của mỗi tỉnh, kèm số lần xuất hiện trong tỉnh và ở phần còn "
            "lại của kho; `z` trên 2 là khác biệt rõ.",
        ),
        "cloud-intro": (
            "## Comparison cloud\n\nEach province's distinctive words in its own colour, sized by how "
            "distinctive they are (the\nprovinces' own names left out): the vocabulary that sets the "
            "provinces apart, at a glance.",
            "## Đám mây từ so sánh\n\nTừ đặc trưng của mỗi tỉnh mang màu riêng, cỡ chữ theo mức độ "
            "đặc trưng (không tính tên các tỉnh): nhìn qua là thấy vốn từ làm nên khác biệt giữa các "
            "tỉnh.",
        ),
        "registers-intro": (
            "## Registers: directive, mobilising, aspirational, hedging, quantified\n\nHits per 1,000 "
            "body words of each register's phrases (`data/registers.yaml`, editable), with a\n95% "
            'interval from resampling documents. A province whose texts order ("phải", "yêu cầu") '
            'reads\ndifferently from one that mobilises ("toàn dân", "cả hệ thống chính trị") or '
            "hedges.",
            "## Văn phong: mệnh lệnh, vận động, khát vọng, rào đón, định lượng\n\nSố lượt trên 1.000 "
            "từ thân bài của các cụm từ thuộc mỗi văn phong (`data/registers.yaml`, có thể sửa), kèm "
            "khoảng tin cậy 95% bằng cách lấy mẫu lại văn bản. Văn bản của một tỉnh ra lệnh (“phải”, "
            "“yêu cầu”) đọc khác với văn bản vận động (“toàn dân”, “cả hệ thống chính trị”) hay rào "
            "đón.",
        ),
        "register-hits-intro": (
            "Two examples of each register, with their sentences: check that the phrases mean what "
            "the\nregister says here.",
            "Hai ví dụ cho mỗi văn phong, kèm câu của chúng: hãy kiểm tra các cụm từ ở đây có đúng "
            "nghĩa mà văn phong đó nói không.",
        ),
        "templates-intro": (
            "## Shared templates\n\nWord sequences found verbatim in the texts of several provinces: "
            'the national formulas\n("đến năm 2025, định hướng đến năm 2030") that every province '
            "repeats. The example keeps the\noriginal case and punctuation.",
            "## Khuôn mẫu dùng chung\n\nNhững chuỗi từ xuất hiện nguyên văn trong văn bản của nhiều "
            "tỉnh: các công thức quốc gia (“đến năm 2025, định hướng đến năm 2030”) mà tỉnh nào cũng "
            "nhắc lại. Ví dụ giữ nguyên chữ hoa và dấu câu như bản gốc.",
        ),
        "own-intro": (
            "Each province's own repeated phrasing: word sequences used at least twice in its texts "
            "and in\nno other province's.",
            "Cách diễn đạt lặp lại của riêng mỗi tỉnh: những chuỗi từ được dùng ít nhất hai lần "
            "trong văn bản của tỉnh và không có trong văn bản của tỉnh nào khác.",
        ),
        "quotes-intro": (
            "## Who speaks\n\nThe people quoted (directly or reported) in each province's coverage, "
            "with their titles: whose\nvoice carries the province's digital transformation, "
            "officials of the province, of the centre,\nexperts or citizens.",
            "## Ai lên tiếng\n\nNhững người được trích dẫn (trực tiếp hoặc thuật lại) trong văn bản "
            "về mỗi tỉnh, kèm chức danh: tiếng nói của ai dẫn dắt chuyển đổi số của tỉnh, cán bộ "
            "của tỉnh, của trung ương, chuyên gia hay người dân.",
        ),
        "quotes-table-intro": (
            "What they say: the direct quotations of each province's texts (the first five), as "
            "written.",
            "Họ nói gì: các trích dẫn trực tiếp trong văn bản của mỗi tỉnh (năm trích dẫn đầu "
            "tiên), giữ nguyên văn.",
        ),
    },
    "strategies": {
        "title": (
            "# Strategies: the themes each province stresses\n\n**Question:** which parts of the "
            "national programme (Quyết định 749/QĐ-TTg: digital government,\ndigital economy, "
            "digital society, and the enablers beneath them) does each province's coverage\nstress, "
            "and which themes set a province apart from the others?\n\nEach body sentence is coded "
            "with every theme of the codebook whose words it contains; shares are\nshares of a "
            "province's body sentences.",
            "# Chiến lược: các chủ đề mỗi tỉnh/thành phố nhấn mạnh\n\n**Câu hỏi:** văn bản về mỗi "
            "tỉnh nhấn mạnh những phần nào của chương trình quốc gia (Quyết định 749/QĐ-TTg: chính "
            "quyền số, kinh tế số, xã hội số và các yếu tố nền tảng bên dưới), và những chủ đề nào "
            "làm nên nét riêng của một tỉnh so với các tỉnh khác?\n\nMỗi câu thân bài được mã hóa "
            "theo mọi chủ đề của bộ mã có từ xuất hiện trong câu; tỷ lệ là tỷ lệ trên số câu thân "
            "bài của một tỉnh.",
        ),
        "pillars-intro": (
            "## The three pillars and the enablers\n\nShare of each province's body sentences that "
            "touch each pillar, with a 95% bootstrap interval.\nWhere the intervals of two provinces "
            "overlap, this corpus cannot tell them apart on that pillar.",
            "## Ba trụ cột và các yếu tố nền tảng\n\nTỷ lệ câu thân bài của mỗi tỉnh có đề cập đến "
            "từng trụ cột, kèm khoảng tin cậy 95% bootstrap. Khi khoảng tin cậy của hai tỉnh chồng "
            "lên nhau, kho văn bản này không phân biệt được hai tỉnh ở trụ cột đó.",
        ),
        "heatmap-intro": (
            "## Every theme, every province\n\nShare of body sentences per theme (rows, grouped by "
            "pillar, white lines between pillars) and\nprovince (columns). Read down a column for a "
            "province's profile, across a row for who talks about\na theme at all.",
            "## Mọi chủ đề, mọi tỉnh/thành phố\n\nTỷ lệ câu thân bài theo chủ đề (hàng, xếp theo trụ "
            "cột, ngăn cách bằng đường trắng) và theo tỉnh (cột). Đọc dọc một cột để thấy chân dung "
            "một tỉnh, đọc ngang một hàng để thấy những tỉnh nào có nói đến chủ đề đó.",
        ),
        "coding-intro": (
            "Every share above counts coded sentences: the coding itself, one row per matched term "
            "with its\ndocument, file, line and column, is `theme_coding.csv` beside this report.",
            "Mọi tỷ lệ ở trên đều đếm các câu đã mã hóa: bảng mã hóa, mỗi dòng một cụm từ khớp kèm "
            "văn bản, tệp, dòng và cột của nó, là tệp `theme_coding.csv` bên cạnh báo cáo này.",
        ),
        "distinctive-intro": (
            "## What sets each province apart\n\nThemes a province's sentences carry more often than "
            "the other provinces', compared within the same\nkind of document (resolutions with "
            "resolutions, news with news). A `z` above 2 is a clear\ndifference; the shares show its "
            "size.",
            "## Nét riêng của mỗi tỉnh/thành phố\n\nNhững chủ đề xuất hiện trong câu của một tỉnh "
            "thường hơn ở các tỉnh khác, so sánh trong cùng loại văn bản (nghị quyết với nghị "
            "quyết, tin bài với tin bài). `z` trên 2 là khác biệt rõ; các tỷ lệ cho biết mức độ "
            "khác biệt.",
        ),
        "kind-intro": (
            "## The same, by kind of document\n\nPillar shares for each province and kind of "
            "document. A province known mainly through news can\nlook different from one known "
            "through its own resolutions: compare rows of the same kind.",
            "## Như trên, theo loại văn bản\n\nTỷ lệ theo trụ cột cho từng tỉnh và từng loại văn "
            "bản. Một tỉnh được biết chủ yếu qua tin bài có thể trông khác với một tỉnh được biết "
            "qua chính nghị quyết của mình: hãy so sánh các hàng cùng loại.",
        ),
        "evidence-intro": (
            "## The evidence\n\nThe sentences behind each province's most distinctive theme (the "
            "first three): check that the\ncodebook's words mean what the theme says in these texts.",
            "## Bằng chứng\n\nCác câu đứng sau chủ đề đặc trưng nhất của mỗi tỉnh (ba câu đầu): hãy "
            "kiểm tra các từ của bộ mã có đúng nghĩa của chủ đề trong những văn bản này không.",
        ),
    },
    "summary": {
        "title": (
            "# Summary: how do these provinces differ?\n\n**Question:** in a few figures, how do the "
            "provinces in this corpus differ in what they stress,\nwhen they acted, and how much "
            "evidence there is for each? Start here; the other reports hold the\ndetail and the "
            "evidence.",
            "# Tóm tắt: các tỉnh/thành phố này khác nhau thế nào?\n\n**Câu hỏi:** qua vài hình, các "
            "tỉnh trong kho văn bản này khác nhau thế nào về những gì họ nhấn mạnh, thời điểm họ "
            "hành động, và mỗi tỉnh có bao nhiêu bằng chứng? Hãy bắt đầu từ đây; các báo cáo khác "
            "có chi tiết và bằng chứng.",
        ),
        "glance-intro": (
            "## At a glance\n\nOne row per province: how much text there is, of which kinds, its most "
            "distinctive theme and how\nmany days after the national programme (749/QĐ-TTg) its "
            "first dated document in the corpus came.\nProvinces with one or two documents rest on "
            'little evidence; a "–" theme means no other province\nhas documents of the same kind to '
            'compare with. Documents that name no province form the row\n"(unknown)".',
            "## Nhìn nhanh\n\nMỗi dòng là một tỉnh: có bao nhiêu văn bản, thuộc những loại nào, chủ "
            "đề đặc trưng nhất của tỉnh, và văn bản có ngày đầu tiên của tỉnh trong kho ra đời bao "
            "nhiêu ngày sau chương trình quốc gia (749/QĐ-TTg). Tỉnh chỉ có một hai văn bản thì có "
            "rất ít bằng chứng; chủ đề “–” nghĩa là không tỉnh nào khác có văn bản cùng loại để so "
            "sánh. Văn bản không nêu tỉnh nào tạo thành dòng “(unknown)”.",
        ),
        "pillars-intro": (
            "## What they stress\n\nShare of each province's body sentences on each pillar of the "
            "national programme, with 95%\nintervals: the clearest single picture of how their "
            "priorities differ.",
            "## Các tỉnh nhấn mạnh điều gì\n\nTỷ lệ câu thân bài của mỗi tỉnh thuộc từng trụ cột của "
            "chương trình quốc gia, kèm khoảng tin cậy 95%: bức tranh rõ nhất về khác biệt trong ưu "
            "tiên của các tỉnh.",
        ),
        "timeline-intro": (
            "## When they acted\n\nEach province's dated documents, targets and rankings on one time "
            "axis; the dashed line is the\nnational programme of 03/6/2020.",
            "## Các tỉnh hành động khi nào\n\nCác văn bản có ngày, mục tiêu và xếp hạng của mỗi tỉnh "
            "trên cùng một trục thời gian; đường nét đứt là chương trình quốc gia ngày 03/6/2020.",
        ),
        "words-intro": (
            "## How they talk\n\nEach province's most distinctive words against all the others "
            "(weighted log-odds z; national\ntemplate phrases, place and organisation names left out): "
            "a dot right of the dashed line\n(z = 2) marks a clear difference. The word clouds are in "
            "the rhetoric report.",
            "## Các tỉnh dùng ngôn từ ra sao\n\nNhững từ đặc trưng nhất của mỗi tỉnh so với tất cả "
            "các tỉnh khác (z log-odds có trọng số; đã bỏ các cụm từ khuôn mẫu quốc gia, tên địa "
            "danh và tổ chức): dấu chấm nằm bên phải đường nét đứt (z = 2) là khác biệt rõ. Các đám "
            "mây từ nằm trong báo cáo Ngôn từ.",
        ),
    },
    "timelines": {
        "title": (
            "# Timelines: when each province acted\n\n**Question:** when did each province issue its "
            "own digital-transformation documents, hold its\nmeetings and set its targets, and how "
            "many days after the national programme (Quyết định\n749/QĐ-TTg, 03/6/2020) did its own "
            "documents follow?\n\nDates come from the text of the documents; each event keeps the "
            "sentence it was read from.",
            "# Dòng thời gian: mỗi tỉnh/thành phố hành động khi nào\n\n**Câu hỏi:** mỗi tỉnh ban "
            "hành văn bản chuyển đổi số của mình, tổ chức hội nghị và đặt mục tiêu khi nào, và văn "
            "bản của tỉnh ra đời bao nhiêu ngày sau chương trình quốc gia (Quyết định 749/QĐ-TTg, "
            "03/6/2020)?\n\nNgày tháng lấy từ chính nội dung văn bản; mỗi sự kiện giữ lại câu mà nó "
            "được đọc ra.",
        ),
        "swimlane-intro": (
            "## Every province on one time axis\n\nOne lane per province; the red star and dashed "
            "line mark the national programme. Squares are\ndocuments the province issued (labelled "
            "with their number and the days after 749/QĐ-TTg),\ntriangles the horizons of its "
            "targets; hollow markers are dates known only to the month or year.",
            "## Mọi tỉnh/thành phố trên một trục thời gian\n\nMỗi tỉnh một làn; ngôi sao đỏ và đường "
            "nét đứt đánh dấu chương trình quốc gia. Hình vuông là văn bản tỉnh ban hành (ghi số "
            "hiệu và số ngày sau 749/QĐ-TTg), hình tam giác là thời hạn của các mục tiêu; ký hiệu "
            "rỗng là ngày chỉ biết đến tháng hoặc năm.",
        ),
        "lags-intro": (
            "## How long after the national programme\n\nEach provincial document the corpus dates, "
            "with the days between the national programme and it.\nA negative number is a document "
            "issued before it. The first document *in this corpus* is not\nnecessarily the "
            "province's first: it is the first one these texts mention.",
            "## Bao lâu sau chương trình quốc gia\n\nMỗi văn bản cấp tỉnh có ngày trong kho, kèm số "
            "ngày từ chương trình quốc gia đến văn bản đó. Số âm là văn bản ban hành trước chương "
            "trình. Văn bản đầu tiên *trong kho này* chưa chắc là văn bản đầu tiên của tỉnh: đó là "
            "văn bản sớm nhất mà các văn bản này nhắc đến.",
        ),
        "first-intro": (
            "Each province's earliest dated document after the national programme: the quickest "
            "responders first.",
            "Văn bản có ngày sớm nhất của mỗi tỉnh sau chương trình quốc gia: tỉnh phản ứng nhanh "
            "nhất đứng đầu.",
        ),
        "citations-intro": (
            "## Which national documents each province's texts cite\n\nNumber of documents of each "
            "province that cite a national document. A province that cites only\nthe programme and "
            "one that cites the e-government decrees frame their work differently.",
            "## Văn bản của mỗi tỉnh/thành phố dẫn chiếu văn bản trung ương nào\n\nSố văn bản của "
            "mỗi tỉnh có dẫn chiếu một văn bản trung ương. Một tỉnh chỉ dẫn chương trình quốc gia "
            "và một tỉnh dẫn các nghị định về chính phủ điện tử định khung công việc của mình khác "
            "nhau.",
        ),
        "evidence-intro": (
            "## The evidence\n\nEvery dated event with the words it was read from and its sentence: "
            "check a surprising date here.",
            "## Bằng chứng\n\nMọi sự kiện có ngày, kèm những từ mà ngày được đọc ra và câu chứa nó: "
            "hãy kiểm tra ở đây khi gặp một ngày đáng ngờ.",
        ),
    },
}

#: What a notebook prints, in both languages (``say(key, language, **values)``).
LINES: dict[str, tuple[str, str]] = {
    "themed": (
        "{themed} of {sentences} body sentences carry at least one theme of the codebook",
        "{themed}/{sentences} câu thân bài mang ít nhất một chủ đề của bộ mã",
    ),
    "matched": (
        "{terms} matched terms in {sentences} sentences of {documents} documents",
        "{terms} cụm từ khớp trong {sentences} câu của {documents} văn bản",
    ),
    "corpus": (
        "<Corpus {name!r}: {documents} documents, {sentences} body sentences, {words} words, "
        "{problems} set aside>",
        "<Kho {name!r}: {documents} văn bản, {sentences} câu thân bài, {words} từ, "
        "{problems} tệp bị để riêng>",
    ),
    "events": (
        "{events} dated events in {dated} of {documents} documents",
        "{events} sự kiện có ngày trong {dated}/{documents} văn bản",
    ),
    "rhetoric": (
        "{provinces} provinces, {documents} documents, {words} body words",
        "{provinces} tỉnh/thành phố, {documents} văn bản, {words} từ thân bài",
    ),
    "profile": (
        "{province}: {documents} of {total} documents, {words} body words",
        "{province}: {documents}/{total} văn bản, {words} từ thân bài",
    ),
    "no_dated_province": (
        "no dated document of {province} in the corpus",
        "kho văn bản không có văn bản có ngày nào của {province}",
    ),
}

#: The reason a report shows for an empty table ("None found: ..."), English -> Vietnamese.
EMPTY_REASONS: dict[str, str] = {
    "no rows in this corpus for this table": "kho văn bản không có dòng nào cho bảng này",
    "no theme is more frequent in one province than in the others, or there is one province only": (
        "không có chủ đề nào xuất hiện thường hơn ở một tỉnh so với các tỉnh khác, hoặc kho chỉ "
        "có một tỉnh"
    ),
    "no sentence of this province carries the theme": "không câu nào của tỉnh này mang chủ đề đó",
    "normalization changed nothing: every text is as written": (
        "chuẩn hóa không thay đổi gì: mọi văn bản giữ nguyên như khi viết"
    ),
    "normalization changed nothing in any document": "chuẩn hóa không thay đổi văn bản nào",
    "every file was read, none was set aside": "mọi tệp đều đọc được, không tệp nào bị để riêng",
    "no provincial document is dated in these texts": (
        "không văn bản cấp tỉnh nào có ngày trong các văn bản này"
    ),
    "no provincial document is dated after the national programme": (
        "không văn bản cấp tỉnh nào có ngày sau chương trình quốc gia"
    ),
    "no text cites a national document": "không văn bản nào dẫn chiếu văn bản trung ương",
    "no dated event in these texts": "các văn bản này không có sự kiện nào có ngày",
    "no word is more frequent in one province than in the rest": (
        "không có từ nào xuất hiện thường hơn ở một tỉnh so với phần còn lại"
    ),
    "one province only: there is nothing to compare it with": (
        "chỉ có một tỉnh: không có gì để so sánh"
    ),
    "no phrase of any register occurs in these texts": (
        "không cụm từ nào của các văn phong xuất hiện trong các văn bản này"
    ),
    "no phrase of 3 to 5 words recurs word for word in the texts of two provinces": (
        "không có cụm 3 đến 5 từ nào lặp lại nguyên văn trong văn bản của hai tỉnh"
    ),
    "no phrase of 3 to 5 words is repeated within one group and absent from the others": (
        "không có cụm 3 đến 5 từ nào lặp lại trong một nhóm mà không có ở các nhóm khác"
    ),
    "no one is quoted in these texts": "không ai được trích dẫn trong các văn bản này",
    "no direct quotation in these texts": "các văn bản này không có trích dẫn trực tiếp",
    "no theme is more frequent here than in the other provinces of the same kind of document": (
        "không có chủ đề nào xuất hiện ở đây thường hơn ở các tỉnh khác trong cùng loại văn bản"
    ),
    "no one is quoted in these documents": "không ai được trích dẫn trong các văn bản này",
    "no quotation in these documents": "các văn bản này không có trích dẫn",
    "no province is named in the body of these documents": (
        "không tỉnh nào được nêu tên trong thân bài của các văn bản này"
    ),
    "no sentence carries the theme": "không câu nào mang chủ đề đó",
    "no sentence matches this theme or phrase": "không câu nào khớp với chủ đề hay cụm từ này",
}

#: The header a reader sees over a column (the CSV keeps the English name), Vietnamese.
COLUMNS_VI: dict[str, str] = {
    "group": "tỉnh/thành phố",
    "province": "tỉnh/thành phố",
    "primary_province": "tỉnh/thành phố chính",
    "primary_province_34": "tỉnh/thành phố chính (34 tỉnh)",
    "province_34": "tỉnh/thành phố (34 tỉnh)",
    "doc_id": "mã văn bản",
    "title": "tiêu đề",
    "kind": "loại",
    "published": "ngày đăng",
    "outlet": "báo, cơ quan đăng",
    "author": "tác giả",
    "url": "địa chỉ URL",
    "file": "tệp",
    "source": "nguồn",
    "n_body_sentences": "số câu thân bài",
    "n_words": "số từ",
    "share of documents": "tỷ lệ văn bản",
    "theme": "chủ đề",
    "theme_id": "mã chủ đề",
    "pillar": "trụ cột",
    "label": "nhãn",
    "nhãn": "nhãn tiếng Việt",
    "n_group": "số lần trong tỉnh",
    "n_rest": "số lần ở phần còn lại",
    "n_sentences_group": "số câu của tỉnh",
    "n_sentences": "số câu",
    "share_group": "tỷ lệ trong tỉnh",
    "share_rest": "tỷ lệ ở các tỉnh khác",
    "share": "tỷ lệ",
    "z": "z",
    "left": "ngữ cảnh trước",
    "keyword": "từ khóa",
    "right": "ngữ cảnh sau",
    "symbol": "số hiệu",
    "action": "hành động",
    "date": "ngày",
    "days_after_reference": "số ngày sau văn bản gốc",
    "sentence": "câu",
    "precision": "độ chính xác của ngày",
    "raw": "nguyên văn",
    "reference": "văn bản gốc",
    "n_documents": "số văn bản",
    "n_events": "số sự kiện",
    "display": "từ",
    "token": "từ",
    "register": "văn phong",
    "matched": "cụm từ khớp",
    "example": "ví dụ",
    "n_groups": "số tỉnh",
    "groups": "các tỉnh",
    "count": "số lần",
    "ngram": "cụm từ",
    "speaker": "người nói",
    "speaker_title": "chức danh",
    "n_quotes": "số trích dẫn",
    "quote": "trích dẫn",
    "mentions": "số lần được nhắc",
    "rule": "quy tắc",
    "n_changes": "số thay đổi",
    "n_documents_changed": "số văn bản bị sửa",
    "path": "tệp",
    "reason": "lý do",
    "fix": "cách khắc phục",
    "problem": "vấn đề",
    "n_hits": "số lượt",
    "rate_per_1000": "số lượt trên 1.000 từ",
    "ci_low": "cận dưới 95%",
    "ci_high": "cận trên 95%",
    "documents": "số văn bản",
    "kinds": "loại văn bản",
    "words": "số từ",
    "most distinctive theme": "chủ đề đặc trưng nhất",
    "days after 749/QĐ-TTg": "số ngày sau 749/QĐ-TTg",
    "first document": "văn bản đầu tiên",
    "key words": "từ khóa",
    "document": "văn bản",
    "n_documents_group": "số văn bản của tỉnh",
    "n_words_group": "số từ của tỉnh",
    # line labels (schema.LINE_LABELS), the columns of the line-label table
    "byline": "dòng tác giả",
    "dateline": "dòng ngày tháng",
    "body": "thân bài",
    "caption": "chú thích",
    "furniture": "khung trang",
    "editor_comment": "ghi chú biên tập",
    "duplicate": "trùng lặp",
    "blank": "dòng trống",
}

#: Register labels (data/registers.yaml keeps English ones), by register name, Vietnamese.
REGISTER_LABELS_VI: dict[str, str] = {
    "directive": "Mệnh lệnh và nghĩa vụ",
    "vanguard": "Tiên phong và vận động",
    "aspiration": "Khát vọng (mong dẫn đầu)",
    "hedging": "Rào đón và khó khăn",
    "standing": "Thứ hạng được nêu (xếp hạng, không phải mục tiêu)",
    "quantified_targets": "Mục tiêu định lượng (số liệu gắn với thời hạn)",
    "numbers": "Con số (mọi số liệu định lượng)",
}


def anchor(heading: str) -> str:
    """The id nbconvert gives a Markdown heading: its text with spaces as hyphens.

    >>> anchor("Registers: directive, mobilising")
    'Registers:-directive,-mobilising'
    """
    return heading.strip().replace(" ", "-")


def _inline(text: str) -> str:
    """Escaped ``text`` with `code`, **strong** and *emphasis* as HTML (our own texts only)."""
    out = html.escape(" ".join(text.split()), quote=False)
    out = re.sub(r"`([^`]+)`", r"<code>\1</code>", out)
    out = re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", out)
    return re.sub(r"\*([^*]+)\*", r"<em>\1</em>", out)


class Section:
    """A section's heading and paragraphs, shown as HTML in a notebook or a report."""

    def __init__(self, text: str, heading_id: str | None = None, css_class: str = "") -> None:
        self.text = text
        self.heading_id = heading_id
        self.css_class = css_class

    def _repr_html_(self) -> str:
        parts = []
        for block in self.text.split("\n\n"):
            level = len(block) - len(block.lstrip("#"))
            if level and block[level : level + 1] == " ":
                words = block[level:].strip()
                ident = html.escape(self.heading_id or anchor(words), quote=False)
                ident = ident.replace('"', "&quot;")  # as nbconvert writes a heading's id
                css = f' class="{self.css_class}"' if self.css_class else ""
                parts.append(
                    f'<h{level} id="{ident}"{css}>{_inline(words)}'
                    f'<a class="anchor-link" href="#{ident}">¶</a></h{level}>'
                )
            else:
                parts.append(f"<p>{_inline(block)}</p>")
        return '<div class="dx-section">\n' + "\n".join(parts) + "\n</div>"

    def __repr__(self) -> str:
        return self.text


def section_text(report: str, key: str, language: str = "en") -> str:
    """The section ``key`` of ``report`` in ``language`` (light Markdown)."""
    try:
        en, vi = SECTIONS[report][key]
    except KeyError:
        raise ValueError(
            f"section {report!r}/{key!r} is unknown. Fix: use one of "
            f"{', '.join(f'{r}/{k}' for r in SECTIONS for k in SECTIONS[r])}"
        ) from None
    return vi if check_language(language) == "vi" else en


def section(report: str, key: str, language: str = "en") -> Section:
    """A report section's heading and explanation, to show in the notebook's language.

    The heading's id is the English heading's anchor in both languages (links keep working).
    The report title (``key="title"``) is marked ``dx-title``: the report page shows it in its
    header already and hides this one.
    """
    text = section_text(report, key, language)
    en = section_text(report, key, "en")
    first = en.split("\n\n", 1)[0]
    heading_id = anchor(first.lstrip("#")) if first.startswith("#") else None
    return Section(text, heading_id, "dx-title" if key == "title" else "")


def report_title(report: str, language: str = "en") -> str | None:
    """The title of one of dxcompare's reports in ``language``, None for another notebook."""
    if report not in SECTIONS or "title" not in SECTIONS[report]:
        return None
    return section_text(report, "title", language).split("\n", 1)[0].lstrip("#").strip()


def report_question(report: str, language: str = "en") -> str:
    """The question a report answers, as plain text ("" for another notebook)."""
    if report not in SECTIONS or "title" not in SECTIONS[report]:
        return ""
    for block in section_text(report, "title", language).split("\n\n"):
        for mark in ("**Question:**", "**Câu hỏi:**"):
            if block.startswith(mark):
                text = " ".join(block.removeprefix(mark).replace("`", "").replace("*", "").split())
                return text[:1].upper() + text[1:]
    return ""


def say(key: str, language: str = "en", **values: Any) -> str:
    """A line a notebook prints (:data:`LINES`), in ``language``, with ``values`` filled in."""
    en, vi = LINES[key]
    return (vi if check_language(language) == "vi" else en).format(**values)


def explorer_message(view: dict[str, Any], language: str = "en") -> str:
    """The explorer's count line (``view["message"]``, English) in ``language``.

    >>> import pandas as pd
    >>> explorer_message({"query": "chữ ký số", "counts": pd.DataFrame({"n_hits": [2, 1]}),
    ...                   "suggestions": [], "message": "chữ ký số: 3 occurrences"}, "vi")
    'chữ ký số: 3 lần xuất hiện'
    """
    if check_language(language) == "en":
        return str(view["message"])
    found = int(view["counts"]["n_hits"].sum()) if len(view["counts"]) else 0
    text = f"{view['query']}: {found} lần xuất hiện"
    if view.get("suggestions"):
        hint = ", ".join(f"{t!r} ({n})" for t, n in view["suggestions"])
        text += f". Có phải bạn muốn tìm {hint}?"
        if "ignore_diacritics=True" in str(view.get("message", "")):
            text += " (hoặc đặt ignore_diacritics=True để tìm cả chữ không dấu)"
    return text


def empty_reason(reason: str, language: str = "en") -> str:
    """``reason`` (why a table is empty, in English) in ``language``; unknown texts unchanged."""
    if check_language(language) == "vi":
        return EMPTY_REASONS.get(reason.strip().rstrip("."), reason)
    return reason


def column_label(name: Any, language: str = "en") -> Any:
    """The header shown over column ``name`` in ``language`` (other names unchanged)."""
    if check_language(language) == "vi" and isinstance(name, str):
        return COLUMNS_VI.get(name, name)
    return name


def register_label(register: str, label: str, language: str = "en") -> str:
    """A register's label in ``language`` (``label``, the lexicon's own, for English)."""
    if check_language(language) == "vi":
        return REGISTER_LABELS_VI.get(register, label)
    return label


__all__ = [
    "COLUMNS_VI",
    "EMPTY_REASONS",
    "LINES",
    "REGISTER_LABELS_VI",
    "SECTIONS",
    "Section",
    "anchor",
    "column_label",
    "empty_reason",
    "explorer_message",
    "register_label",
    "report_question",
    "report_title",
    "say",
    "section",
    "section_text",
]
