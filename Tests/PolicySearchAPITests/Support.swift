import Foundation
import Logging
import Synchronization
import TestSupport

/// The sample corpus the README's first command searches.
let sampleCorpus = repositoryRoot + "/corpus/documents"

extension TemporaryFolder {
    /// Copies the sample corpus into the folder and returns the copy's path.
    func copyOfSampleCorpus() throws -> String {
        let copy = path + "/documents"
        try FileManager.default.copyItem(atPath: sampleCorpus, toPath: copy)
        return copy
    }
}

/// What a ``RecordingLogHandler`` was given, shared by its copies.
final class LogRecords: Sendable {
    struct Record: Sendable {
        let level: Logger.Level
        let message: String
        let metadata: Logger.Metadata
    }

    private let records = Mutex<[Record]>([])

    var all: [Record] { records.withLock { $0 } }

    func append(_ record: Record) {
        records.withLock { $0.append(record) }
    }
}

/// A log handler that keeps what it is given, for checking what the library logs.
struct RecordingLogHandler: LogHandler {
    let records: LogRecords
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        records.append(
            LogRecords.Record(level: event.level, message: event.message.description, metadata: event.metadata ?? [:])
        )
    }
}
