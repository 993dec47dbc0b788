"""How much memory the data itself takes once briefgen has loaded it, run as its own process.

    python bench/footprint.py DATA.xlsx

Prints one JSON line:

* "loaded_mb": RSS growth of a process that loads the workbook with ``briefgen.data.load.load_all``
  (after imports and a warm-up load of the example) -- what the batch's main process pays to
  plan, and what its forked workers then share with it;
* "pickled_mb": the loaded data pickled -- what a worker would receive if it were not forked
  (``--executor dask``).

bench/run.py uses these to tell memory that grows because the data is bigger (the whole city
table is loaded and checked, and the template needs it for province totals and ranks) from
memory that grows with the number of documents made.
"""

from __future__ import annotations

import gc
import json
import pickle
import sys
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent


def rss() -> int:
    gc.collect()
    return psutil.Process().memory_info().rss


def main(path: Path) -> None:
    from briefgen.data.load import load_all

    load_all([ROOT / "examples" / "circular_batch.xlsx"])  # imports openpyxl & co. outside the figure
    before = rss()
    data = load_all([path])
    loaded = (rss() - before) / 2**20
    print(json.dumps({"loaded_mb": loaded, "pickled_mb": len(pickle.dumps(data)) / 2**20}))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
