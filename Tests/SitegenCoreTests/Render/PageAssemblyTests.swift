import Testing
@testable import SitegenCore

/// The per-page steps of putting a page together for its template: its
/// folder depth, its skeleton's pieces written from one array, its texts
/// told apart once.
struct PageAssemblyTests {
    /// A path's depth counts its parts as splitting it on slashes would:
    /// empty parts (a leading, trailing or doubled slash) not counted.
    @Test(arguments: ["index.html", "plans/index.html", "indicators/a-1/index.html", "a/b/c/d.html",
                      "/a/b.html", "a//b.html", "a/b/", "//x", "文/件.html"])
    func aPathsDepthIsItsPartsLessOne(path: String) {
        #expect(SiteRenderer.depth(path) == path.split(separator: "/").count - 1)
    }

    /// Filling a skeleton's pieces into bytes, told each slot by its
    /// place, gives what filling it as a string does: empty pieces,
    /// pieces that are not ASCII, a skeleton with no slot.
    @Test func skeletonPiecesWrittenAsBytesAreItsText() {
        let skeletons = [
            TemplateSkeleton(pieces: ["<p>", "", "文字 &amp;", "</p>\n"], slots: ["a", "b", "c"]),
            TemplateSkeleton(pieces: ["", ""], slots: ["a"]),
            TemplateSkeleton(pieces: ["只有一段"], slots: []),
        ]
        let values = ["a": "一", "b": "<b>2</b>", "c": ""]
        for skeleton in skeletons {
            var out = TextBuffer(capacity: 0)
            var seen: [Int] = []
            skeleton.fill(into: &out, slotAt: { k, out in
                seen.append(k)
                out.raw(values[skeleton.slots[k]] ?? "")
            })
            #expect(out.string == skeleton.fill(values))
            #expect(seen == Array(skeleton.slots.indices))
            #expect(skeleton.piecesLength == skeleton.pieces.reduce(0) { $0 + $1.utf8.count })
        }
    }

    /// A view's text told apart once: bytes, a string (its length in
    /// UTF-8 bytes, which the page's buffer is made for) or nothing.
    @Test func aViewTextIsToldApartOnce() {
        let values: [(Any?, Int, String)] = [("文a", 4, "文a"), (ByteText("<b>文</b>"), 10, "<b>文</b>"), ("", 0, ""),
                                             ([["x": "y"]], 0, ""), (true, 0, ""), (nil, 0, "")]
        for (value, count, text) in values {
            let viewText = ViewText(value)
            var out = TextBuffer(capacity: 0)
            out.append(viewText)
            #expect(viewText.count == count && out.string == text)
        }
        if case .bytes = ViewText(ByteText("x")) {} else { Issue.record("bytes not told as bytes") }
        if case .string = ViewText("x") {} else { Issue.record("a string not told as a string") }
    }
}
