import Foundation
import Testing

@testable import PolicySearch

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The XML parser that replaced Foundation's `XMLParser` (and with it libxml2 in every process): what it reads, what
/// it rejects and on which line, and that it reads the real corpus's Federal Register XML as `XMLParser` does.
struct XMLEventScannerTests {
    private typealias Event = XMLEventScanner.Event

    private func events(_ text: String) throws(XMLEventScanner.Malformed) -> [Event] {
        var events: [Event] = []
        try XMLEventScanner.scan(Data(text.utf8)) { events.append($0) }
        return events
    }

    private func failure(_ bytes: Data) -> XMLEventScanner.Malformed? {
        do {
            try XMLEventScanner.scan(bytes) { _ in }
            return nil
        } catch {
            return error
        }
    }

    @Test func readsElementsAttributesReferencesAndSections() throws {
        let text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE PRESDOCU [ <!ENTITY note "a > b"> ]>
            <!-- a comment, <not> markup -->
            <PRESDOCU><EXECORD a='1' b = "x &amp; y&#10;z
            w">Fish &amp; <E T="03">Wildlife</E> &#x2014; &lt;&#167;&gt;<![CDATA[<raw> & ]]><PRTPAGE P="7"/>\r\nend\rline</EXECORD></PRESDOCU>
            """
        #expect(
            try events(text) == [
                .start(name: "PRESDOCU", attributes: [:]),
                .start(name: "EXECORD", attributes: ["a": "1", "b": "x & y\nz w"]),
                .text("Fish & "),
                .start(name: "E", attributes: ["T": "03"]),
                .text("Wildlife"),
                .end(name: "E"),
                .text(" — <§>"),
                .text("<raw> & "),
                .start(name: "PRTPAGE", attributes: ["P": "7"]),
                .end(name: "PRTPAGE"),
                .text("\nend\nline"),
                .end(name: "EXECORD"),
                .end(name: "PRESDOCU"),
            ]
        )
    }

    @Test(arguments: [
        ("<A>\n<B>text</A>", 2, "the end tag </A> does not close <B>"),
        ("<A>\n<B>\ntext", 3, "the file ends inside <B>"),
        ("<A>\n&mdash;</A>", 2, "the entity &mdash; is not defined"),
        ("<A>fish & chips</A>", 1, "a \"&\" that starts no reference (write &amp;)"),
        ("<A>\r\n\r\n<B x=\"a<b\"/></A>", 3, "a \"<\" in the value of x"),
        ("<A/>\n<B/>", 2, "a second element after the root element"),
        ("<A/>\ntail", 2, "text after the root element"),
        ("<A x='1' x='2'/>", 1, "the attribute x appears twice in <A>"),
        ("<A x=1/>", 1, "the value of x in <A> is not quoted"),
        ("<A>\n</B>", 2, "the end tag </B> does not close <A>"),
        ("", 1, "the file has no element"),
        ("<A><!-- open </A>", 1, "a comment is not closed"),
        ("<A>&#0;</A>", 1, "the entity &#0; is not defined"),
    ])
    func rejectsMalformedXMLWithItsLine(text: String, line: Int, reason: String) {
        #expect(failure(Data(text.utf8)) == XMLEventScanner.Malformed(line: line, reason: reason))
    }

    @Test func rejectsControlCharactersAndBytesThatAreNotUTF8() {
        #expect(failure(Data("<A>\nnul\u{0}</A>".utf8))?.line == 2)
        #expect(failure(Data("<A>\nnul\u{0}</A>".utf8))?.reason == "a control character (0) is not allowed in XML")
        #expect(failure(Data([0x3C, 0x41, 0x3E, 0xFF, 0x3C, 0x2F, 0x41, 0x3E]))?.reason == "the file is not UTF-8")
    }

    /// Every Federal Register XML file of the shared corpus gives the elements, attributes and text that Foundation's
    /// `XMLParser` gives (text compared between tags, since either may split it).
    @Test(.enabled(if: SharedCorpus.isAvailable, SharedCorpus.skipReason))
    func readsTheCorpusXMLAsFoundationDoes() throws {
        let root = URL(fileURLWithPath: SharedCorpus.path)
        let files = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil))
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "xml" }
        #expect(files.count > 200)
        for file in files {
            let data = try Data(contentsOf: file)
            var ours: [Event] = []
            try XMLEventScanner.scan(data) { ours.append($0) }
            let reference = ReferenceReader()
            let parser = XMLParser(data: data)
            parser.delegate = reference
            #expect(parser.parse(), "\(file.path)")
            #expect(Self.joiningText(ours) == Self.joiningText(reference.events), "\(file.path)")
        }
    }

    private static func joiningText(_ events: [Event]) -> [Event] {
        var joined: [Event] = []
        for event in events {
            if case .text(let more) = event, case .text(let text)? = joined.last {
                joined[joined.count - 1] = .text(text + more)
            } else {
                joined.append(event)
            }
        }
        return joined
    }

    private final class ReferenceReader: NSObject, XMLParserDelegate {
        var events: [Event] = []

        func parser(
            _ parser: XMLParser,
            didStartElement name: String,
            namespaceURI: String?,
            qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            events.append(.start(name: name, attributes: attributes))
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            events.append(.end(name: name))
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if !events.isEmpty { events.append(.text(string)) }
        }
    }
}
