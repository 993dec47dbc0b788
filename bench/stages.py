"""Per-document cost of each stage of briefgen's batch path, in one process, run by bench/run.py.

    python bench/stages.py DATA.xlsx [DOCUMENTS]

Plans the batch as ``briefgen batch circular DATA --each 城市`` does, prepares the worker
(``start_worker``), then times the stages of ``render_job`` for the first DOCUMENTS jobs
(default 50) and prints one JSON line with the median milliseconds per document of each stage:
render (Jinja, template -> markup), parse (markup -> model) + heading numbers, write (.docx
bytes). Comparing the figures for tables of different sizes shows which stage's cost per
document grows with the size of the table.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from briefgen.api import style_for
from briefgen.batch.jobs import Work, document_data, start_worker
from briefgen.batch.plan import BatchOptions, plan
from briefgen.document.number import number_headings
from briefgen.document.parse import parse_markup
from briefgen.docx.write import write_docx
from briefgen.template.catalog import find_template
from briefgen.template.render import render_markup


def main(path: Path, documents: int) -> None:
    info = find_template("circular")
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        shared, jobs, _ = plan(info, [path], BatchOptions(each="城市", out_dir=Path(out)))
        plan_s = time.perf_counter() - started
    style = style_for(info)
    start_worker(Work(info, style, shared))
    times: dict[str, list[float]] = {"render": [], "parse": [], "write": []}
    for job in jobs[:documents]:
        t0 = time.perf_counter()
        markup = render_markup(info, document_data(shared, job))
        t1 = time.perf_counter()
        model = number_headings(parse_markup(markup, source=str(info.main_path)))
        t2 = time.perf_counter()
        write_docx(model, style)
        t3 = time.perf_counter()
        times["render"].append(t1 - t0)
        times["parse"].append(t2 - t1)
        times["write"].append(t3 - t2)
    result = {name: statistics.median(values) * 1000 for name, values in times.items()}
    result.update(plan_s=plan_s, records=len(jobs), documents=min(documents, len(jobs)))
    print(json.dumps(result))


def _arguments(argv: list[str]) -> tuple[Path, int]:
    """DATA.xlsx and DOCUMENTS from the command line; the usage (this module's docstring) and exit
    status 2 when they are missing or malformed (on standard output and 0 for -h / --help)."""
    if argv[:1] in (["-h"], ["--help"]):
        print(__doc__)
        sys.exit(0)
    if len(argv) not in (1, 2) or (len(argv) == 2 and not (argv[1].isdigit() and int(argv[1]) > 0)):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    return Path(argv[0]), int(argv[1]) if len(argv) == 2 else 50


if __name__ == "__main__":
    main(*_arguments(sys.argv[1:]))
