import Foundation

/// Finds the files under folders and turns each into documents with the extractor for its format.
///
/// Walking is recursive and deterministic (paths sorted); hidden files and folders are passed over; folders
/// reached through symbolic links are not followed, so link loops cannot trap the walk.
struct DocumentReader: Sendable {
    /// Files larger than this are skipped with the reason "too large".
    var maximumFileSize: Int

    init(maximumFileSize: Int = 64 << 20) {
        self.maximumFileSize = maximumFileSize
    }

    /// A file found by a walk, or one that was passed over with its reason.
    enum Entry: Sendable {
        case file(String)
        case skipped(ExtractionError)
    }

    /// Lists the files under some roots (files or folders), in a stable order.
    ///
    /// - Parameter roots: Paths of files and folders.
    /// - Returns: One entry per candidate file: readable ones, and those skipped with a reason.
    func entries(under roots: [String]) -> [Entry] {
        var entries: [Entry] = []
        for root in roots {
            let path = Self.absolutePath(root)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                entries.append(
                    .skipped(ExtractionError(path: path, reason: .unreadable, detail: "no such file or folder"))
                )
                continue
            }
            if isDirectory.boolValue {
                walk(path, into: &entries)
            } else {
                entries.append(entry(forFile: path))
            }
        }
        return entries
    }

    private func walk(_ folder: String, into entries: inout [Entry]) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        } catch {
            entries.append(.skipped(ExtractionError(path: folder, reason: .unreadable, detail: "cannot list folder")))
            return
        }
        for name in names where !name.hasPrefix(".") {
            let path = folder + "/" + name
            // lstat and stat directly: URL resource values and FileManager's attributes cost several system calls
            // and objects per file (about 4 % of an indexing run's CPU, before any file was read).
            guard let status = Self.status(of: path, followingLinks: false) else {
                entries.append(entry(forFile: path))  // vanished meanwhile: its read reports it
                continue
            }
            if status.st_mode & S_IFMT == S_IFLNK {
                if let target = Self.status(of: path, followingLinks: true) {
                    if target.st_mode & S_IFMT == S_IFDIR {
                        entries.append(
                            .skipped(
                                ExtractionError(
                                    path: path,
                                    reason: .unreadable,
                                    detail: "link to a folder not followed"
                                )
                            )
                        )
                    } else {
                        entries.append(entry(forFile: path))
                    }
                } else {
                    entries.append(.skipped(ExtractionError(path: path, reason: .unreadable, detail: "broken link")))
                }
            } else if status.st_mode & S_IFMT == S_IFDIR {
                walk(path, into: &entries)
            } else {
                entries.append(entry(forFile: path))
            }
        }
    }

    /// A path's `stat` (or `lstat`), or nil when it cannot be examined.
    private static func status(of path: String, followingLinks: Bool) -> stat? {
        var status = stat()
        let result = followingLinks ? stat(path, &status) : lstat(path, &status)
        return result == 0 ? status : nil
    }

    /// The text after the last dot of a path's last component, as `URL.pathExtension` reads it, without making a URL
    /// (which examines the file).
    static func pathExtension(of path: String) -> String {
        let name = path.split(separator: "/", omittingEmptySubsequences: true).last ?? ""
        guard let dot = name.lastIndex(of: "."), dot > name.startIndex else { return "" }
        let pathExtension = name[name.index(after: dot)...]
        return pathExtension.contains(" ") ? "" : String(pathExtension)
    }

    private func entry(forFile path: String) -> Entry {
        let fileExtension = Self.pathExtension(of: path)
        guard DocumentFormat(fileExtension: fileExtension) != nil else {
            let detail = fileExtension.isEmpty ? "no file extension" : ".\(fileExtension) files are not read"
            return .skipped(ExtractionError(path: path, reason: .unsupportedFormat, detail: detail))
        }
        return .file(path)
    }

    /// Reads a file's bytes, checking size and readability.
    ///
    /// - Parameter path: An absolute path.
    /// - Returns: The file, ready for an extractor.
    /// - Throws: ``ExtractionError`` when the file is too large, unreadable, empty or binary.
    func read(_ path: String) throws(ExtractionError) -> SourceFile {
        // nil: reported by the read below
        if let size = Self.status(of: path, followingLinks: true).map({ Int($0.st_size) }), size > maximumFileSize {
            throw ExtractionError(
                path: path,
                reason: .tooLarge,
                detail: "\(size) bytes; the limit is \(maximumFileSize)"
            )
        }
        guard let bytes = FileManager.default.contents(atPath: path) else {
            throw ExtractionError(path: path, reason: .unreadable, detail: "permission denied or not a regular file")
        }
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            throw ExtractionError(path: path, reason: .empty)
        }
        if bytes.looksBinary, !bytes.starts(with: Array("%PDF".utf8)) {
            throw ExtractionError(path: path, reason: .binary)
        }
        return SourceFile(path: path, bytes: bytes)
    }

    /// What a file yields: documents, or metadata for a document read from another file.
    enum Extraction: Sendable {
        case documents([Document])
        case sidecar(MetadataSidecar)
    }

    /// Extracts the documents of a file with the extractor for its format.
    ///
    /// - Parameter file: A file read by ``read(_:)``.
    /// - Returns: The file's documents, or the metadata sidecar it is.
    /// - Throws: ``ExtractionError`` naming the file and the reason it cannot be read.
    func extract(_ file: SourceFile) throws(ExtractionError) -> Extraction {
        guard let format = DocumentFormat(fileExtension: URL(fileURLWithPath: file.path).pathExtension) else {
            throw ExtractionError(path: file.path, reason: .unsupportedFormat)
        }
        switch format {
        case .json:
            switch try JSONExtractor().extract(file) {
            case .documents(let documents): return .documents(documents)
            case .sidecar(let sidecar): return .sidecar(sidecar)
            }
        case .markdown: return .documents(try MarkdownExtractor().documents(from: file))
        case .html: return .documents(try HTMLExtractor().documents(from: file))
        case .federalRegisterXML: return .documents(try FederalRegisterXMLExtractor().documents(from: file))
        case .jsonLines: return .documents(try JSONLinesExtractor().documents(from: file))
        case .csv: return .documents(try CSVExtractor().documents(from: file))
        case .pdf: return .documents(try PDFExtractor().documents(from: file))
        default: return .documents(try PlainTextExtractor().documents(from: file))
        }
    }

    /// The absolute, standardized form of a path, as documents store it.
    ///
    /// - Parameter path: A relative or absolute path.
    /// - Returns: The absolute path.
    static func absolutePath(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
