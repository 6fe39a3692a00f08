"""The translation catalogues: extract, compile, and the options both share (docs/languages.md).

    python scripts/messages.py extract nl     # refresh locale/nl/LC_MESSAGES/django.po
    python scripts/messages.py compile        # every django.po into its django.mo

Extraction is Django's ``makemessages`` with MAKEMESSAGES_OPTIONS; the catalogue tests
(tests/i18n/) extract with the same options into a copy of the tree, so a translator's run and
the stale-catalogue test agree. Compiling uses GNU gettext's ``msgfmt`` (``manage.py
compilemessages``) when it is installed, and otherwise the small writer below, whose .mo gettext
reads to the same translations (tests/i18n/test_compile.py): ``make run`` installs no system
packages.
"""

import ast
import os
import shutil
import struct
import subprocess
import sys
from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale"
LANGUAGES = ("nl", "sv")

# Exactly what translators run: the tests, scripts and build folders hold no user-facing text.
MAKEMESSAGES_OPTIONS = (
    "--ignore=.venv",
    "--ignore=var",
    "--ignore=tests",
    "--ignore=scripts",
    "--ignore=node_modules",
    "--no-obsolete",
)


# Where worker- and employer-facing text comes from: a msgid with a ``#:`` reference matching
# one of these (fnmatch patterns, relative to the project) must be translated, never fuzzy, in
# every language (tests/i18n/test_catalogues.py; scripts/i18n_status.py counts the rest as
# staff text).
FACING = (
    "templates/base.html",
    "templates/_*.html",
    "templates/40*.html",
    "templates/500.html",
    "templates/cases/worker_*.html",
    "templates/cases/employer_*.html",
    "templates/cases/worker/*",
    "templates/cases/employer/*",
    "templates/checkins/*",
    "templates/outcomes/*",
    "templates/plans/shared_copy.html",
    "templates/plans/_document.html",
    "templates/plans/pdf/*",
    "templates/plans/sharing_preview.html",
    "templates/plans/worker_*.html",
    "templates/registration/*",
    "templates/rtw/*",
    "checkins/producers.py",
    "checkins/forms.py",
    "checkins/views.py",
    "outcomes/*",
    "plans/pdf.py",
    "plans/sharing.py",
    "rtw/forms.py",
    "rtw/passwords.py",
    "rtw/notify.py",
    "rtw/views.py",
)


def is_facing(entry: dict) -> bool:
    return any(fnmatch(ref, pattern) for ref in entry.get("refs", ()) for pattern in FACING)


def key(entry: dict) -> tuple[str, str, str]:
    """What identifies a message: its context, msgid and plural msgid."""
    return (entry.get("ctxt", ""), entry["id"], entry.get("id_plural", ""))


def catalogue(language: str, root: Path = ROOT) -> list[dict]:
    """The entries of a language's django.po, header left out."""
    path = root / "locale" / language / "LC_MESSAGES" / "django.po"
    return [entry for entry in read_po(path) if entry["id"]]


def missing(entry: dict) -> bool:
    return not all(entry["strs"])


def manage(*args: str, cwd: Path = ROOT) -> None:
    env = {**os.environ, "DEBUG": "true"}
    subprocess.run([sys.executable, "manage.py", *args], cwd=cwd, env=env, check=True)


def extract(language: str, *, cwd: Path = ROOT) -> None:
    manage("makemessages", "-l", language, *MAKEMESSAGES_OPTIONS, cwd=cwd)


# --- A .mo writer for machines without msgfmt --------------------------------------------------


def _unquote(text: str) -> str:
    return ast.literal_eval(text)


def read_po(path: Path) -> list[dict]:
    """The entries of a .po file: dicts with id, strs (a list), fuzzy, refs (the source files
    of its ``#:`` lines, without line numbers), and ctxt and id_plural when present. Obsolete
    (``#~``) entries are left out."""
    entries: list[dict] = []
    entry: dict = {"strs": {}, "fuzzy": False}
    key = None

    def new_entry_if_done():
        nonlocal entry, key
        if entry["strs"]:
            entries.append(entry)
            entry, key = {"strs": {}, "fuzzy": False}, None

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#"):
            new_entry_if_done()
            if line.startswith("#,") and "fuzzy" in line:
                entry["fuzzy"] = True
            elif line.startswith("#:"):
                refs = (ref.rpartition(":")[0] or ref for ref in line[2:].split())
                entry.setdefault("refs", []).extend(refs)
            continue
        if line.startswith('"'):
            value = _unquote(line)
            if key.startswith("str"):
                entry["strs"][int(key[3:])] += value
            else:
                entry[key] += value
            continue
        word, _, rest = line.partition(" ")
        if word in ("msgctxt", "msgid"):
            new_entry_if_done()
        if word == "msgctxt":
            key = "ctxt"
        elif word == "msgid":
            key = "id"
        elif word == "msgid_plural":
            key = "id_plural"
        elif word == "msgstr":
            key = "str0"
        elif word.startswith("msgstr["):
            key = f"str{int(word[7:-1])}"
        else:
            raise ValueError(f"{path}: cannot read {raw!r}")
        if key.startswith("str"):
            entry["strs"][int(key[3:])] = _unquote(rest)
        else:
            entry[key] = _unquote(rest)
    new_entry_if_done()
    for item in entries:
        item["strs"] = [item["strs"][i] for i in sorted(item["strs"])]
    return entries


def write_mo(entries: list[dict], path: Path) -> None:
    """Write the translated, non-fuzzy entries (and the header) as a GNU .mo file."""
    pairs = {}
    for entry in entries:
        if entry["id"] and (entry["fuzzy"] or not all(entry["strs"])):
            continue
        key = entry["id"]
        if "id_plural" in entry:
            key += "\0" + entry["id_plural"]
        if "ctxt" in entry:
            key = entry["ctxt"] + "\x04" + key
        pairs[key.encode()] = "\0".join(entry["strs"]).encode()
    keys = sorted(pairs)
    ids = strs = b""
    offsets = []
    for key in keys:
        offsets.append((len(ids), len(key), len(strs), len(pairs[key])))
        ids += key + b"\0"
        strs += pairs[key] + b"\0"
    start = 7 * 4 + 16 * len(keys)
    key_table, value_table = [], []
    for id_at, id_len, str_at, str_len in offsets:
        key_table += [id_len, start + id_at]
        value_table += [str_len, start + len(ids) + str_at]
    header = struct.pack("Iiiiiii", 0x950412DE, 0, len(keys), 28, 28 + 8 * len(keys), 0, 0)
    body = struct.pack(f"{len(key_table)}i", *key_table)
    body += struct.pack(f"{len(value_table)}i", *value_table)
    path.write_bytes(header + body + ids + strs)


def compile_all() -> str:
    """Compile every catalogue; returns which compiler ran ("msgfmt" or "python")."""
    if shutil.which("msgfmt"):
        manage("compilemessages", "--ignore=.venv", "--ignore=var", "--ignore=node_modules")
        return "msgfmt"
    for po in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")):
        write_mo(read_po(po), po.with_suffix(".mo"))
    return "python"


def main(argv: list[str]) -> int:
    if argv[:1] == ["extract"] and len(argv) == 2:
        extract(argv[1])
        return 0
    if argv == ["compile"]:
        print(f"messages: catalogues compiled ({compile_all()})")
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
