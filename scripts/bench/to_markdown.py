"""The tables of docs/performance.md ("Latest figures") from one `make bench` results file.

    python scripts/bench/to_markdown.py var/bench/results-<timestamp>.json

Prints Markdown: the machine, the datasets, the pages over HTTP at both sizes, throughput, the
plan PDF, reminders and every target with met or not. Paste it into the docs with the date,
the commit and what else the machine was doing.
"""

import json
import sys


def _ms(page: dict | None) -> str:
    return f"{page['p50_ms']} / {page['p95_ms']}" if page else "–"


def render(results: dict) -> str:
    out = []
    machine = results.get("machine", {})
    out.append(
        f"Machine: {machine.get('nproc')} cores, {machine.get('memory_mib')} MiB, PostgreSQL "
        f"{machine.get('postgresql')}, Python {machine.get('python')}, WEB_CONCURRENCY="
        f"{machine.get('web_concurrency')}; load average at start "
        f"{machine.get('load_average_at_start')}, at end {machine.get('load_average_at_end')}.\n"
    )
    sizes = results.get("sizes", {})
    small, large = sizes.get("small", {}), sizes.get("large", {})
    out.append("| Page | Small p50 / p95 ms | Large p50 / p95 ms | Large / small (p50) | Queries |")
    out.append("|---|---:|---:|---:|---:|")
    for name, page in large.get("pages", small.get("pages", {})).items():
        other = small.get("pages", {}).get(name)
        ratio = (
            f"{page['p50_ms'] / other['p50_ms']:.2f}"
            if other and large and "POST" not in name
            else "–"
        )
        queries = f"{other.get('queries') if other else '–'}, {page.get('queries')}"
        out.append(f"| {name} | {_ms(other)} | {_ms(page)} | {ratio} | {queries} |")
    out.append("")
    out.append(
        "| At 8 concurrent clients | Small req/s, p50 / p95 ms | Large req/s, p50 / p95 ms |"
    )
    out.append("|---|---:|---:|")
    for name, c in large.get("concurrent", {}).items():
        s = small.get("concurrent", {}).get(name)
        small_text = f"{s['req_per_s']}, {_ms(s)}" if s else "–"
        out.append(f"| {name} | {small_text} | {c['req_per_s']}, {_ms(c)} |")
    out.append("")
    out.append("| Plan PDF, worker copy | Small p50 / p95 ms | Large p50 / p95 ms | Queries |")
    out.append("|---|---:|---:|---:|")
    for name, p in large.get("pdf", {}).items():
        s = small.get("pdf", {}).get(name)
        out.append(f"| {name} | {_ms(s)} | {_ms(p)} | {p.get('queries')} |")
    reminders = results.get("reminders")
    if reminders:
        idle = reminders.get("idle_producer", {})
        e2e = reminders.get("end_to_end", {})
        out.append("")
        out.append(
            f"Reminders: idle producer runs {idle.get('idle_runs_s')} s (median "
            f"{idle.get('idle_median_s')} s), per producer {idle.get('per_producer_s')}; "
            f"{e2e.get('reminders')} due reminders through worker and beat in "
            f"{e2e.get('wall_s')} s, {e2e.get('duplicates')} duplicates, {e2e.get('lost')} lost."
        )
    out.append("")
    out.append("| Target | Measured | Met |")
    out.append("|---|---|---|")
    for row in results.get("targets", []):
        met = "met" if row["met"] else "**not met**"
        out.append(f"| {row['measure']}: {row['target']} | {row['value']} | {met} |")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    with open(sys.argv[1]) as results:
        sys.stdout.write(render(json.load(results)))
