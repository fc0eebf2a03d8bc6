/// Metadata that describes a document stored elsewhere, such as a federalregister.gov API record: merged into
/// the document with the same executive order or FR document number, never indexed on its own.
struct MetadataSidecar: Sendable, Hashable, Codable {
    let source: String
    let title: String?
    let metadata: DocumentMetadata
    let contentHash: String
}
