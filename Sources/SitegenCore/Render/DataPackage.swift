/// `data/datapackage.json`: a Frictionless Data Package describing
/// `indicators.csv`, `observations.csv` and `corrections.csv` (Table Schemas with field
/// types, primary keys and the foreign key from observations to indicators).
enum DataPackage {
    /// (name, Table Schema type) of each column of `indicators.csv`, in order.
    static let indicatorTypes: [String: String] = [
        "target_value": "number", "target_by": "date", "baseline_value": "number", "progress": "number",
        "latest_value": "number", "previous_progress": "number", "stale": "boolean",
    ]

    static func json(_ config: SiteConfig, asOf: Day?) -> String {
        func field(_ name: String, _ type: String, required: Bool = false) -> String {
            "        {\"name\": \(Escape.json(name)), \"type\": \"\(type)\""
                + (required ? ", \"constraints\": {\"required\": true}" : "") + "}"
        }
        let indicatorFields = OpenData.indicatorColumns.map { field($0, indicatorTypes[$0] ?? "string", required: $0 == "id") }
        let observationFields = [field("id", "string", required: true), field("period", "string", required: true),
                                 field("value", "number", required: true), field("note", "string")]
        let correctionFields = [field("id", "string", required: true), field("period", "string", required: true),
                                field("value", "number", required: true), field("corrected_on", "date", required: true),
                                field("previous_value", "number", required: true), field("reason", "string")]
        func resource(_ name: String, _ title: String, _ fields: [String], keys: String) -> String {
            """
              {
                "name": "\(name)",
                "title": \(Escape.json(title)),
                "path": "\(name).csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                  "fields": [
            \(fields.joined(separator: ",\n"))
                  ],
            \(keys)
                }
              }
            """
        }
        let indicators = resource("indicators", "Indicators, their targets and status", indicatorFields,
                                  keys: "      \"primaryKey\": [\"id\"]")
        let observations = resource("observations", "Observations of the quantitative indicators", observationFields, keys: """
                  "primaryKey": ["id", "period"],
                  "foreignKeys": [{"fields": ["id"], "reference": {"resource": "indicators", "fields": ["id"]}}]
            """)
        let corrections = resource("corrections", "Corrections of published observations", correctionFields, keys: """
                  "foreignKeys": [{"fields": ["id", "period"], "reference": {"resource": "observations", "fields": ["id", "period"]}}]
            """)
        var head = [
            "  \"profile\": \"tabular-data-package\"",
            "  \"name\": \"work-plan-indicators\"",
            "  \"title\": \(Escape.json(config.title))",
            "  \"publisher\": \(Escape.json(config.organization))",
        ]
        if let asOf { head.append("  \"reporting_date\": \"\(asOf)\"") }
        if let license = config.dataLicense {
            let key = license.contains(":") ? "path" : "name"
            head.append("  \"licenses\": [{\"\(key)\": \(Escape.json(license))}]")
        }
        if let base = config.baseURL { head.append("  \"homepage\": \(Escape.json(base))") }
        return "{\n" + head.joined(separator: ",\n") + ",\n  \"resources\": [\n" + indicators + ",\n" + observations + ",\n" + corrections + "\n  ]\n}\n"
    }

    /// A licence is named by an Open Definition id (`CC-BY-4.0`) or an http(s) URL.
    static func isValidLicense(_ text: String) -> Bool {
        if URLPolicy.isAbsoluteWeb(text) { return true }
        return !text.isEmpty && text.utf8.allSatisfy { c in
            (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 45 || c == 46 || c == 95
        }
    }
}
