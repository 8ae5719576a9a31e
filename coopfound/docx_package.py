"""Make a saved Word file byte-for-byte reproducible.

python-docx stamps each zip entry with the time of saving, so the same spec rendered
twice gave two different files and two different hashes in the manifest. Rewriting the
zip with a fixed timestamp (and the entries in the same order) makes the hash a real
fingerprint of the content.
"""

from __future__ import annotations

import io
import zipfile

_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can hold


def reproducible_zip(data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=_FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(entry.filename))
    return buffer.getvalue()
