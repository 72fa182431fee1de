"""A zip writer that deflates each distinct file once per build.

The XSDs, the runtime and the styles are the same in every package of a build, and most pages are in
both SCORM versions; `zipfile` deflates them again for every archive. `Deflated` keeps each distinct
content's CRC and raw deflate stream, and `write` lays out the archive around them: local header, data,
central directory, end record, with exactly the header fields `zipfile` writes for the same entry
(`ZipInfo` with a fixed date, Unix attributes 0644, level 6). The output is therefore byte-identical to
the plain `zipfile` build (tests compare the two), only cheaper. No Zip64: a package of 4 GiB or 65,535
entries is refused.
"""

from __future__ import annotations

import hashlib
import struct
import zlib

LEVEL = 6  # the zlib level every entry is deflated with
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_VERSION = 20  # "version needed to extract" / "made by": 2.0, deflate
_UNIX = 3
_UTF8_NAME = 0x800
_FINAL_EMPTY = b"\x03\x00"  # an empty final block (fixed Huffman): ends a stream of flushed parts


class Deflated:
    """Compressed entries by content: each distinct file is deflated once, however many zips hold it."""

    def __init__(self, known: dict[bytes, tuple[int, bytes]] | None = None) -> None:
        """known: entries kept from an earlier build (``kept``; the build cache, cache.py)."""
        self._cache: dict[bytes, tuple[int, bytes]] = dict(known or {})
        self._used: set[bytes] = set()
        self.fresh = 0  # entries deflated by this instance (not known before)
        # id of a large input -> (the input, its flushed stream[, its whole entry]); the input is kept, so
        # its id cannot be reused while it is cached
        self._parts: dict[int, tuple] = {}

    def __call__(self, data: bytes) -> tuple[int, bytes]:
        """(CRC-32, raw deflate stream) of data."""
        known = self._parts.get(id(data))
        if known is not None and known[0] is data and len(known) == 3:
            return known[2]
        key = hashlib.blake2b(data, digest_size=16).digest() + len(data).to_bytes(8, "little")
        self._used.add(key)
        hit = self._cache.get(key)
        if hit is None:
            z = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
            hit = self._cache[key] = (zlib.crc32(data), z.compress(data) + z.flush())
            self.fresh += 1
        if len(data) > 4096:  # the same object again (a shared asset, brand after brand) skips the hashing
            self._parts[id(data)] = (data, b"", hit)
        return hit

    def pieces(self, parts: tuple[bytes, ...]) -> tuple[int, bytes, int]:
        """(CRC-32, raw deflate stream, size) of the concatenated parts, each part deflated on its own.

        Every part is closed with a full flush (byte-aligned, no reference to earlier data), so a part's
        compressed bytes are reused wherever it recurs: a page shared by many brands is deflated once and
        only the brand's own pieces (its name) per brand. The stream ends with an empty final block; any
        inflater reads it, but it is not the stream ``zipfile`` would write for the joined bytes.
        """
        crc, size, packed = 0, 0, []
        for part in parts:
            crc = zlib.crc32(part, crc)
            size += len(part)
            # the shared parts are the same objects brand after brand: found by identity before hashing
            # (the part is kept with its entry, so its id cannot be reused while cached)
            known = self._parts.get(id(part))
            if known is not None and known[0] is part and len(known) == 2:
                packed.append(known[1])
                continue
            key = b"F" + hashlib.blake2b(part, digest_size=16).digest() + len(part).to_bytes(8, "little")
            hit = self._cache.get(key)
            if hit is None:
                z = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
                hit = self._cache[key] = (0, z.compress(part) + z.flush(zlib.Z_FULL_FLUSH))
            if len(part) > 4096:
                self._parts[id(part)] = (part, hit[1])
            packed.append(hit[1])
        packed.append(_FINAL_EMPTY)
        return crc, b"".join(packed), size

    def __len__(self) -> int:
        return len(self._cache)

    def kept(self) -> dict[bytes, tuple[int, bytes]]:
        """The whole-file entries this instance handed out (for the next build of the same project)."""
        return {k: self._cache[k] for k in self._used}


def _dos(stamp: tuple[int, int, int, int, int, int]) -> tuple[int, int]:
    y, mo, d, h, mi, s = stamp
    return h << 11 | mi << 5 | s // 2, (y - 1980) << 9 | mo << 5 | d


def write(entries: list[tuple[str, bytes | tuple[bytes, ...]]], stamp: tuple[int, int, int, int, int, int],
          deflated: Deflated | None = None) -> bytes:
    """The archive of (name, data) entries in the given order, every entry dated stamp.

    data is bytes, or a tuple of parts deflated piece by piece (``Deflated.pieces``).
    """
    if deflated is None:
        deflated = Deflated()
    if len(entries) >= 0xFFFF:
        raise ValueError(f"too many entries for a zip without Zip64: {len(entries)}")
    dostime, dosdate = _dos(stamp)
    parts: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for name, data in entries:
        if isinstance(data, tuple):
            crc, packed, size = deflated.pieces(data)
        else:
            (crc, packed), size = deflated(data), len(data)
        try:
            raw, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            raw, flags = name.encode("utf-8"), _UTF8_NAME
        header = _LOCAL.pack(b"PK\x03\x04", _VERSION, 0, flags, zlib.DEFLATED, dostime, dosdate, crc,
                             len(packed), size, len(raw), 0)
        central.append(_CENTRAL.pack(b"PK\x01\x02", _VERSION, _UNIX, _VERSION, 0, flags, zlib.DEFLATED, dostime,
                                     dosdate, crc, len(packed), size, len(raw), 0, 0, 0, 0, 0o644 << 16,
                                     offset) + raw)
        parts += (header, raw, packed)
        offset += len(header) + len(raw) + len(packed)
        if offset >= 0xFFFFFFFF:
            raise ValueError("package too large for a zip without Zip64 (4 GiB)")
    directory = b"".join(central)
    end = _END.pack(b"PK\x05\x06", 0, 0, len(entries), len(entries), len(directory), offset, 0)
    return b"".join(parts) + directory + end
