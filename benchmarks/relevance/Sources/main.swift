// Relevance evaluation: runs the development queries in judgments.tsv against an index of ../shared/corpus with
// PolicySearch and with a plain FTS5 bm25 baseline over the same index, and prints nDCG@10, MRR and P@5 by query
// class, side by side. See README.md beside this folder.
import Foundation
import PolicySearch

struct Judgment {
    let id: String
    let queryClass: String
    let query: String
    var grades: [String: Int]
}

func argument(_ name: String, default fallback: String) -> String {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return fallback }
    return arguments[index + 1]
}

let corpus = argument("--corpus", default: "../shared/corpus")
let judgmentsPath = argument("--judgments", default: "benchmarks/relevance/judgments.tsv")
let indexPath = argument("--index", default: ".build/relevance-index.sqlite")

guard FileManager.default.fileExists(atPath: corpus + "/MANIFEST.tsv") else {
    FileHandle.standardError.write(Data("relevance: no corpus at \(corpus) (pass --corpus)\n".utf8))
    exit(2)
}

// Judgments, in file order.
var judgments: [Judgment] = []
for line in try String(contentsOfFile: judgmentsPath, encoding: .utf8).split(separator: "\n")
where !line.hasPrefix("#") {
    let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
    guard fields.count == 5, let grade = Int(fields[4]) else { continue }
    if let existing = judgments.firstIndex(where: { $0.id == fields[0] }) {
        judgments[existing].grades[fields[3]] = grade
    } else {
        judgments.append(Judgment(id: fields[0], queryClass: fields[1], query: fields[2], grades: [fields[3]: grade]))
    }
}

// What each indexed document is called in the judgments: EO-<number> for orders, else MANIFEST's doc_id.
var keys: [String: String] = [:]
let corpusRoot = URL(fileURLWithPath: corpus).standardizedFileURL.path
for line in try String(contentsOfFile: corpus + "/MANIFEST.tsv", encoding: .utf8).split(separator: "\n").dropFirst() {
    let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
    guard fields.count > 12, fields[12] == "primary" || fields[12] == "record" else { continue }
    let path = corpusRoot + "/" + fields[0]
    let key = fields[7].isEmpty ? fields[1] : "EO-" + fields[7]
    keys[fields[12] == "record" ? path + "#" + fields[1] : path] = key
}

@MainActor func key(of document: DocumentSummary) -> String {
    if let number = document.metadata.executiveOrderNumber { return "EO-" + number }
    return keys[document.source + (document.record.map { "#" + $0 } ?? "")] ?? document.id.rawValue
}

// The index: built (or brought up to date) from the corpus, without renditions/ and metadata/.
let start = Date()
let titleWeight = Double(argument("--title-weight", default: "10")) ?? 10
let phraseBoost = CommandLine.arguments.contains("--phrase-boost")
let index = try SearchIndex(
    path: indexPath,
    ranking: RankingOptions(titleWeight: titleWeight, bodyWeight: 1, boostsPhrases: phraseBoost)
)
let report = try index.add(
    contentsOf: ["articles", "executive-orders", "presidential-actions"].map { corpus + "/" + $0 }
)
print(
    "index: \(report.added) added, \(report.updated) updated, \(report.unchanged) unchanged in "
        + String(format: "%.1f s", Date().timeIntervalSince(start))
)

// The baseline: the same file, plain bm25 (equal weights), no synonyms, no folding, words and phrases AND-ed.
let baseline = try SearchIndex(
    path: indexPath,
    mode: .readOnly,
    ranking: RankingOptions(titleWeight: 1, bodyWeight: 1, boostsPhrases: false),
    thesaurus: Thesaurus(groups: [])
)

func baselineQuery(_ text: String) -> SearchQuery? {
    var parts: [SearchQuery.Expression] = []
    var rest = Substring(text)
    while let quote = rest.firstIndex(of: "\"") {
        parts += words(rest[..<quote])
        let after = rest.index(after: quote)
        let close = rest[after...].firstIndex(of: "\"") ?? rest.endIndex
        parts.append(.phrase(String(rest[after..<close])))
        rest = close < rest.endIndex ? rest[rest.index(after: close)...] : ""
    }
    parts += words(rest)
    return parts.isEmpty ? nil : SearchQuery(parts.count == 1 ? parts[0] : .all(parts))
}

func words(_ text: Substring) -> [SearchQuery.Expression] {
    text.split(separator: " ").filter { !$0.contains(":") && $0.contains(where: { $0.isLetter || $0.isNumber }) }
        .map { .term(String($0)) }
}

@MainActor func ranked(_ results: [SearchResult]) -> [String] {
    var seen = Set<String>()
    return results.map { key(of: $0.document) }.filter { seen.insert($0).inserted }
}

struct Scores {
    var ndcg = 0.0
    var reciprocalRank = 0.0
    var precision = 0.0
}

func score(_ ranking: [String], _ grades: [String: Int]) -> Scores {
    func gain(_ grade: Int) -> Double { pow(2, Double(grade)) - 1 }
    let dcg = ranking.prefix(10).enumerated().reduce(0.0) { sum, item in
        sum + gain(grades[item.element] ?? 0) / log2(Double(item.offset) + 2)
    }
    let ideal = grades.values.sorted(by: >).prefix(10).enumerated().reduce(0.0) { sum, item in
        sum + gain(item.element) / log2(Double(item.offset) + 2)
    }
    let firstRelevant = ranking.prefix(10).firstIndex { (grades[$0] ?? 0) > 0 }
    let relevantInFive = ranking.prefix(5).filter { (grades[$0] ?? 0) > 0 }.count
    return Scores(
        ndcg: ideal > 0 ? dcg / ideal : 0,
        reciprocalRank: firstRelevant.map { 1 / Double($0 + 1) } ?? 0,
        precision: Double(relevantInFive) / 5
    )
}

var byClass: [String: (ours: [Scores], base: [Scores])] = [:]
var classOrder: [String] = []
let verbose = CommandLine.arguments.contains("--verbose")
for judgment in judgments {
    let ours = try index.search(judgment.query, limit: 10)
    let plain = SearchOptions(limit: 30, renditions: .separate, correctsSpelling: false)
    let base = try baselineQuery(judgment.query).map { try baseline.search($0, options: plain).results } ?? []
    let oursScores = score(ranked(ours), judgment.grades)
    let baseScores = score(Array(ranked(base).prefix(10)), judgment.grades)
    if byClass[judgment.queryClass] == nil { classOrder.append(judgment.queryClass) }
    byClass[judgment.queryClass, default: ([], [])].ours.append(oursScores)
    byClass[judgment.queryClass, default: ([], [])].base.append(baseScores)
    if verbose {
        let figures = String(format: " nDCG@10 %.3f vs %.3f  ", oursScores.ndcg, baseScores.ndcg)
        print(judgment.id + figures + judgment.query)
    }
}

func mean(_ scores: [Scores], _ value: (Scores) -> Double) -> Double {
    scores.isEmpty ? 0 : scores.map(value).reduce(0, +) / Double(scores.count)
}

print("")
print("class         queries   nDCG@10 ours / base   MRR ours / base   P@5 ours / base")
let all = (ours: byClass.values.flatMap(\.ours), base: byClass.values.flatMap(\.base))
for name in classOrder + ["all"] {
    let scores = name == "all" ? all : byClass[name] ?? ([], [])
    print(
        name.padding(toLength: 12, withPad: " ", startingAt: 0)
            + String(
                format: " %8d   %.3f / %.3f       %.3f / %.3f     %.3f / %.3f",
                scores.ours.count,
                mean(scores.ours, \.ndcg),
                mean(scores.base, \.ndcg),
                mean(scores.ours, \.reciprocalRank),
                mean(scores.base, \.reciprocalRank),
                mean(scores.ours, \.precision),
                mean(scores.base, \.precision)
            )
    )
}
