extension DocumentMetadata {
    /// This metadata with its missing fields taken from another description of the same document.
    ///
    /// Fields this metadata has are kept; an `other` type is replaced by a known one.
    ///
    /// - Parameter other: Metadata from another source, such as a Federal Register API record.
    /// - Returns: The merged metadata.
    func filling(from other: DocumentMetadata) -> DocumentMetadata {
        var merged = self
        if merged.type == .other { merged.type = other.type }
        merged.date = merged.date ?? other.date
        merged.publicationDate = merged.publicationDate ?? other.publicationDate
        merged.president = merged.president ?? other.president
        merged.executiveOrderNumber = merged.executiveOrderNumber ?? other.executiveOrderNumber
        merged.documentNumber = merged.documentNumber ?? other.documentNumber
        merged.citation = merged.citation ?? other.citation
        merged.sourceURL = merged.sourceURL ?? other.sourceURL
        merged.additionalFields.merge(other.additionalFields) { mine, _ in mine }
        return merged
    }
}
