import CLibXML2
import Foundation

/// What a workbook part's elements say, as the SAX parser meets them.
protocol XLSXPartHandler: AnyObject {
    /// An element opens: its local name and its attributes (local name → value).
    func start(_ name: String, _ attributes: [(name: String, value: String)])
    func end(_ name: String)
    /// Text inside the innermost open element, in pieces.
    func text(_ bytes: UnsafeBufferPointer<UInt8>)
    /// What made the part unreadable although well-formed (a row number past Excel's last): the
    /// callbacks cannot throw, so the reader asks once the part is read.
    var problem: String? { get }
}

extension XLSXPartHandler {
    var problem: String? { nil }
}

/// One XML part of a workbook (`xl/workbook.xml`, a sheet, the shared strings) read with libxml2's
/// SAX2 push parser, fed chunk by chunk as the zip entry inflates: never a tree in memory, never
/// the network (`XML_PARSE_NONET`), and never a DOCTYPE (a workbook has none; entities are how XML
/// reads files and explodes, so a part that declares one is refused).
final class XLSXPartParser {
    private let part: String
    private let box: UnsafeMutablePointer<Callbacks>
    private var handler: xmlSAXHandler
    private var parser: xmlParserCtxtPtr?

    /// What the C callbacks reach through libxml2's user data.
    struct Callbacks {
        /// The parser's owner keeps the handler alive for as long as it parses.
        unowned(unsafe) let handler: XLSXPartHandler
        var doctype = false
        /// libxml2 interns element and attribute names: one pointer per name, so each is made a
        /// Swift string once (a sheet has millions of `c` and `v`).
        var names: [UnsafePointer<UInt8>: String] = [:]
        /// The attributes of the element being opened, its storage kept from element to element.
        var attributes: [(name: String, value: String)] = []

        mutating func name(_ pointer: UnsafePointer<UInt8>) -> String {
            if let known = names[pointer] { return known }
            let name = String(cString: pointer)
            names[pointer] = name
            return name
        }
    }

    init(part: String, handler: XLSXPartHandler) {
        XMLLibrary.initialise()
        vks_libxml2_silence()
        self.part = part
        box = .allocate(capacity: 1)
        box.initialize(to: Callbacks(handler: handler))
        self.handler = xmlSAXHandler()
        self.handler.initialized = UInt32(XML_SAX2_MAGIC)
        self.handler.startElementNs = Self.startElement
        self.handler.endElementNs = Self.endElement
        self.handler.characters = Self.characters
        self.handler.cdataBlock = Self.characters
        self.handler.internalSubset = Self.doctype
        self.handler.externalSubset = Self.doctype
    }

    deinit {
        if let parser {
            if parser.pointee.myDoc != nil { xmlFreeDoc(parser.pointee.myDoc) }
            xmlFreeParserCtxt(parser)
        }
        box.deinitialize(count: 1)
        box.deallocate()
    }

    /// Parses the next bytes of the part.
    func feed(_ bytes: UnsafeRawBufferPointer) throws {
        guard !bytes.isEmpty else { return }
        let start = bytes.baseAddress!.assumingMemoryBound(to: CChar.self)
        if parser == nil {
            parser = xmlCreatePushParserCtxt(&handler, UnsafeMutableRawPointer(box), start, Int32(bytes.count), nil)
            guard let parser else { throw XLSXError.malformed(part: part, detail: "cannot create XML parser") }
            xmlCtxtUseOptions(parser, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue))
        } else {
            xmlParseChunk(parser, start, Int32(bytes.count), 0)
        }
        try check()
    }

    /// The part has ended: it must have been whole.
    func finish() throws {
        guard let parser else { throw XLSXError.malformed(part: part, detail: "empty part") }
        xmlParseChunk(parser, nil, 0, 1)
        try check()
    }

    private func check() throws {
        if box.pointee.doctype { throw XLSXError.doctype(part: part) }
        guard let parser, parser.pointee.wellFormed == 0 else { return }
        let error = xmlCtxtGetLastError(parser)
        let detail = error?.pointee.message.map { String(cString: $0) } ?? "not well-formed"
        throw XLSXError.malformed(
            part: part, detail: detail.trimmingCharacters(in: .newlines) + " (line \(error?.pointee.line ?? 0))")
    }

    // MARK: - C callbacks

    private static func callbacks(_ context: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<Callbacks> {
        context!.assumingMemoryBound(to: Callbacks.self)
    }

    private static let startElement: startElementNsSAX2Func = {
        context, localName, _, _, _, _, attributeCount, _, attributes in
        let box = callbacks(context)
        guard !box.pointee.doctype, let localName else { return }
        box.pointee.attributes.removeAll(keepingCapacity: true)
        if let attributes {
            // Five pointers per attribute: local name, prefix, URI, value start, value end.
            for index in 0..<Int(attributeCount) {
                let base = index * 5
                guard let key = attributes[base], let start = attributes[base + 3], let end = attributes[base + 4]
                else { continue }
                let value = String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
                let name = box.pointee.name(key)
                box.pointee.attributes.append((name, value))
            }
        }
        let name = box.pointee.name(localName)
        box.pointee.handler.start(name, box.pointee.attributes)
    }

    private static let endElement: endElementNsSAX2Func = { context, localName, _, _ in
        let box = callbacks(context)
        guard !box.pointee.doctype, let localName else { return }
        let name = box.pointee.name(localName)
        box.pointee.handler.end(name)
    }

    private static let characters: charactersSAXFunc = { context, text, length in
        let box = callbacks(context)
        guard !box.pointee.doctype, let text else { return }
        box.pointee.handler.text(UnsafeBufferPointer(start: text, count: Int(length)))
    }

    private static let doctype: internalSubsetSAXFunc = { context, _, _, _ in
        let box = callbacks(context)
        box.pointee.doctype = true
    }
}
