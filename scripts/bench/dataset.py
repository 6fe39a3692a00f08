"""Build or reuse the bench dataset of one size (scripts/bench/data.py) in DATABASE_URL.

    DATABASE_URL=... python scripts/bench/dataset.py large|small

A dataset is keyed by GENERATOR_VERSION and its size. The first build migrates, writes the rows
and keeps ``pg_dump -Fc`` under var/bench/; later runs restore that dump into the (throwaway,
empty) database and migrate it forward. Prints how long the build, the dump or the restore
took, as JSON on the last line.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from scripts.bench.data import GENERATOR_VERSION, SIZES, Builder  # noqa: E402


def dump_path(size: str) -> Path:
    return ROOT / "var" / "bench" / f"dataset-v{GENERATOR_VERSION}-{size}.dump"


def pg_tool(name: str) -> str:
    for candidate in [os.environ.get("PG_BIN", "")] + [
        f"/usr/lib/postgresql/{v}/bin" for v in (17, 16, 15, 14, 13)
    ]:
        path = Path(candidate) / name
        if candidate and path.exists():
            return str(path)
    return name


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rtw.settings")
    os.environ.setdefault("SECRET_KEY", "bench-data")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def log(message: str) -> None:
    print(f"[bench data] {message}", flush=True)


def _psql_url() -> str:
    return os.environ["DATABASE_URL"]


def restore(path: Path) -> None:
    """Restore ``path`` into the (empty, just created) database of DATABASE_URL."""
    subprocess.run(
        [
            pg_tool("pg_restore"),
            "--no-owner",
            "--jobs=2",
            f"--dbname={_psql_url()}",
            str(path),
        ],
        check=True,
    )


def ensure(size: str) -> dict:
    """Build or restore the dataset of ``size``; returns what was done and how long it took."""
    setup_django()
    from django.core.management import call_command
    from django.db import connection, transaction

    path = dump_path(size)
    info: dict = {"size": size, "generator_version": GENERATOR_VERSION, "dump": str(path)}
    if path.exists():
        start = time.perf_counter()
        connection.close()
        restore(path)
        info["restore_s"] = round(time.perf_counter() - start, 1)
        start = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        info["migrate_and_analyze_s"] = round(time.perf_counter() - start, 1)
        log(f"{size}: restored {path.name} in {info['restore_s']} s")
        return info
    start = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    info["migrate_s"] = round(time.perf_counter() - start, 1)
    start = time.perf_counter()
    with transaction.atomic():
        info["rows"] = Builder(SIZES[size]).build()
    info["generate_s"] = round(time.perf_counter() - start, 1)
    log(f"{size}: generated in {info['generate_s']} s: {info['rows']}")
    start = time.perf_counter()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    subprocess.run(
        [pg_tool("pg_dump"), "--format=custom", f"--file={partial}", f"--dbname={_psql_url()}"],
        check=True,
    )
    os.replace(partial, path)
    info["dump_s"] = round(time.perf_counter() - start, 1)
    log(f"{size}: dumped to {path} in {info['dump_s']} s")
    return info


if __name__ == "__main__":
    size = sys.argv[1] if len(sys.argv) > 1 else "small"
    if size not in SIZES:
        sys.exit(f"size must be one of {', '.join(SIZES)}")
    if "DATABASE_URL" not in os.environ:
        sys.exit("Run me under scripts/with_services.py (DATABASE_URL is not set).")
    print(json.dumps(ensure(size)))
