/// What a search does with several renditions of one order (the same executive order from the Federal Register
/// and from a White House posting, say).
public enum RenditionHandling: Sendable, Hashable {
    /// One hit per order, the best-ranked rendition, listing the others in ``SearchResult/renditions``.
    case folded
    /// Every matching document is a hit of its own.
    case separate
}
