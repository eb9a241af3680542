import Foundation
@testable import SitegenCore

/// libFuzzer target: bytes as a CSV table and as an XLSX workbook, through
/// the readers (decoding, GB18030, the zip and the XML), the layout and
/// the observations a table gives.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDataTable(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    var diagnostics: [Diagnostic] = []
    var tables: [DataTable] = []
    if let table = CSVTable.read(data, path: "content/data/fuzz.csv", diagnostics: &diagnostics) { tables.append(table) }
    tables += XLSXTable.read(data, path: "content/data/fuzz.xlsx", diagnostics: &diagnostics)
    _ = DataTableValidator.observations(tables, diagnostics: &diagnostics)
    _ = diagnostics.map(\.description)
    return 0
}
