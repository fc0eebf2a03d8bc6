"""Compares the full-text index of two files made by segment_writer.c (see its header): each one's single segment,
page by page (leaves and doclist indexes, whatever the segment's id), its %_idx rows, its row sizes and its averages.

    python3 benchmarks/probes/compare_segments.py FTS5_DB OURS_DB
"""
import sqlite3
import sys


def segment(path):
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        pages = {}
        for rowid, block in db.execute("SELECT id, block FROM t_data WHERE id > 10"):
            pages.setdefault(rowid >> 37, {})[rowid & ((1 << 37) - 1)] = block
        if len(pages) != 1:
            sys.exit(f"{path}: {len(pages)} segments; 'optimize' first")
        index = db.execute("SELECT term, pgno FROM t_idx ORDER BY term").fetchall()
        sizes = db.execute("SELECT id, sz FROM t_docsize ORDER BY id").fetchall()
        averages = db.execute("SELECT block FROM t_data WHERE id = 1").fetchone()[0]
    return next(iter(pages.values())), index, sizes, averages


def main():
    theirs, ours = segment(sys.argv[1]), segment(sys.argv[2])
    pages, mine = theirs[0], ours[0]
    same = sum(1 for key, block in pages.items() if mine.get(key) == block)
    print(f"pages: {same} of {len(pages)} the same ({len(mine)} written)")
    differing = sorted(key for key, block in pages.items() if mine.get(key) != block)
    if differing:
        key = differing[0]
        print(f"first difference: page {key & ((1 << 31) - 1)} (doclist index: {bool(key >> 36 & 1)}), "
              f"{len(pages[key])} bytes against {len(mine.get(key, b''))}")
    print("%_idx rows the same:", theirs[1] == ours[1], f"({len(theirs[1])} and {len(ours[1])})")
    print("row sizes the same:", theirs[2] == ours[2], "| averages the same:", theirs[3] == ours[3])
    return 0 if same == len(pages) == len(mine) and theirs[1:] == ours[1:] else 1


if __name__ == "__main__":
    sys.exit(main())
