/// The presidents whose documents PolicySearch reads, and who was in office on a day.
enum President {
    /// Inauguration days and names, in order.
    ///
    /// A document signed on an inauguration day is the new president's.
    private static let terms: [(start: (Int, Int, Int), name: String)] = [
        ((1933, 3, 4), "Franklin D. Roosevelt"), ((1945, 4, 12), "Harry S. Truman"),
        ((1953, 1, 20), "Dwight D. Eisenhower"), ((1961, 1, 20), "John F. Kennedy"),
        ((1963, 11, 22), "Lyndon B. Johnson"), ((1969, 1, 20), "Richard Nixon"), ((1974, 8, 9), "Gerald R. Ford"),
        ((1977, 1, 20), "Jimmy Carter"), ((1981, 1, 20), "Ronald Reagan"), ((1989, 1, 20), "George H. W. Bush"),
        ((1993, 1, 20), "William J. Clinton"), ((2001, 1, 20), "George W. Bush"), ((2009, 1, 20), "Barack Obama"),
        ((2017, 1, 20), "Donald J. Trump"), ((2021, 1, 20), "Joseph R. Biden Jr."), ((2025, 1, 20), "Donald J. Trump"),
    ]

    /// The president in office on a day, or `nil` before 1933.
    ///
    /// - Parameter date: A signing date.
    /// - Returns: The president's full name.
    static func inOffice(on date: CalendarDate) -> String? {
        let day = (date.year, date.month, date.day)
        return terms.last { $0.start <= day }?.name
    }

    /// The canonical spelling of a stated name ("Donald Trump", "BIDEN") when it names the president in office on
    /// the day, else the stated name as it is.
    ///
    /// - Parameters:
    ///   - stated: The name a document or record gives.
    ///   - date: The signing date, if known.
    /// - Returns: The name to store.
    static func canonicalName(_ stated: String, on date: CalendarDate?) -> String {
        guard let date, let inOffice = inOffice(on: date) else { return stated }
        let surname = inOffice.split(separator: " ").last { $0 != "Jr." }.map { $0.lowercased() } ?? ""
        return stated.lowercased().contains(surname) ? inOffice : stated
    }
}
