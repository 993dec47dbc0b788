"""One measurement of the combined volume, run as its own process by bench/run.py.

    python bench/combine_one.py briefgen|docxcompose FOLDER COUNT OUT.docx

Takes the first COUNT .docx files of FOLDER (sorted by name: the batch order of the
synthetic cities) and prints one JSON line: {"seconds": …, "bytes": …, "documents": …}.
The clock runs from reading the first file to the saved volume; imports are outside it.

* briefgen: read each file's bytes, ``briefgen.docx.write.combine_docx`` (what ``batch --combined``
  calls in its last step, with the circular template's style and page numbers per document),
  write the volume.
* docxcompose: the stock way -- ``Composer(Document(first))``, ``append(Document(other))``
  for every other file, ``save``.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def combine_briefgen(files: list[Path], out: Path) -> float:
    from briefgen.api import style_for
    from briefgen.docx.write import combine_docx
    from briefgen.template.catalog import find_template

    style = style_for(find_template("circular"))
    started = time.perf_counter()
    volume = combine_docx([path.read_bytes() for path in files], style, restart_page_numbers=True)
    out.write_bytes(volume)
    return time.perf_counter() - started


def combine_docxcompose(files: list[Path], out: Path) -> float:
    from docx import Document
    from docxcompose.composer import Composer

    started = time.perf_counter()
    composer = Composer(Document(str(files[0])))
    for path in files[1:]:
        composer.append(Document(str(path)))
    composer.save(str(out))
    return time.perf_counter() - started


def main(argv: list[str]) -> None:
    tool, folder, count, out = argv[0], Path(argv[1]), int(argv[2]), Path(argv[3])
    files = sorted(folder.glob("*.docx"))[:count]
    if len(files) < count:
        raise SystemExit(f"only {len(files)} .docx files in {folder}, {count} wanted")
    seconds = {"briefgen": combine_briefgen, "docxcompose": combine_docxcompose}[tool](files, out)
    print(json.dumps({"seconds": seconds, "bytes": out.stat().st_size, "documents": len(files)}))


if __name__ == "__main__":
    main(sys.argv[1:])
