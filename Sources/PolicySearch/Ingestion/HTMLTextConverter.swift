/// Turns HTML (whole pages or fragments) into text: tags removed, entities decoded, `script`/`style` dropped,
/// block elements turned into line and paragraph breaks, `<pre>` kept verbatim.
///
/// A tolerant single pass, not a DOM: policy pages are often fragments with unbalanced tags.
struct HTMLTextConverter {
    /// The text of the page.
    private(set) var text = ""
    /// The text of the `<title>` element, if any.
    private(set) var pageTitle: String?
    /// The text of the first heading (`h1` … `h6`), including bare text that directly follows it.
    private(set) var firstHeading: String?
    /// The verbatim text of the first `<pre>` element, if any.
    private(set) var preformattedText: String?

    private static let paragraphElements: Set<String> = [
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article", "header", "footer", "blockquote",
        "pre", "ul", "ol", "dl", "hr", "nav", "aside", "figure", "main", "form", "address", "center", "fieldset",
    ]
    private static let lineElements: Set<String> = ["br", "li", "tr", "dt", "dd", "figcaption", "caption", "option"]
    private static let skippedElements: Set<String> = ["script", "style", "noscript", "template", "svg"]

    private var scalars: [Unicode.Scalar] = []
    private var position = 0
    private var output = String.UnicodeScalarView()
    private var preDepth = 0
    private var titleBuffer: String.UnicodeScalarView?
    private var headingBuffer: String.UnicodeScalarView?
    private var headingOpen = false
    private var preBuffer: String.UnicodeScalarView?

    /// Converts an HTML page or fragment.
    ///
    /// - Parameter html: The markup, already decoded to a string.
    init(html: String) {
        scalars = Array(html.unicodeScalars)
        convert()
        text = String(output)
        scalars = []
    }

    private mutating func convert() {
        while position < scalars.count {
            let scalar = scalars[position]
            if scalar == "<" {
                handleMarkup()
            } else if scalar == "&" {
                handleReference()
            } else {
                emit(scalar)
                position += 1
            }
        }
        finishHeading()
    }

    private mutating func emit(_ scalar: Unicode.Scalar) {
        var scalar = scalar
        if preDepth == 0, scalar == "\n" || scalar == "\t" || scalar == "\r" { scalar = " " }
        if titleBuffer != nil {
            titleBuffer?.append(scalar)  // the page title is metadata, not body text
            return
        }
        if preDepth == 0, scalar == " ", output.last == " " || output.last == "\n" || output.isEmpty {
            // collapse white space outside <pre>
        } else {
            output.append(scalar)
        }
        headingBuffer?.append(scalar)
        preBuffer?.append(scalar)
    }

    private mutating func emitBreak(_ count: Int) {
        while output.last == " " { output.removeLast() }
        var trailing = 0
        for scalar in output.reversed() {
            guard scalar == "\n" else { break }
            trailing += 1
        }
        for _ in 0..<max(0, count - trailing) where !output.isEmpty { output.append("\n") }
        headingBuffer?.append(" ")
    }

    private mutating func handleReference() {
        var end = position + 1
        while end < scalars.count, end - position <= 12, scalars[end] != ";", scalars[end] != "&", scalars[end] != "<" {
            end += 1
        }
        if end < scalars.count, scalars[end] == ";" {
            var name = String.UnicodeScalarView()
            name.append(contentsOf: scalars[(position + 1)..<end])
            if let decoded = HTMLEntities.decode(Substring(String(name))) {
                for scalar in decoded.unicodeScalars { emit(scalar) }
                position = end + 1
                return
            }
        }
        emit("&")
        position += 1
    }

    private mutating func handleMarkup() {
        if matches("<!--", at: position) {
            position = find("-->", from: position + 4).map { $0 + 3 } ?? scalars.count
            return
        }
        let next = position + 1 < scalars.count ? scalars[position + 1] : " "
        if next == "!" || next == "?" {
            position = find(">", from: position).map { $0 + 1 } ?? scalars.count
            return
        }
        let closing = next == "/"
        var cursor = position + (closing ? 2 : 1)
        var name = ""
        while cursor < scalars.count, scalars[cursor].properties.isAlphabetic || ("0"..."9").contains(scalars[cursor]) {
            name.unicodeScalars.append(scalars[cursor])
            cursor += 1
        }
        guard !name.isEmpty else {  // a lone "<", as in "a < b"
            emit("<")
            position += 1
            return
        }
        name = name.lowercased()
        let end = endOfTag(from: cursor)
        position = end
        handleTag(name, closing: closing)
    }

    private mutating func handleTag(_ name: String, closing: Bool) {
        if !closing, Self.skippedElements.contains(name) {
            position =
                find("</" + name, from: position, caseInsensitive: true).map { endOfTag(from: $0 + 2) }
                ?? scalars.count
            return
        }
        switch name {
        case "title":
            if closing {
                if let buffer = titleBuffer, pageTitle == nil { pageTitle = String(buffer).collapsingWhitespace }
                titleBuffer = nil
            } else {
                titleBuffer = String.UnicodeScalarView()
            }
            return
        case "pre":
            if closing {
                preDepth = max(0, preDepth - 1)
                if let buffer = preBuffer, preformattedText == nil { preformattedText = String(buffer) }
                preBuffer = nil
            } else {
                preDepth += 1
                if preformattedText == nil, preBuffer == nil { preBuffer = String.UnicodeScalarView() }
            }
        case "h1", "h2", "h3", "h4", "h5", "h6":
            if closing {
                headingOpen = false
            } else if firstHeading == nil, headingBuffer == nil {
                headingBuffer = String.UnicodeScalarView()
                headingOpen = true
            }
        case "td", "th":
            if !closing { emit(" ") }
        default:
            break
        }
        if Self.paragraphElements.contains(name) {
            let closesHeading = closing && name.count == 2 && name.hasPrefix("h")
            if !headingOpen, !closesHeading { finishHeading() }
            emitBreak(2)
        } else if Self.lineElements.contains(name) {
            emitBreak(1)
        }
    }

    /// Ends the first heading's capture once a block element starts after it.
    private mutating func finishHeading() {
        guard let buffer = headingBuffer, !headingOpen else { return }
        let heading = String(buffer).collapsingWhitespace
        if !heading.isEmpty { firstHeading = heading }
        headingBuffer = nil
    }

    private func endOfTag(from start: Int) -> Int {
        var cursor = start
        var quote: Unicode.Scalar?
        while cursor < scalars.count {
            let scalar = scalars[cursor]
            if let open = quote {
                if scalar == open { quote = nil }
            } else if scalar == "\"" || scalar == "'" {
                quote = scalar
            } else if scalar == ">" {
                return cursor + 1
            }
            cursor += 1
        }
        return scalars.count
    }

    private func matches(_ literal: String, at index: Int, caseInsensitive: Bool = false) -> Bool {
        var cursor = index
        for expected in literal.unicodeScalars {
            guard cursor < scalars.count else { return false }
            let actual = scalars[cursor]
            if caseInsensitive {
                guard String(actual).lowercased() == String(expected) else { return false }
            } else if actual != expected {
                return false
            }
            cursor += 1
        }
        return true
    }

    private func find(_ literal: String, from index: Int, caseInsensitive: Bool = false) -> Int? {
        guard let first = literal.unicodeScalars.first else { return nil }
        var cursor = index
        while cursor < scalars.count {
            if scalars[cursor] == first, matches(literal, at: cursor, caseInsensitive: caseInsensitive) {
                return cursor
            }
            cursor += 1
        }
        return nil
    }
}
