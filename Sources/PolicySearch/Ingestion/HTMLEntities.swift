import Foundation

/// HTML character references: the named entities that occur in policy pages, and numeric ones.
enum HTMLEntities {
    static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "ensp": " ", "emsp": " ",
        "thinsp": " ", "hairsp": " ", "numsp": " ", "shy": "", "zwj": "", "zwnj": "",
        "mdash": "—", "ndash": "–", "hyphen": "-", "dash": "‐", "minus": "−", "horbar": "―",
        "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”", "sbquo": "‚", "bdquo": "„", "prime": "′",
        "Prime": "″", "laquo": "«", "raquo": "»", "lsaquo": "‹", "rsaquo": "›",
        "sect": "§", "para": "¶", "middot": "·", "bull": "•", "hellip": "…", "dagger": "†", "Dagger": "‡",
        "copy": "©", "reg": "®", "trade": "™", "deg": "°", "plusmn": "±", "times": "×", "divide": "÷",
        "frac12": "½", "frac14": "¼", "frac34": "¾", "sup1": "¹", "sup2": "²", "sup3": "³", "micro": "µ",
        "cent": "¢", "pound": "£", "euro": "€", "yen": "¥", "curren": "¤", "percnt": "%", "permil": "‰",
        "iexcl": "¡", "iquest": "¿", "ordf": "ª", "ordm": "º", "not": "¬", "macr": "¯", "acute": "´",
        "cedil": "¸", "uml": "¨", "brvbar": "¦", "le": "≤", "ge": "≥", "ne": "≠", "larr": "←", "rarr": "→",
        "Agrave": "À", "Aacute": "Á", "Acirc": "Â", "Atilde": "Ã", "Auml": "Ä", "Aring": "Å", "AElig": "Æ",
        "Ccedil": "Ç", "Egrave": "È", "Eacute": "É", "Ecirc": "Ê", "Euml": "Ë", "Igrave": "Ì", "Iacute": "Í",
        "Icirc": "Î", "Iuml": "Ï", "ETH": "Ð", "Ntilde": "Ñ", "Ograve": "Ò", "Oacute": "Ó", "Ocirc": "Ô",
        "Otilde": "Õ", "Ouml": "Ö", "Oslash": "Ø", "Ugrave": "Ù", "Uacute": "Ú", "Ucirc": "Û", "Uuml": "Ü",
        "Yacute": "Ý", "THORN": "Þ", "szlig": "ß", "agrave": "à", "aacute": "á", "acirc": "â", "atilde": "ã",
        "auml": "ä", "aring": "å", "aelig": "æ", "ccedil": "ç", "egrave": "è", "eacute": "é", "ecirc": "ê",
        "euml": "ë", "igrave": "ì", "iacute": "í", "icirc": "î", "iuml": "ï", "eth": "ð", "ntilde": "ñ",
        "ograve": "ò", "oacute": "ó", "ocirc": "ô", "otilde": "õ", "ouml": "ö", "oslash": "ø", "ugrave": "ù",
        "uacute": "ú", "ucirc": "û", "uuml": "ü", "yacute": "ý", "thorn": "þ", "yuml": "ÿ", "OElig": "Œ",
        "oelig": "œ", "Scaron": "Š", "scaron": "š", "Yuml": "Ÿ", "fnof": "ƒ", "circ": "ˆ", "tilde": "˜",
    ]

    /// Decodes the reference whose name or number lies between `&` and `;` (exclusive), for example `mdash` or `#x2014`.
    ///
    /// - Parameter reference: The text between the ampersand and the semicolon.
    /// - Returns: The character(s), or `nil` when the reference is unknown.
    static func decode(_ reference: Substring) -> String? {
        if reference.hasPrefix("#") {
            let digits = reference.dropFirst()
            let value: UInt32?
            if digits.hasPrefix("x") || digits.hasPrefix("X") {
                value = UInt32(digits.dropFirst(), radix: 16)
            } else {
                value = UInt32(digits, radix: 10)
            }
            guard let value, let scalar = Unicode.Scalar(value) else { return nil }
            switch value {
            case 0x80...0x9F:  // Windows-1252 code points written as numeric references by old tools
                let bytes = [UInt8(value)]
                return String(decodingDocument: .init(bytes))
            default:
                return String(Character(scalar))
            }
        }
        return named[String(reference)]
    }
}
