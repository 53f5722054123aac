"""Small, valid-looking file bodies for the farm's attachments and assets (pure, deterministic)."""

from __future__ import annotations

import io
import logging
import struct
import zipfile
import zlib
from dataclasses import dataclass
from xml.sax.saxutils import escape

logger = logging.getLogger(__name__)

CONTENT_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "wps": "application/vnd.ms-works",
    "et": "application/vnd.ms-excel",
    "zip": "application/zip",
    "rar": "application/x-rar-compressed",
    "ofd": "application/ofd",
    "png": "image/png",
    "jpg": "image/jpeg",
    "gif": "image/gif",
    "css": "text/css; charset=utf-8",
    "js": "application/javascript; charset=utf-8",
}

_ZIP_TIME = (2026, 11, 20, 9, 0, 0)
_XML = '<?xml version="1.0" encoding="UTF-8"?>'
_DOCX_TYPES = (
    _XML + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_DOCX_BODY = (
    _XML + '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>{title}</w:t></w:r></w:p></w:body></w:document>"
)
_OFD_ROOT = (
    _XML + '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0" DocType="OFD"><ofd:DocBody>'
    "<ofd:DocInfo><ofd:Title>{title}</ofd:Title></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>"
    "</ofd:DocBody></ofd:OFD>"
)
_OFD_DOC = _XML + '<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"/>'
_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


@dataclass(frozen=True, slots=True)
class LazyBody:
    """A large body produced on demand: `head` followed by `block` repeated up to `size` bytes."""

    size: int
    head: bytes
    block: bytes

    def read(self, start: int, end: int) -> bytes:
        """Bytes [start, end) of the body."""
        end = min(end, self.size)
        if start >= end:
            return b""
        out = bytearray()
        pos = start
        if pos < len(self.head):
            piece = self.head[pos : min(end, len(self.head))]
            out += piece
            pos += len(piece)
        while pos < end:
            offset = (pos - len(self.head)) % len(self.block)
            piece = self.block[offset : offset + (end - pos)]
            out += piece
            pos += len(piece)
        return bytes(out)


def content_type(ext: str) -> str:
    """MIME type for a file extension (without the dot)."""
    return CONTENT_TYPES.get(ext.lower(), "application/octet-stream")


def pdf(text: str) -> bytes:
    """A minimal one-page PDF that real readers open; `text` is drawn in ASCII."""
    safe = "".join(c for c in text if 32 <= ord(c) < 127 and c not in "()\\")
    stream = f"BT /F1 14 Tf 72 760 Td ({safe}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def ole2(text: str, size: int = 2048) -> bytes:
    """An OLE2 compound-file lookalike (.doc .xls .wps .et): the right magic and header, filler after."""
    header = bytearray(512)
    header[0:8] = _OLE_MAGIC
    header[24:26] = struct.pack("<H", 0x003E)  # minor version
    header[26:28] = struct.pack("<H", 0x0003)  # major version 3
    header[28:30] = struct.pack("<H", 0xFFFE)  # little-endian byte order mark
    header[30:32] = struct.pack("<H", 9)  # sector shift: 512-byte sectors
    payload = text.encode("utf-16-le")
    body = bytes(header) + payload
    return body + b"\x00" * max(0, size - len(body))


def zipped(files: dict[str, str]) -> bytes:
    """A real ZIP archive holding the given text files (fixed timestamps, so bytes are stable)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


def document(ext: str, title: str) -> bytes:
    """Bytes of a small attachment of the given type whose content mentions `title`."""
    ext = ext.lower()
    if ext == "pdf":
        return pdf(f"gov-inspector demo farm document {len(title)}")
    if ext in ("doc", "xls", "wps", "et"):
        return ole2(title)
    if ext == "docx":
        return zipped({"[Content_Types].xml": _DOCX_TYPES, "word/document.xml": _DOCX_BODY.format(title=escape(title))})
    if ext == "ofd":
        return zipped({"OFD.xml": _OFD_ROOT.format(title=escape(title)), "Doc_0/Document.xml": _OFD_DOC})
    if ext == "zip":
        return zipped({"说明.txt": title, "附表.csv": "序号,项目,金额\n1,示例,100\n"})
    return title.encode("utf-8")


def large_zip(size: int) -> LazyBody:
    """A big ZIP-looking body, streamed on demand (the crawler must not download it whole)."""
    head = b"PK\x03\x04" + struct.pack("<HHHHHIIIHH", 20, 0, 0, 0, 0, 0, size, size, 8, 0) + b"data.bin"
    block = bytes(range(256)) * 16
    return LazyBody(size=size, head=head, block=block)


def png(red: int = 200, green: int = 16, blue: int = 16, width: int = 2, height: int = 2) -> bytes:
    """A tiny valid PNG of one colour."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes((red, green, blue)) * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )
