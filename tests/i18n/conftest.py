"""Compile the catalogues when a .po is newer than its .mo, at collection, before any test has
loaded a translation: `make test` compiles first, and a subset run straight through pytest gets
the same catalogues."""

from tests.i18n.catalogues import ROOT, messages

_stale = [
    po
    for po in (ROOT / "locale").glob("*/LC_MESSAGES/django.po")
    if not po.with_suffix(".mo").exists()
    or po.stat().st_mtime > po.with_suffix(".mo").stat().st_mtime
]
if _stale:
    messages.compile_all()
