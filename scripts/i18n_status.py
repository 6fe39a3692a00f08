"""What the translation catalogues still lack, per language and per area.

    python scripts/i18n_status.py            # counts: missing and fuzzy, worker/employer vs staff
    python scripts/i18n_status.py --list     # and each message, with where it comes from
    python scripts/i18n_status.py --list nl  # one language

"Worker/employer" is every message with a source reference in scripts/messages.py FACING; the
catalogue tests (tests/i18n/) fail on any of those missing or fuzzy. After marking new strings,
refresh the catalogue first (``make messages lang=nl``), then run this.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from messages import LANGUAGES, catalogue, is_facing, missing  # noqa: E402


def status(language: str) -> dict[str, dict[str, list[dict]]]:
    found: dict[str, dict[str, list[dict]]] = {
        area: {"missing": [], "fuzzy": []} for area in ("worker/employer", "staff")
    }
    for entry in catalogue(language):
        area = "worker/employer" if is_facing(entry) else "staff"
        if missing(entry):
            found[area]["missing"].append(entry)
        elif entry["fuzzy"]:
            found[area]["fuzzy"].append(entry)
    return found


def main(argv: list[str]) -> int:
    listing = "--list" in argv
    languages = [arg for arg in argv if not arg.startswith("--")] or list(LANGUAGES)
    for language in languages:
        found = status(language)
        total = len(catalogue(language))
        print(f"{language}: {total} messages")
        for area, kinds in found.items():
            print(f"  {area:16} missing {len(kinds['missing']):4}   fuzzy {len(kinds['fuzzy']):4}")
            if listing:
                for kind, entries in kinds.items():
                    for entry in entries:
                        refs = ", ".join(sorted(set(entry.get("refs", []))))
                        print(f"    {kind}: {entry['id']!r}  ({refs})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
