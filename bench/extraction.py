"""Extraction time against document size (issue 11: extraction must stay near-linear).

Run: .venv/bin/python bench/extraction.py [--sizes 0.14 1.1 20] [--no-link] [--text FILE]

The document is built by repeating a block of legal prose in French, Swedish and English
(citations, lists of articles, penalties, figures, dates, names of bodies: far denser than
real texts) up to each size in MB, or the text of FILE (a whole code, a web page) when given. Wall and CPU seconds are
both printed: on a shared machine the wall time also measures the neighbours. It times the two extraction steps separately: the text alone (`extract_text_items`:
citations, penalties, figures) and the graph-aware step (`link`: gazetteer, dates, citation
resolution, penalties by reference) against an in-memory graph built from the project's
data. Figures are printed as seconds and MB/s; docs/ingestion.md records them.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.build.pipeline import build
from kg.config import Settings
from kg.ingest.extract.gazetteer import load_gazetteer
from kg.ingest.extract.steps import extract_text_items, link
from kg.ingest.model import Document
from kg.store import open_store

BLOCK = """La traite des êtres humains est punie de sept ans d'emprisonnement et de 150 000 € \
d'amende. Les peines prévues au second alinéa de l'article 225-12-1 sont portées à dix ans \
d'emprisonnement et à 150 000 euros d'amende ; voir les articles 222-23 à 222-31, 225-4-1 à \
225-4-4, 225-7 (1°), 225-12-1 et 227-22 du code pénal. Après des circulaires adressées aux \
parquets en 2015 et 2016, la MIPROF coordonne le plan national de lutte contre la traite des \
êtres humains ; plus de 11 000 mineurs seraient concernés, selon les services de l'État, \
et une augmentation de plus de 100 % est relevée depuis janvier 2022.
Enligt Brå har fler än 200 barn utnyttjats. Brott enligt 6 kap. 9 och 10 §§ brottsbalken och \
28 kap. 3 a och 6 §§, 7 § rättegångsbalken döms till fängelse i lägst sex månader och högst \
fyra år. Jämställdhetsmyndigheten får fyra miljoner kronor under 2022.
A person guilty of an offence under section 47 of the Sexual Offences Act 2003 is liable on \
summary conviction, to imprisonment for a term not exceeding 6 months or a fine not \
exceeding the statutory maximum or both; 4,524 potential victims were referred to the Home \
Office, a 9% increase compared to 2023 (4,134), according to GRETA and the Lanzarote Committee.

"""


def document(megabytes: float, block: str = BLOCK) -> Document:
    copies = max(1, int(megabytes * 1_000_000 / len(block.encode())))
    return Document(text=block * copies, type="text", language=None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.14, 1.1, 20.0])
    parser.add_argument("--no-link", action="store_true", help="time the text step only")
    parser.add_argument("--text", type=Path, help="repeat this file's text instead")
    args = parser.parse_args()
    store = gazetteer = None
    if not args.no_link:
        settings = Settings(store="memory")
        store = open_store(settings)
        build(store, settings)
        gazetteer = load_gazetteer(store)
    print(f"{'MB':>6} {'text s':>8} {'cpu s':>7} {'link s':>8} {'cpu s':>7} {'MB/s':>6} "
          f"{'citations':>10} {'penalties':>10} {'figures':>8} {'mentions':>9}")  # fmt: skip
    for size in args.sizes:
        block = args.text.read_text(encoding="utf-8") if args.text else BLOCK
        doc = document(size, block)
        megabytes = len(doc.text.encode()) / 1e6
        started, cpu = time.perf_counter(), time.process_time()
        extract_text_items(doc)
        text_seconds = time.perf_counter() - started
        text_cpu = time.process_time() - cpu
        link_seconds = link_cpu = 0.0
        if store is not None and gazetteer is not None:
            started, cpu = time.perf_counter(), time.process_time()
            link(store, doc, gazetteer)
            link_seconds = time.perf_counter() - started
            link_cpu = time.process_time() - cpu
        rate = megabytes / (text_seconds + link_seconds)
        print(
            f"{megabytes:6.2f} {text_seconds:8.2f} {text_cpu:7.2f} {link_seconds:8.2f} "
            f"{link_cpu:7.2f} {rate:6.2f} {len(doc.citations):>10} {len(doc.penalties):>10} "
            f"{len(doc.figures):>8} {len(doc.mentions):>9}"
        )


if __name__ == "__main__":
    main()
