import Foundation
import Testing

@testable import PolicySearch

/// The eight orders in renditions/ read from each of their formats must agree.
@Suite(.enabled(if: SharedCorpus.isAvailable, SharedCorpus.skipReason))
struct RenditionParityTests {
    static let orders = ["13010", "13231", "13526", "13563", "13636", "13771", "13800", "13859"]

    struct Reading {
        let format: String
        let number: String?
        let title: String
        let date: CalendarDate?
        let words: Set<Substring>
    }

    static func readings(of order: String) throws -> [Reading] {
        let folder = SharedCorpus.path + "/renditions/EO_\(order)"
        let reader = DocumentReader()
        var readings: [Reading] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() {
            let file = try reader.read(folder + "/" + name)
            switch try reader.extract(file) {
            case .documents(let documents):
                let document = try #require(documents.first)
                readings.append(
                    Reading(
                        format: name,
                        number: document.metadata.executiveOrderNumber,
                        title: comparable(document.title),
                        date: document.metadata.date,
                        words: Set(document.body.lowercased().split { !$0.isLetter && !$0.isNumber })
                    )
                )
            case .sidecar(let sidecar):
                readings.append(
                    Reading(
                        format: name,
                        number: sidecar.metadata.executiveOrderNumber,
                        title: comparable(sidecar.title ?? ""),
                        date: sidecar.metadata.date,
                        words: []
                    )
                )
            }
        }
        return readings
    }

    @Test(arguments: orders)
    func everyFormatYieldsTheSameOrder(order: String) throws {
        let readings = try Self.readings(of: order)
        try #require(readings.count >= 3)
        let reference = try #require(readings.first { $0.format.hasSuffix(".xml") } ?? readings.first)
        for reading in readings {
            #expect(reading.number == order, "\(reading.format): EO \(reading.number ?? "–")")
            #expect(reading.title == reference.title, "\(reading.format): \(reading.title)")
            if reading.format.hasSuffix(".json"), reading.date == nil {
                // EO 13526's API record says it was signed a year after its publication; the reader drops that date.
                #expect(order == "13526", "\(reading.format) has no signing date")
                continue
            }
            #expect(reading.date == reference.date, "\(reading.format): \(String(describing: reading.date))")
        }
        let bodies = readings.filter { !$0.words.isEmpty }
        for (left, right) in zip(bodies, bodies.dropFirst()) {
            let overlap =
                Double(left.words.intersection(right.words).count) / Double(left.words.union(right.words).count)
            print("EO \(order) \(left.format) ~ \(right.format): token overlap \(String(format: "%.3f", overlap))")
            #expect(overlap >= 0.95, "EO \(order) \(left.format) ~ \(right.format): \(overlap)")
        }
    }

    private static func comparable(_ title: String) -> String {
        title.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).joined(separator: " ")
    }
}
