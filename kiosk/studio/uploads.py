"""Uploaded files' names as the browser sent them, so that a name holding a path is refused.

Django keeps only the last part of an upload's name (« ../../x.png » and « dossier\\x.png »
both arrive as « x.png », and « .. » as no file at all) before any upload handler or view sees
it. The studio never uses an upload's name, but a name with a path is not what a browser sends
for a file a counsellor picked: it is refused with a French message rather than guessed at.

:class:`SentNamesHandler`, the first of ``FILE_UPLOAD_HANDLERS``, uses the hook Django gives
upload handlers to take over the parsing of a request (``handle_raw_input``): it runs Django's
own multipart parser, with the other handlers, and only notes each file's name before Django
shortens it (``MultiPartParser.sanitize_file_name``). The names are kept on the request
(``request.sent_file_names``) for the views that take files.
"""

from __future__ import annotations

import html

from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest
from django.http.multipartparser import MultiPartParser


class _NameNotingParser(MultiPartParser):
    """Django's parser, unchanged, except that it notes each file's name as sent."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.sent: list[str] = []

    def sanitize_file_name(self, file_name: str) -> str | None:
        self.sent.append(file_name)
        return super().sanitize_file_name(file_name)


class SentNamesHandler(FileUploadHandler):
    """Parses a multipart request with Django's parser and the other upload handlers, and
    keeps the files' names as sent in ``request.sent_file_names``."""

    def handle_raw_input(self, input_data, META, content_length, boundary,  # type: ignore[no-untyped-def]  # noqa: N803 - Django's name
                         encoding=None):
        others = [handler for handler in self.request.upload_handlers if handler is not self]
        parser = _NameNotingParser(META, input_data, others, encoding)
        try:
            return parser.parse()
        finally:
            self.request.sent_file_names = parser.sent

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:  # pragma: no cover
        return raw_data  # never reached: the parsing above gives the files to the others

    def file_complete(self, file_size: int) -> None:  # pragma: no cover
        return None


def name_with_a_path(request: HttpRequest) -> str | None:
    """The first uploaded file's name, as sent, that holds a folder (« / » or « \\ », also
    written as an HTML entity) or is « . » or « .. »; None when every name is plain."""
    for sent in getattr(request, "sent_file_names", ()):
        name = html.unescape(sent)
        if "/" in name or "\\" in name or name.strip() in (".", ".."):
            return sent
    return None


def path_message(name: str) -> str:
    """What the counsellor reads when a file's name holds a path."""
    shown = "".join(char for char in name if char.isprintable())[:120]
    return (f"le nom du fichier « {shown} » contient un chemin de dossier (« / » ou « \\ ») : "
            "envoyez le fichier lui-même, avec un nom simple comme « capture.png ».")
