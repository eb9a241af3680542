import Testing
@testable import SitegenCore

/// The YAML reader on libyaml's events: what it refuses and where it says so.
@Suite struct YAMLReaderTests {
    func errors(_ yaml: String) throws -> [String] {
        try TestSite(files: ["content/indicators/a.yaml": yaml]).errors()
    }

    @Test func aliasIsRefusedWhereItIsWritten() throws {
        #expect(try errors("plan: test-plan\nsrc: &s 月报\nindicators: *s\n") == [
            "content/indicators/a.yaml:3:13: error: aliases (*s) are not supported: write the value out in full"])
    }

    /// Escapes can make a scalar's text longer than the file it is in
    /// (`\L` is two bytes written, three read): the reader's text buffer
    /// grows and keeps every byte.
    @Test func aScalarLongerThanItsFileIsReadWhole() throws {
        let yaml = "name: \"" + String(repeating: "\\L", count: 3000) + "x\"\n"
        let (doc, problems) = YAMLDocument.parse(yaml, path: "a.yaml")
        #expect(problems.isEmpty)
        let text = try #require(doc?.root?.value(forKey: "name")?.scalarText)
        #expect(text == String(repeating: "\u{2028}", count: 3000) + "x")
        #expect(text.utf8.count > yaml.utf8.count)
    }

    @Test func anchorAloneIsIgnored() throws {
        #expect(try errors("plan: &p test-plan\nindicators: []\n") == [])
    }

    /// Every repeated key, at the repeated key, flow mappings included.
    @Test func everyDuplicateKeyIsReportedAtTheSecondKey() throws {
        #expect(try errors("plan: test-plan\nindicators:\n  - {id: a, id: b}\nplan: x\n") == [
            "content/indicators/a.yaml:3:13: error: duplicate key 'id': each key may appear once in a mapping",
            "content/indicators/a.yaml:4:1: error: duplicate key 'plan': each key may appear once in a mapping",
        ])
    }

    /// Past 16 keys the reader keeps a set of them: still found, at its place.
    @Test func duplicateKeyInALongMapping() throws {
        var keys = (0..<40).map { "  k\($0): \($0)" }
        keys.insert("  k3: again", at: 30)
        let yaml = "plan: test-plan\nindicators: []\nextra:\n" + keys.joined(separator: "\n") + "\n"
        #expect(try errors(yaml) == ["content/indicators/a.yaml:34:3: error: duplicate key 'k3': each key may appear once in a mapping"])
    }

    /// Keys compare as texts do: the same letters written with a combining
    /// accent or precomposed are one key (and an ASCII key stays apart).
    @Test func canonicallyEquivalentKeysAreDuplicates() throws {
        let yaml = "plan: test-plan\nindicators: []\nextra:\n  caf\u{E9}: 1\n  cafe: 2\n  cafe\u{301}: 3\n"
        #expect(try errors(yaml) == ["content/indicators/a.yaml:6:3: error: duplicate key 'cafe\u{301}': each key may appear once in a mapping"])
    }

    @Test func deepBlockNestingIsRefused() throws {
        let levels = (0..<70).map { String(repeating: "  ", count: $0 + 1) + "k\($0):" }
        let yaml = "plan: test-plan\nindicators:\n" + levels.joined(separator: "\n") + "\n" + String(repeating: "  ", count: 71) + "x\n"
        #expect(try errors(yaml) == ["content/indicators/a.yaml:66:1: error: YAML is nested more than 64 levels deep here"])
    }

    @Test func secondDocumentIsRefused() throws {
        #expect(try errors("plan: test-plan\n---\nplan: y\n") == [
            "content/indicators/a.yaml:2:1: error: a second YAML document starts here: a file holds one; remove this '---' line (or move what follows to a file of its own)"])
    }

    @Test func syntaxErrorGivesPlainWordsAndPlaces() throws {
        #expect(try errors("plan: test-plan\nindicators: [a, b\n") == [
            "content/indicators/a.yaml:3:1: error: a list in [ ] is not closed: separate its items with ', ' and end it with ']' (in the list that starts at line 2)"])
    }

    /// Front matter starts on line 2 of its file: positions and the context line say so.
    @Test func frontMatterPositionsCountFromTheFile() throws {
        let plan = "---\ntitle: t\nissuer: [i\n---\n"
        let site = try TestSite(files: ["content/plans/other.md": plan])
        #expect(site.errors() == [
            "content/plans/other.md:4:1: error: a list in [ ] is not closed: separate its items with ', ' and end it with ']' (in the list that starts at line 3)"])
    }
}
