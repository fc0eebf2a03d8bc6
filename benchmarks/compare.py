#!/usr/bin/env python3
"""PolicySearch side by side with the engines it is measured against, on the same text and machine, in one run.

    python3 benchmarks/compare.py --documents 10000            # a generated corpus (made once, kept in --work)
    python3 benchmarks/compare.py --corpus ../shared/corpus/executive-orders

Engines:
  policysearch   `policy-search index` from the files (extraction included), searched in process by
                 policy-search-bench (10 hits with snippets and passages)
  sqlite3-shell  the sqlite3 command-line shell bulk-loading the text PolicySearch extracted into the same FTS5 table
                 (same CREATE statement, same page size, WAL): the engine's floor
  python-sqlite  Python's sqlite3 module doing the same load, and running the same queries as plain FTS5 SQL
                 (ORDER BY rank with bm25 weights 10/1, snippet() of the body, type/date filters by a join)
  tantivy        the PyPI package tantivy: title and body with the en_stem tokenizer, type and date fields,
                 10 hits with a body snippet each

Every query of benchmarks/queries.json runs --repeats times per engine after one warm-up run; p50 and p99 are taken
over all of those samples. Ratios are PolicySearch's figure divided by the other engine's: below 1.0 is faster or
smaller for times and sizes, above 1.0 is faster for throughput.
"""
import argparse
import csv
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
csv.field_size_limit(1 << 30)


def timed(command, **options):
    """Runs a command; returns (wall seconds, peak RSS in MB, stdout)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, **options)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        sys.exit(f"failed ({status}): {' '.join(command)}")
    return wall, usage.ru_maxrss / 1024, output.decode()


def percentile(samples, fraction):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def files_of(path):
    """The file itself, or every file below the folder."""
    return [path] if os.path.isfile(path) else [os.path.join(d, f) for d, _, names in os.walk(path) for f in names]


def read_through(path):
    """Reads every byte of a file or folder once, so that a timed load finds it in the page cache."""
    for name in files_of(path):
        with open(name, "rb") as source:
            while source.read(1 << 20):
                pass


def folder_size(path):
    return sum(os.path.getsize(name) for name in files_of(path))


# ---------------------------------------------------------------------------------------------- loaders (children)

def fts_schema(index):
    with sqlite3.connect(f"file:{index}?mode=ro", uri=True) as db:
        create = db.execute("SELECT sql FROM sqlite_master WHERE name = 'documents_fts'").fetchone()[0]
        config = db.execute("SELECT k, v FROM documents_fts_config WHERE k != 'version'").fetchall()
        page_size = db.execute("PRAGMA page_size").fetchone()[0]
    return create, config, page_size


def inflate_text(value):
    """PolicySearch's stored body: text as is, or four bytes of length then a zlib stream (TextCompression)."""
    return value if isinstance(value, str) else zlib.decompress(value[4:]).decode()


def schema_sql(index):
    create, config, page_size = fts_schema(index)
    # The same full-text table, over the loader's own plain-text table.
    create = create.replace("content = 'document_content', content_rowid = 'id'",
                            "content = 'documents', content_rowid = 'rowid'")
    lines = [f"PRAGMA page_size = {page_size};", "PRAGMA journal_mode = WAL;", "PRAGMA synchronous = NORMAL;",
             "CREATE TABLE documents(rowid INTEGER PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL);",
             create + ";"]
    lines += [f"INSERT INTO documents_fts(documents_fts, rank) VALUES('{k}', {json.dumps(v)});" for k, v in config]
    return "\n".join(lines)


def load_python(index, text, target):
    db = sqlite3.connect(target, isolation_level=None)
    db.executescript(schema_sql(index))
    with open(text, newline="") as source:
        rows = csv.reader(source)
        next(rows)
        db.execute("BEGIN")
        db.executemany("INSERT INTO documents(rowid, title, body) VALUES (?, ?, ?)", rows)
        db.execute("INSERT INTO documents_fts(rowid, title, body) SELECT rowid, title, body FROM documents")
        db.execute("COMMIT")
    db.close()


def tantivy_schema():
    import tantivy
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("rowid", stored=True, indexed=True, fast=True)
    builder.add_text_field("title", stored=True, tokenizer_name="en_stem")
    builder.add_text_field("body", stored=True, tokenizer_name="en_stem")
    builder.add_text_field("type", stored=False, tokenizer_name="raw")
    builder.add_date_field("date", indexed=True, fast=True)
    return builder.build()


def load_tantivy(text, meta, target):
    import datetime
    import tantivy
    schema = tantivy_schema()
    index = tantivy.Index(schema, path=target)
    writer = index.writer(256 * 1024 * 1024)
    with open(meta) as source:
        metadata = json.load(source)
    with open(text, newline="") as source:
        rows = csv.reader(source)
        next(rows)
        for rowid, title, body in rows:
            kind, date = metadata.get(rowid, ["", None])
            document = tantivy.Document(rowid=int(rowid), title=title, body=body, type=kind or "")
            if date:
                document.add_date("date", datetime.datetime.fromisoformat(date + "T00:00:00+00:00"))
            writer.add_document(document)
    writer.commit()
    writer.wait_merging_threads()


# ---------------------------------------------------------------------------------------------- queries (children)

def queries():
    with open(os.path.join(HERE, "queries.json")) as source:
        return json.load(source)


TYPES = {"memorandum": "presidential_memorandum", "proclamation": "proclamation", "order": "executive_order"}


def query_fts5(index, repeats):
    db = sqlite3.connect(f"file:{index}?mode=ro", uri=True, check_same_thread=False)
    db.create_function("inflate_text", 1, inflate_text, deterministic=True)
    for query in queries():
        terms = ['"' + t.replace('"', '""') + '"' for t in query["terms"]]
        match = '"' + " ".join(query["terms"]) + '"' if query.get("phrase") else " ".join(terms)
        sql = ("SELECT d.rowid, d.title, snippet(documents_fts, 1, '<b>', '</b>', '…', 16) "
               "FROM documents_fts JOIN documents AS d ON d.rowid = documents_fts.rowid "
               "WHERE documents_fts MATCH ? AND rank MATCH 'bm25(10.0, 1.0)'")
        arguments = [match]
        if query.get("type"):
            sql += " AND d.type = ?"
            arguments.append(TYPES.get(query["type"], query["type"]))
        if query.get("signed"):
            sql += " AND d.date BETWEEN ? AND ?"
            arguments += query["signed"]
        sql += " ORDER BY rank LIMIT 10"
        report(query, lambda: db.execute(sql, arguments).fetchall(), repeats)


def query_tantivy(target, repeats):
    import tantivy
    index = tantivy.Index.open(target)
    index.reload()
    searcher = index.searcher()
    schema = tantivy_schema()
    for query in queries():
        words = query["terms"]
        text = '"' + " ".join(words) + '"' if query.get("phrase") else " ".join("+" + w for w in words)
        if query.get("phrase"):
            text = "+" + text
        if query.get("type"):
            text += " +type:" + TYPES.get(query["type"], query["type"])
        if query.get("signed"):
            first, last = query["signed"]
            text += f" +date:[{first}T00:00:00Z TO {last}T23:59:59Z]"

        def run():
            parsed = index.parse_query(text, ["title", "body"], field_boosts={"title": 10.0})
            hits = searcher.search(parsed, 10).hits
            generator = tantivy.SnippetGenerator.create(searcher, parsed, schema, "body")
            results = []
            for _, address in hits:
                document = searcher.doc(address)
                results.append((document["title"][0], generator.snippet_from_doc(document).to_html()))
            return results
        report(query, run, repeats)


def report(query, run, repeats):
    hits = len(run())
    latencies = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        latencies.append(int((time.perf_counter() - start) * 1e6))
    print(json.dumps({"class": query["class"], "query": " ".join(query["terms"]), "hits": hits,
                      "latencies_us": latencies}), flush=True)


# ---------------------------------------------------------------------------------------------- the comparison

def build(skip):
    if skip:
        return
    # policy-search as the README installs it, with the Swift runtime linked in (it starts about 10 ms sooner).
    for product in ["policy-search", "generate-corpus"]:
        subprocess.run(["swift", "build", "-c", "release", "--static-swift-stdlib", "--product", product], cwd=ROOT,
                       check=True)
    bench = ["swift", "build", "-c", "release", "--product", "policy-search-bench"]
    if subprocess.run(bench, cwd=HERE).returncode != 0:
        # After files were added to the main package, this package's build plan can be stale ("cannot find
        # 'TokenReplay' in scope" for a type that exists): build again from a new plan (README.md).
        for stale in ("release.yaml", os.path.join("release", "description.json")):
            path = os.path.join(HERE, ".build", stale)
            if os.path.exists(path):
                os.remove(path)
        subprocess.run(bench, cwd=HERE, check=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=10000, help="size of the generated corpus")
    parser.add_argument("--corpus", help="a folder of documents to use instead of a generated corpus")
    parser.add_argument("--work", default=os.path.join(HERE, ".build", "compare"), help="where files go")
    parser.add_argument("--repeats", type=int, default=20, help="timed runs of each query per engine")
    parser.add_argument("--skip-build", action="store_true", help="use the release binaries already built")
    parser.add_argument("--keep-index", action="store_true", help="reuse PolicySearch's index from a previous run")
    parser.add_argument("child", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, *rest = args.child
        if mode == "load-python":
            load_python(*rest)
        elif mode == "load-tantivy":
            load_tantivy(*rest)
        elif mode == "query-fts5":
            query_fts5(rest[0], int(rest[1]))
        elif mode == "query-tantivy":
            query_tantivy(rest[0], int(rest[1]))
        return

    build(args.skip_build)
    binary = os.path.join(ROOT, ".build", "release", "policy-search")
    bench = os.path.join(HERE, ".build", "release", "policy-search-bench")
    os.makedirs(args.work, exist_ok=True)
    if args.corpus:
        corpus, label = os.path.abspath(args.corpus), os.path.basename(os.path.abspath(args.corpus))
    else:
        # Apart from the run's own files: a corpus folder holding text.csv, meta.json and the other engines'
        # indexes would be indexed with them.
        corpus, label = os.path.join(args.work, "corpora", f"gen-{args.documents}"), f"gen-{args.documents}"
        if not os.path.exists(os.path.join(corpus, ".complete")):
            shutil.rmtree(corpus, ignore_errors=True)
            subprocess.run([os.path.join(ROOT, ".build", "release", "generate-corpus"), corpus,
                            str(args.documents)], check=True)
            open(os.path.join(corpus, ".complete"), "w").close()
    work = os.path.join(args.work, label)
    os.makedirs(work, exist_ok=True)
    results = {"corpus": corpus, "engines": {}}
    me = [sys.executable, os.path.abspath(__file__)]

    # Indexing
    ours = os.path.join(work, "policysearch.sqlite")
    if not (args.keep_index and os.path.exists(ours)):
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(ours + suffix):
                os.remove(ours + suffix)
        # Every engine loads its input from the page cache: the others read text.csv just after it is written, and
        # the other engines' files written by an earlier run can have pushed the corpus out (at 100k documents,
        # 2.9 and 2.1 GB each).
        read_through(corpus)
        wall, rss, _ = timed([binary, "index", "--quiet", "--index", ours, corpus])
        results["engines"]["policysearch"] = {"build_s": wall, "build_rss_mb": rss}
        with open(ours + ".build.json", "w") as out:
            json.dump(results["engines"]["policysearch"], out)
    else:
        with open(ours + ".build.json") as source:
            results["engines"]["policysearch"] = json.load(source)
    text, meta = os.path.join(work, "text.csv"), os.path.join(work, "meta.json")
    raw = 0
    with sqlite3.connect(f"file:{ours}?mode=ro", uri=True) as db, open(text, "w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["rowid", "title", "body"])
        metadata = {}
        documents = 0
        for rowid, title, body, kind, date in db.execute(
                "SELECT d.rowid, t.title, t.body, d.type, d.date FROM documents AS d JOIN document_text AS t USING (rowid)"):
            body = inflate_text(body)
            writer.writerow([rowid, title, body])
            metadata[str(rowid)] = [kind, date]
            raw += len(title.encode()) + len(body.encode())
            documents += 1
    with open(meta, "w") as out:
        json.dump(metadata, out)
    results.update(documents=documents, raw_text_bytes=raw)

    shell_db = os.path.join(work, "shell.sqlite")
    python_db = os.path.join(work, "python.sqlite")
    tantivy_dir = os.path.join(work, "tantivy")
    for path in (shell_db, python_db):
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
    shutil.rmtree(tantivy_dir, ignore_errors=True)
    os.makedirs(tantivy_dir)
    script = os.path.join(work, "load.sql")
    with open(script, "w") as out:
        out.write(schema_sql(ours) + "\n")
        out.write(f".import --csv --skip 1 {text} documents\n")
        out.write("INSERT INTO documents_fts(rowid, title, body) SELECT rowid, title, body FROM documents;\n")
    read_through(text)
    with open(script) as source:
        wall, rss, _ = timed(["sqlite3", shell_db], stdin=source)
    results["engines"]["sqlite3-shell"] = {"build_s": wall, "build_rss_mb": rss}
    wall, rss, _ = timed(me + ["load-python", ours, text, python_db])
    results["engines"]["python-sqlite"] = {"build_s": wall, "build_rss_mb": rss}
    wall, rss, _ = timed(me + ["load-tantivy", text, meta, tantivy_dir])
    results["engines"]["tantivy"] = {"build_s": wall, "build_rss_mb": rss}
    for name, path in (("policysearch", ours), ("sqlite3-shell", shell_db), ("python-sqlite", python_db),
                       ("tantivy", tantivy_dir)):
        results["engines"][name]["size_bytes"] = folder_size(path)

    # Queries
    runs = {
        "policysearch": [bench, "queries", ours, str(args.repeats)],
        "python-sqlite": me + ["query-fts5", ours, str(args.repeats)],
        "tantivy": me + ["query-tantivy", tantivy_dir, str(args.repeats)],
    }
    for name, command in runs.items():
        _, _, output = timed(command)
        lines = [json.loads(line) for line in output.splitlines() if line.strip()]
        samples = [latency for line in lines for latency in line["latencies_us"]]
        by_class = {}
        for line in lines:
            by_class.setdefault(line["class"], []).extend(line["latencies_us"])
        results["engines"][name]["queries"] = {
            "p50_us": percentile(samples, 0.5), "p99_us": percentile(samples, 0.99),
            "by_class": {k: {"p50_us": percentile(v, 0.5), "p99_us": percentile(v, 0.99)} for k, v in by_class.items()},
            "hits": {line["query"]: line["hits"] for line in lines},
        }

    # Start-up: a fresh `policy-search search` process
    starts = []
    for _ in range(21):
        wall, _, _ = timed([binary, "search", "--index", ours, "--limit", "10", "wetlands restoration"])
        starts.append(wall)
    results["engines"]["policysearch"]["cold_search_ms"] = statistics.median(starts) * 1000

    with open(os.path.join(work, "results.json"), "w") as out:
        json.dump(results, out, indent=2)
    print_table(results)


def print_table(results):
    engines = results["engines"]
    ours = engines["policysearch"]
    raw = results["raw_text_bytes"]
    print(f"\ncorpus {results['corpus']}: {results['documents']} documents, {raw / 1e6:.1f} MB of extracted text\n")
    print(f"{'engine':<15}{'build s':>9}{'docs/s':>9}{'MB/s':>7}{'peak MB':>9}{'size/raw':>10}"
          f"{'p50 ms':>9}{'p99 ms':>9}")
    for name, figures in engines.items():
        build = figures.get("build_s")
        queries = figures.get("queries")
        cells = [f"{name:<15}", f"{build:>9.2f}" if build else f"{'-':>9}",
                 f"{results['documents'] / build:>9.0f}" if build else f"{'-':>9}",
                 f"{raw / 1e6 / build:>7.1f}" if build else f"{'-':>7}",
                 f"{figures['build_rss_mb']:>9.0f}" if figures.get("build_rss_mb") else f"{'-':>9}",
                 f"{figures['size_bytes'] / raw:>10.2f}",
                 f"{queries['p50_us'] / 1000:>9.2f}" if queries else f"{'-':>9}",
                 f"{queries['p99_us'] / 1000:>9.2f}" if queries else f"{'-':>9}"]
        print("".join(cells))
    print("\nratios, PolicySearch ÷ engine (build throughput: above 1 is faster; query times: below 1 is faster)")
    for name, figures in engines.items():
        if name == "policysearch":
            continue
        line = f"  vs {name:<14}"
        if ours.get("build_s") and figures.get("build_s"):
            line += f" build throughput {figures['build_s'] / ours['build_s']:.2f}×"
        if ours.get("queries") and figures.get("queries"):
            line += (f"   p50 {ours['queries']['p50_us'] / figures['queries']['p50_us']:.2f}×"
                     f"   p99 {ours['queries']['p99_us'] / figures['queries']['p99_us']:.2f}×")
        print(line)
    if "cold_search_ms" in ours:
        print(f"\npolicy-search search as a fresh process: median {ours['cold_search_ms']:.1f} ms (21 runs)")
    print(f"index size ÷ raw text: {ours['size_bytes'] / raw:.2f}")
    if ours.get("queries"):
        print("\nper class, p50 / p99 ms:")
        for kind in ours["queries"]["by_class"]:
            row = f"  {kind:<16}"
            for name in ("policysearch", "python-sqlite", "tantivy"):
                figures = engines.get(name, {}).get("queries", {}).get("by_class", {}).get(kind)
                if figures:
                    row += f"  {name} {figures['p50_us'] / 1000:.2f}/{figures['p99_us'] / 1000:.2f}"
            print(row)


if __name__ == "__main__":
    main()
