import ArgumentParser

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search the index and print the best hits with highlighted snippets.",
        discussion: """
            Query syntax: words (all must match), "exact phrase", a OR b, -word, -"phrase", NOT word, prefix*, \
            a NEAR/5 b, (grouping), title:word, body:word. Filters: type:order, president:biden, eo:14110, \
            cites:14110, section:definitions, signed:2025, signed:2025-01-20..2025-06-30, signed:>2020, \
            published:2025-01; -type:article excludes. References in the text (EO 14110, E.O. 14110, Executive \
            Order No. 14,110, 90 FR 8741, 2025-02172) match the document itself or the documents citing it. \
            Operators are upper case; any other text is searched as written.
            """
    )

    @OptionGroup var global: GlobalOptions

    @OptionGroup var indexing: IndexingOptions

    @Argument(help: ArgumentHelp("The query; several arguments are joined with spaces.", valueName: "query"))
    var query: [String]

    @Option(name: [.customShort("n"), .long], help: "The most hits to print.")
    var limit = 10

    @Option(help: "Pass over this many of the best hits first.")
    var offset = 0

    @Option(help: "Output format: text, or json (one object per hit per line).")
    var format: OutputFormat = .text

    @Flag(help: "Same as --format json.")
    var json = false

    @Option(help: "Order of hits: relevance, newest, oldest or eo (executive order number).")
    var sort: SortOrder = .relevance

    @Flag(help: "Count all hits by type, president and year, and draw the counts as bars.")
    var facets = false

    @Option(
        help: ArgumentHelp(
            "Add synonym groups from a file: one group per line, terms separated by commas.",
            valueName: "file"
        )
    )
    var synonyms: String?

    @Flag(help: "Search words as written, without the shipped thesaurus of acronyms (AI, DHS, OMB …).")
    var noSynonyms = false

    @Option(help: "How many sentence-aligned passages to show per hit, each with its section (0 to 3).")
    var passages = 2

    @Flag(help: "Show how each hit's score was made: BM25 of the title and the body, and boosts.")
    var explain = false

    @Flag(help: "List every rendition of an order as its own hit instead of one hit per order.")
    var allRenditions = false

    @Option(help: "Color: auto (only on a terminal, off with NO_COLOR), always or never.")
    var color: ColorChoice = .auto

    @Option(
        help: ArgumentHelp(
            "Index these files or folders before searching (only changed files are read).",
            valueName: "path"
        )
    )
    var sync: [String] = []

    /// The parsed options as a plain value.
    var request: SearchRequest {
        SearchRequest(
            index: global.index,
            query: query,
            limit: limit,
            offset: offset,
            format: json ? .json : format,
            sort: sort,
            facets: facets,
            synonyms: synonyms,
            noSynonyms: noSynonyms,
            passages: passages,
            explain: explain,
            allRenditions: allRenditions,
            color: color,
            sync: sync,
            maxFileSize: indexing.maxFileSize
        )
    }

    func validate() throws {
        try request.validate()
    }

    func run() throws {
        try request.run()
    }
}
