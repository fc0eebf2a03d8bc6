import CorpusGenerator
import Foundation
import PolicySearch
import Testing

/// What happens to an index under hostile conditions, and what a run tells its user as it goes.
///
/// The conditions: read-only folders and files, a full disk, damaged files, and searches from other processes while
/// a run writes.
@Suite(.serialized)
struct IndexReliabilityTests {
    let folder: String

    init() throws {
        folder = NSTemporaryDirectory() + "policy-search-reliability-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // Other users (see `runAsAnotherUser`) must be able to reach the folder.
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder)
    }

    private func sha(_ path: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: path))
    }

    /// Writes a few documents into the test folder, where every user can read them.
    private func writeCorpus(count: Int = 40) throws -> String {
        let corpus = folder + "/corpus"
        try CorpusGenerator(seed: 11, averageSize: 2_000).write(0..<count, to: URL(fileURLWithPath: corpus))
        return corpus
    }

    /// Runs the binary so that file permissions bind it: as-is for a normal user, and as `nobody` for root (whom
    /// permissions do not stop), from a copy of the binary that `nobody` can run.
    private func runAsAnotherUser(_ arguments: [String]) throws -> PolicySearchTool.Run {
        guard getuid() == 0 else { return try PolicySearchTool.run(arguments) }
        let copy = folder + "/policy-search"
        if !FileManager.default.fileExists(atPath: copy) {
            try FileManager.default.copyItem(atPath: try PolicySearchTool.binary.path, toPath: copy)
        }
        let setpriv = try #require(
            ["/usr/bin/setpriv", "/bin/setpriv"].first { FileManager.default.isExecutableFile(atPath: $0) },
            "setpriv (util-linux) is needed to drop root's privileges"
        )
        return try PolicySearchTool.run(
            ["--reuid=65534", "--regid=65534", "--clear-groups", copy] + arguments,
            executable: URL(fileURLWithPath: setpriv)
        )
    }

    @Test(arguments: ["read-only folder", "read-only file"])
    func readOnlyIndexesCanBeSearchedButNotChanged(case label: String) throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let corpus = try writeCorpus()
        let place = folder + "/index"
        try FileManager.default.createDirectory(atPath: place, withIntermediateDirectories: true)
        let index = place + "/index.sqlite"
        let built = try PolicySearchTool.run(["index", "--quiet", "--index", index, corpus])
        try #require(built.status == 0, "\(built.stderr)")
        let before = try sha(index)
        if label == "read-only folder" {
            try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: place)
        } else {
            try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: place)
            try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: index)
        }
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: place) }

        let search = try runAsAnotherUser(["search", "--index", index, "federal agency"])
        #expect(search.status == 0, "\(label): \(search.stderr)")
        #expect(search.stdout.hasPrefix("1. "))
        #expect(search.stderr.isEmpty)
        let stats = try runAsAnotherUser(["stats", "--index", index])
        #expect(stats.status == 0 && stats.stdout.contains("documents: 40"), "\(label): \(stats.stderr)")
        let check = try runAsAnotherUser(["check", "--index", index])
        #expect(check.status == 0 && check.stdout.contains("ok (read-only"), "\(label): \(check.stderr)")

        for command in [["index", corpus], ["update"], ["remove", corpus + "/part-000/doc-1.md"], ["optimize"]] {
            let write = try runAsAnotherUser([command[0], "--index", index] + command.dropFirst())
            #expect(write.status == 2, "\(label): \(command[0]) should fail")
            #expect(
                write.stderr == "policy-search: \(index) is read-only; it can be searched but not changed\n",
                "\(label): \(command[0]): \(write.stderr)"
            )
        }
        #expect(try sha(index) == before, "\(label): the index file changed")
    }

    @Test func damagedOrForeignFilesAreRefusedByNameAndLeftUntouched() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let corpus = try writeCorpus(count: 200)
        let good = folder + "/good.sqlite"
        let built = try PolicySearchTool.run(["index", "--quiet", "--index", good, corpus])
        try #require(built.status == 0, "\(built.stderr)")
        let bytes = try sha(good)
        try #require(bytes.count > 64 * 4096)

        var damaged = bytes
        damaged.replaceSubrange(40 * 4096..<43 * 4096, with: Data(repeating: 0xFF, count: 3 * 4096))
        let cases: [(name: String, data: Data, message: String)] = [
            ("truncated.sqlite", bytes.prefix(bytes.count / 2), "is damaged"),
            ("scribbled.sqlite", damaged, "is damaged"),
            ("header-only.sqlite", bytes.prefix(60), "is not a PolicySearch index"),
            ("notes.sqlite", Data("These are my notes, not an index.\n".utf8), "is not a PolicySearch index"),
        ]
        for (name, data, message) in cases {
            let path = folder + "/" + name
            try data.write(to: URL(fileURLWithPath: path))
            let commands = [
                ["search", "--index", path, "federal"], ["index", "--index", path, corpus], ["check", "--index", path],
            ]
            for arguments in commands {
                let run = try PolicySearchTool.run(arguments)
                // A search reads only the pages it needs, so it may not meet scribbled pages; writing commands
                // check every page first.
                if name == "scribbled.sqlite", arguments[0] == "search", run.status == 0 { continue }
                #expect(run.status == 2, "\(name) \(arguments[0])")
                #expect(run.stderr.hasPrefix("policy-search: \(path) \(message)"), "\(name): \(run.stderr)")
                #expect(run.stderr.split(separator: "\n").count == 1, "\(name): \(run.stderr)")
                #expect(!run.stderr.localizedCaseInsensitiveContains("sqlite error"), "\(name): \(run.stderr)")
            }
            #expect(try sha(path) == data, "\(name) was changed")
        }
    }

    @Test func aFullDiskStopsTheRunWithAClearMessageAndKeepsTheIndex() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let small = try writeCorpus(count: 20)
        let large = folder + "/large"
        try CorpusGenerator(seed: 12, averageSize: 6_000).write(0..<600, to: URL(fileURLWithPath: large))
        let disk = folder + "/disk"
        try FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: true)
        let mount = try PolicySearchTool.run(
            ["-t", "tmpfs", "-o", "size=3m", "tmpfs", disk],
            executable: URL(fileURLWithPath: "/bin/mount")
        )
        guard mount.status == 0 else {
            // The library test `StoragePageLimitTests` covers a full index without mounting anything.
            print("skipping the tiny-filesystem test: mounting a 3 MB tmpfs needs root (\(mount.stderr))")
            return
        }
        defer { _ = try? PolicySearchTool.run([disk], executable: URL(fileURLWithPath: "/bin/umount")) }
        let index = disk + "/index.sqlite"
        let first = try PolicySearchTool.run(["index", "--quiet", "--index", index, small])
        try #require(first.status == 0, "\(first.stderr)")

        let full = try PolicySearchTool.run(["index", "--quiet", "--index", index, large])
        #expect(full.status == 2)
        #expect(
            full.stderr == "policy-search: no space left for \(index); the index is unchanged since its last completed "
                + "write\n"
        )
        let check = try PolicySearchTool.run(["check", "--index", index])
        #expect(check.status == 0, "\(check.stderr)")
        let stats = try PolicySearchTool.run(["stats", "--format", "json", "--index", index])
        let counts = try #require(JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
        let documents = try #require(counts["documents"] as? Int)
        #expect(documents >= 20 && documents < 620, "\(documents) documents")
        for number in 0..<20 {
            let hit = try PolicySearchTool.run([
                "search", "--index", index, "eo:\(CorpusGenerator.firstOrderNumber + number)",
            ])
            #expect(hit.status == 0 || hit.status == 1, "\(hit.stderr)")
        }
        let search = try PolicySearchTool.run(["search", "--index", index, "federal agency"])
        #expect(search.status == 0, "\(search.stderr)")
    }

    @Test func searchesFromOtherProcessesSucceedWhileARunWrites() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let generator = CorpusGenerator(seed: 13, averageSize: 3_000)
        let corpus = folder + "/corpus"
        try generator.write(0..<480, to: URL(fileURLWithPath: corpus))
        let index = folder + "/index.sqlite"
        let seed = try PolicySearchTool.run(["index", "--quiet", "--index", index, corpus + "/part-000/doc-1.md"])
        try #require(seed.status == 0, "\(seed.stderr)")

        let writer = try PolicySearchTool.process(["index", "--quiet", "--index", index, corpus])
        writer.standardOutput = FileHandle.nullDevice
        let writerErrors = Pipe()
        writer.standardError = writerErrors
        try writer.run()
        let reader = try SearchIndex(path: index, mode: .readOnly)
        var counts: [Int] = []
        var searches = 0
        var checkedHits = 0
        while writer.isRunning {
            let search = try PolicySearchTool.run([
                "search", "--json", "--limit", "5", "--index", index, "federal agency",
            ])
            #expect(search.status == 0, "\(search.stderr)")
            #expect(search.stderr.isEmpty, "\(search.stderr)")
            searches += 1
            let stats = try PolicySearchTool.run(["stats", "--format", "json", "--index", index])
            #expect(stats.status == 0 && stats.stderr.isEmpty, "\(stats.stderr)")
            let object = try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any]
            counts.append(object?["documents"] as? Int ?? -1)
            // In this process too: every hit is a whole document, its last words there.
            for hit in try reader.search("federal agency OR national security", limit: 20) {
                let name = URL(fileURLWithPath: hit.document.source).deletingPathExtension().lastPathComponent
                let number = try #require(Int(name.dropFirst("doc-".count)))
                let ending = generator.document(at: number).body.trimmingCharacters(in: .whitespacesAndNewlines)
                let stored = try #require(try reader.document(hit.document.id), "hit \(name) has no document")
                #expect(stored.body.hasSuffix(String(ending.suffix(60))), "torn document \(name)")
                checkedHits += 1
            }
        }
        writer.waitUntilExit()
        let errors = String(decoding: writerErrors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(writer.terminationStatus == 0, "\(errors)")
        #expect(searches >= 5, "only \(searches) searches ran during the run")
        #expect(counts == counts.sorted(), "document counts went backwards: \(counts)")
        #expect(Set(counts).count >= 2, "no search saw the run make progress: \(counts)")
        #expect(try reader.statistics().documentCount == 480)
        print(
            "\(searches) searches and \(checkedHits) hits checked in other processes while indexing; counts \(counts)"
        )
    }

    @Test func verboseListsEveryFileQuietPrintsNothingAndTheBarOnlyOnATerminal() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let corpus = try writeCorpus(count: 30)
        try Data("  \n".utf8).write(to: URL(fileURLWithPath: corpus + "/empty.txt"))
        try Data("x".utf8).write(to: URL(fileURLWithPath: corpus + "/notes.xyz"))
        let index = folder + "/index.sqlite"

        let verbose = try PolicySearchTool.run(["index", "--verbose", "--index", index, corpus])
        #expect(verbose.status == 0)
        let lines = verbose.stdout.split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix("added      \(corpus)/part-000/doc-") }.count == 30)
        #expect(lines.contains("skipped    \(corpus)/empty.txt  (empty)"))
        #expect(lines.contains { $0.hasPrefix("skipped    \(corpus)/notes.xyz  (unsupported format") })
        #expect(lines.last == "indexed 30, updated 0, unchanged 0, skipped 2 (1 empty, 1 unsupported format)")
        // How long the run took, before the summary; a run this small takes no step after its files.
        #expect(lines.dropLast().last?.wholeMatch(of: /took \d+\.\d s/) != nil, "\(lines.dropLast().last ?? "")")
        #expect(lines.count == 34)
        #expect(verbose.stderr.isEmpty, "piped: no progress bar, and skipped files are not listed twice")

        try FileManager.default.removeItem(atPath: corpus + "/part-000/doc-3.md")
        try Data("---\ntitle: Changed\n---\nChanged text.\n".utf8)
            .write(to: URL(fileURLWithPath: corpus + "/part-000/doc-4.md"))
        let again = try PolicySearchTool.run(["index", "-v", "--index", index, corpus])
        let changed = again.stdout.split(separator: "\n")
        #expect(changed.contains("removed    \(corpus)/part-000/doc-3.md"))
        #expect(changed.contains("updated    \(corpus)/part-000/doc-4.md"))
        #expect(changed.filter { $0.hasPrefix("unchanged  ") }.count == 28)

        try FileManager.default.removeItem(atPath: corpus + "/part-000/doc-5.md")
        let quiet = try PolicySearchTool.run(["index", "--quiet", "--index", index, corpus])
        #expect(quiet.status == 0 && quiet.stdout.isEmpty && quiet.stderr.isEmpty)

        // On a terminal (a pseudo-terminal from script(1)), a progress bar with documents per second and time left.
        let fresh = folder + "/fresh.sqlite"
        let command = [try PolicySearchTool.binary.path, "index", "--index", fresh, corpus]
            .map { "'" + $0 + "'" }.joined(separator: " ")
        let terminal = try PolicySearchTool.run(
            ["-q", "-e", "-c", command, "/dev/null"],
            executable: URL(fileURLWithPath: "/usr/bin/script")
        )
        #expect(terminal.status == 0, "\(terminal.stderr)")
        #expect(
            terminal.stdout.contains("28/30 files") || terminal.stdout.contains("30/30 files")
                || terminal.stdout.contains("/30 files")
        )
        #expect(terminal.stdout.contains(" docs/s · ETA "), "\(terminal.stdout)")
        #expect(terminal.stdout.contains("\r\u{1B}[2K"), "the bar is cleared before the summary")
        #expect(terminal.stdout.contains("indexed 28, updated 0, unchanged 0, skipped 2"))
    }

    /// Schemas 9 to 11 only add the stored row lengths, the indexes of dates and that of types and dates, so an index
    /// of schema 8 is still searched read-only (the lengths read from the full-text index, dates and types from the
    /// documents' rows); the next run upgrades it, stores the lengths and makes the indexes.
    @Test func anIndexOfSchema8IsSearchedAsItIsAndUpgradedByTheNextRun() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let corpus = try writeCorpus(count: 20)
        let index = folder + "/index.sqlite"
        let built = try PolicySearchTool.run(["index", "--quiet", "--index", index, corpus])
        try #require(built.status == 0, "\(built.stderr)")
        let sqlite3 = URL(fileURLWithPath: "/usr/bin/sqlite3")
        let queries = [
            "federal", "federal signed:1990-01-01..2020-12-31", "federal agency type:memorandum signed:1990..2020",
        ]
        let expected = try queries.map { try PolicySearchTool.run(["search", "--json", "--index", index, $0]) }
        try #require(expected.allSatisfy { $0.status == 0 }, "\(expected.map(\.stderr))")
        #expect(expected[1].stdout.split(separator: "\n").count >= 2, "the date filter keeps some hits")
        #expect(expected[1].stdout != expected[0].stdout, "and drops some")
        #expect(!expected[2].stdout.isEmpty && expected[2].stdout != expected[1].stdout, "so does a type")
        let downgrade = try PolicySearchTool.run(
            [
                index,
                "DROP TABLE document_lengths; DROP INDEX documents_date; DROP INDEX documents_publication_date; "
                    + "DROP INDEX documents_type_date; DELETE FROM grdb_migrations WHERE identifier LIKE 'v9:%' "
                    + "OR identifier LIKE 'v10:%' OR identifier LIKE 'v11:%'; PRAGMA user_version = 8;",
            ],
            executable: sqlite3
        )
        try #require(downgrade.status == 0, "\(downgrade.stderr)")

        for (query, before) in zip(queries, expected) {
            let readOnly = try PolicySearchTool.run(["search", "--json", "--index", index, query])
            #expect(readOnly.status == 0, "\(readOnly.stderr)")
            #expect(readOnly.stdout == before.stdout, "same hits, scores and snippets for \(query)")
        }
        let schema = try PolicySearchTool.run([index, "PRAGMA user_version"], executable: sqlite3)
        #expect(schema.stdout == "8\n", "a search does not upgrade the file")

        let upgrade = try PolicySearchTool.run(["update", "--index", index])
        #expect(upgrade.status == 0, "\(upgrade.stderr)")
        let upgraded = try PolicySearchTool.run(
            [
                index,
                "PRAGMA user_version; SELECT count(*), length(lengths) > 0 FROM document_lengths; "
                    + "SELECT name FROM sqlite_master WHERE name LIKE 'documents_%date' ORDER BY name",
            ],
            executable: sqlite3
        )
        #expect(upgraded.stdout == "11\n1|1\ndocuments_date\ndocuments_publication_date\ndocuments_type_date\n")
        for (query, before) in zip(queries, expected) {
            let search = try PolicySearchTool.run(["search", "--json", "--index", index, query])
            #expect(search.stdout == before.stdout, "\(query)")
        }
    }

    @Test func anIndexFromTheVersionBeforeMigratesForwardAndKeepsItsDocuments() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let corpus = try writeCorpus(count: 20)
        let index = folder + "/index.sqlite"
        let built = try PolicySearchTool.run(["index", "--quiet", "--index", index, corpus])
        try #require(built.status == 0, "\(built.stderr)")
        // Turn it into a schema 4 index, as that release wrote it: the plain body back in documents and the
        // full-text index over it.
        let files = try FileManager.default.subpathsOfDirectory(atPath: corpus).filter { $0.hasSuffix(".md") }
        let stored = try SearchIndex(path: index, mode: .readOnly)
        var bodies: [String] = []
        for file in files {
            for document in try stored.documents(fromFile: corpus + "/" + file) {
                let quoted: String = "'" + document.body.replacingOccurrences(of: "'", with: "''") + "'"
                bodies.append("UPDATE documents SET body = \(quoted) WHERE document_id = '\(document.id.rawValue)';")
            }
        }
        try #require(bodies.count == 20)
        let downgrade = try PolicySearchTool.run(
            [
                index,
                """
                DROP INDEX documents_shared_group; ALTER TABLE documents DROP COLUMN shared_group;
                ALTER TABLE documents ADD COLUMN body TEXT NOT NULL DEFAULT '';
                \(bodies.joined(separator: "\n"))
                DROP TABLE documents_fts; DROP VIEW document_content; DROP TABLE document_text;
                DROP TABLE document_lengths; DROP TABLE top_hits;
                CREATE VIRTUAL TABLE documents_fts USING fts5(title, body, content = 'documents',
                    content_rowid = 'rowid', tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3');
                INSERT INTO documents_fts(documents_fts) VALUES('rebuild');
                DELETE FROM grdb_migrations WHERE identifier >= 'v5:' OR identifier LIKE 'v1_:%';
                PRAGMA user_version = 4;
                """,
            ],
            executable: URL(fileURLWithPath: "/usr/bin/sqlite3")
        )
        try #require(downgrade.status == 0, "\(downgrade.stderr)")

        let readOnly = try PolicySearchTool.run(["search", "--index", index, "federal"])
        #expect(readOnly.status == 2)
        #expect(
            readOnly.stderr == "policy-search: \(index) was written by an older PolicySearch (schema 4; this version "
                + "writes 12); run `policy-search index` on it once to upgrade it\n"
        )
        let upgrade = try PolicySearchTool.run(["update", "--index", index])
        #expect(upgrade.status == 0, "\(upgrade.stderr)")
        #expect(upgrade.stdout == "indexed 0, updated 0, unchanged 20, skipped 0\n")
        let search = try PolicySearchTool.run(["search", "--index", index, "federal"])
        #expect(search.status == 0, "\(search.stderr)")
        let version = try PolicySearchTool.run(
            [index, "PRAGMA user_version"],
            executable: URL(fileURLWithPath: "/usr/bin/sqlite3")
        )
        #expect(version.stdout == "12\n")
        // Schema 7's full-text settings are applied to the table schema 8 makes; the file kept the page size it was made with.
        let settings = try PolicySearchTool.run(
            [
                index,
                "SELECT group_concat(k || '=' || v, ' ') FROM documents_fts_config WHERE k != 'version'; PRAGMA page_size",
            ],
            executable: URL(fileURLWithPath: "/usr/bin/sqlite3")
        )
        #expect(settings.stdout == "automerge=16 hashsize=16777216 pgsz=16000\n16384\n")
        let check = try PolicySearchTool.run(["check", "--index", index])
        #expect(check.status == 0, "\(check.stderr)")
    }
}
