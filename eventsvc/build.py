"""What this build renders with, as one digest: its code, templates, styles and translations.

Rendered bodies kept in Redis outlive a deployment. Kept under this digest, a body that an
earlier build rendered (older words, markup or links) is never served by a newer one, and two
builds running side by side during a rolling deploy keep their bodies apart.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from pathlib import Path

from . import paths

# The files a body is made from; compiled bytecode and data the app only reads at a publish
# (the demo, migrations) are left out.
RENDERS = frozenset({".py", ".html", ".mo", ".css", ".js", ".svg"})


def digest_of(roots: Iterable[Path]) -> str:
    """SHA-256 of every rendering file below roots, by path and content."""
    digest = hashlib.sha256()
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.suffix in RENDERS and p.is_file()):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


@functools.cache
def fingerprint() -> str:
    """This build's digest (read once per process: a few hundred small files)."""
    return digest_of((paths.PACKAGE, paths.TEMPLATES))[:16]


def namespace(public_url: str | None) -> str:
    """Where this build keeps bodies rendered for public_url: both shape every body (its
    links are absolute under PUBLIC_URL), so a change of either keeps new bodies apart."""
    return hashlib.sha256(f"{fingerprint()} {public_url or ''}".encode()).hexdigest()[:16]
