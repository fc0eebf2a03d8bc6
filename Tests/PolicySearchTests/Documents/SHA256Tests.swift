import Testing

@testable import PolicySearch

struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
    ])
    func matchesPublishedTestVectors(input: String, digest: String) {
        #expect(SHA256.hexDigest(of: Array(input.utf8)) == digest)
    }

    @Test func hashesInPiecesLikeInOneGo() {
        let bytes = Array((0..<1000).map { UInt8($0 % 251) })
        var hasher = SHA256()
        hasher.update(bytes[0..<3])
        hasher.update(bytes[3..<130])
        hasher.update(bytes[130...])
        #expect(hasher.finalizeHex() == SHA256.hexDigest(of: bytes))
    }

    /// The processor's SHA instructions, where it has them, and the Swift rounds give the same digests, for lengths
    /// around every block boundary and pieces of every size.
    @Test func processorInstructionsAndSwiftRoundsAgree() {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<300 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            var portable = SHA256(portable: true)
            portable.update(bytes)
            var fast = SHA256()
            let cut = length / 3
            fast.update(bytes[..<cut])
            fast.update(bytes[cut...])
            #expect(fast.finalizeHex() == portable.finalizeHex(), "\(length) bytes")
        }
        var portable = SHA256(portable: true)
        portable.update(Array("abc".utf8))
        #expect(portable.finalizeHex() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        print("SHA instructions: \(SHA256.hasInstructions)")
    }

    @Test func millionAs() {
        let digest = SHA256.hexDigest(of: [UInt8](repeating: 0x61, count: 1_000_000))
        #expect(digest == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}

struct CalendarDateTests {
    @Test func parsesAndPrintsISODates() throws {
        let date = try #require(CalendarDate(isoString: "2019-02-11"))
        #expect(date.description == "2019-02-11")
        #expect(CalendarDate(isoString: "2019-02-30") == nil)
        #expect(CalendarDate(isoString: "2024-02-29") != nil)
        #expect(CalendarDate(isoString: "2023-02-29") == nil)
        #expect(CalendarDate(isoString: "11 Feb 2019") == nil)
    }

    @Test func ordersByDay() throws {
        let earlier = try #require(CalendarDate(year: 1999, month: 12, day: 31))
        let later = try #require(CalendarDate(year: 2000, month: 1, day: 1))
        #expect(earlier < later)
    }

    @Test func stableIDsDependOnSourceAndRecord() {
        #expect(DocumentID(source: "/a/b.md") == DocumentID(source: "/a/b.md"))
        #expect(DocumentID(source: "/a/b.md") != DocumentID(source: "/a/c.md"))
        #expect(DocumentID(source: "/a/b.csv", record: "1") != DocumentID(source: "/a/b.csv", record: "2"))
        #expect(DocumentID(source: "/a/b.md").rawValue.count == 16)
    }
}
