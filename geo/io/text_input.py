"""Text that people bring: the bytes of an uploaded file decoded (with a notice when it was not
UTF-8), and the limits on a text to map. Shared by "Map a text" and the event uploads.
"""

from __future__ import annotations

import codecs

from geo.model.i18n import M_
from geo.model.schema import DataError, Problem

MAX_TEXT_CHARS = 200_000  # about eight articles the length of the source article


def file_error(file_name: str, field: str, value: object, reason: str) -> DataError:
    """A problem with a whole file (not one row): its name, the field, the bad value and why."""
    return DataError([Problem(file_name, None, None, field, value, reason)])


def decode_text(content: bytes, file_name: str) -> tuple[str, str | None]:
    """The text of an uploaded file and a notice when it was not UTF-8.

    UTF-8 (with or without a byte-order mark) first; UTF-16 or UTF-32 when a byte-order mark
    says so (Excel's "Unicode text", Notepad's "Unicode"); then Windows-1252, which many
    spreadsheet programs write; a file that is none of these raises DataError.
    """
    for bom, encoding, name in _UNICODE_BOMS:
        if content.startswith(bom):
            try:
                text = content[len(bom) :].decode(encoding)
            except UnicodeDecodeError as err:
                raise file_error(
                    file_name,
                    "encoding",
                    content[err.start + len(bom) : err.start + len(bom) + 8],
                    M_(
                        "starts with a {name} byte-order mark, but byte {byte} is not valid {name}; save the file "
                        "as UTF-8 and upload it again",
                        name=name,
                        byte=str(err.start + len(bom)),
                    ),
                ) from None
            return text, M_("{file} is {name} text; it was read as such. UTF-8 files are smaller.",
                            file=repr(file_name), name=name)  # fmt: skip
    if _looks_like_utf16(content):
        raise file_error(
            file_name,
            "encoding",
            content[:8],
            M_("looks like UTF-16 text without a byte-order mark; save the file as UTF-8 and upload it again"),
        )
    try:
        return content.decode("utf-8-sig"), None
    except UnicodeDecodeError as err:
        position = err.start
    try:
        text = content.decode("cp1252")
    except UnicodeDecodeError:
        raise file_error(
            file_name,
            "encoding",
            content[position : position + 8],
            M_(
                "is not UTF-8 or Windows-1252 text (byte {byte}); save the file as UTF-8 and upload it again",
                byte=str(position),
            ),
        ) from None
    if "\x00" in text:
        raise file_error(file_name, "encoding", content[:8], M_("looks like a binary file, not text"))
    notice = M_(
        "{file} is not UTF-8 (byte {byte} is not valid UTF-8); it was read as Windows-1252. If letters look "
        "wrong, save the file as UTF-8 and upload it again.",
        file=repr(file_name),
        byte=str(position),
    )
    return text, notice


def _looks_like_utf16(content: bytes) -> bool:
    """Latin letters in UTF-16 without a byte-order mark: nearly every other byte is zero."""
    half = len(content) // 2
    even, odd = sorted((content[0::2].count(0), content[1::2].count(0)))
    return half >= 4 and odd >= 0.9 * half and even <= 0.1 * half


# Longest first: UTF-32's little-endian mark begins with UTF-16's.
_UNICODE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)


def read_text(content: bytes, file_name: str, max_chars: int = MAX_TEXT_CHARS) -> tuple[str, tuple[str, ...]]:
    """An uploaded .txt / .md file as text for place finding, with notices; too long raises DataError."""
    text, notice = decode_text(content, file_name)
    check_text_length(text, file_name, max_chars)
    return text, (notice,) if notice else ()


def check_text_length(text: str, label: str, max_chars: int = MAX_TEXT_CHARS) -> None:
    if not text.strip():
        raise file_error(label, "text", text[:20], M_("is empty: there is nothing to map"))
    if len(text) > max_chars:
        raise file_error(
            label,
            "length",
            len(text),
            M_(
                "is {length} characters, more than the {limit} that can be mapped at once; split the text and "
                "map the parts one by one",
                length=len(text),
                limit=max_chars,
            ),
        )
