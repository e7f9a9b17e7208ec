import io

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler.documents import DocumentError, read_documents, split_date_line


def test_date_line_is_split_off():
    assert split_date_line("date 2025-03\nLa série est renouvelée.") == ("2025-03", "La série est renouvelée.")
    assert split_date_line("date 2025-03-12\ntext") == ("2025-03-12", "text")
    assert split_date_line("Pas de date ici.\n") == (None, "Pas de date ici.\n")
    assert split_date_line(" date 2024-05 Après le succès") == ("2024-05", "Après le succès")
    assert split_date_line("date 2024-05-123 x") == (None, "date 2024-05-123 x")


def test_directory_is_walked_in_name_order(tmp_path):
    (tmp_path / "b.txt").write_text("date 2025-01-02\nDeux.", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.html").write_text("<html><body><p>Un.</p></body></html>", encoding="utf-8")
    (tmp_path / "notes.json").write_text("{}", encoding="utf-8")
    documents = list(read_documents([str(tmp_path)]))
    assert [d.path.rsplit("/", 1)[-1] for d in documents] == ["b.txt", "a.html"]
    assert documents[0].published == "2025-01-02" and documents[0].text == "Deux."
    assert documents[1].is_html and documents[1].url.startswith("file://")


def test_missing_path_and_non_utf8_text(tmp_path):
    with pytest.raises(DocumentError, match="no such file"):
        list(read_documents([str(tmp_path / "nope.txt")]))
    bad = tmp_path / "latin.txt"
    bad.write_bytes("Série annulée".encode("cp1252"))
    with pytest.raises(DocumentError, match="not UTF-8"):
        list(read_documents([str(bad)]))


def test_warc_html_responses_are_read(tmp_path):
    path = tmp_path / "news.warc.gz"
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for url, content_type, body in [
            ("https://ecrans.example/a", "text/html; charset=utf-8", "<html><body><p>Renouvelée.</p></body></html>"),
            ("https://ecrans.example/logo.png", "image/png", "PNG"),
        ]:
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(body.encode()), http_headers=headers)
            writer.write_record(record)
    (document,) = read_documents([str(path)])
    assert document.url == "https://ecrans.example/a"
    assert b"Renouvel" in document.body


def test_corrupt_warc_is_a_clear_error(tmp_path):
    path = tmp_path / "broken.warc.gz"
    path.write_bytes(b"\x1f\x8b\x08\x00garbage that is not gzip data at all")
    with pytest.raises(DocumentError, match="broken.warc.gz"):
        list(read_documents([str(path)]))
