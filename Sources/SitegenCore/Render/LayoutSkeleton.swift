import Foundation

/// The layout of every page at one depth, rendered once with stand-ins for
/// the three values that differ from page to page (`pageTitle`,
/// `canonical`, `content`), and split where they landed. Filling the
/// pieces gives the bytes Mustache would, without looking up the layout's
/// forty-odd tags again for each of tens of thousands of pages.
///
/// A layout that does anything to those values but print them (a
/// transform, a section whose output depends on the text) does not split
/// cleanly: rendered twice with different stand-ins, the two results must
/// be the same pieces around the stand-ins, or there is no skeleton and
/// every page is rendered in full.
struct LayoutSkeleton: Sendable {
    enum Slot: String, CaseIterable, Sendable { case pageTitle, canonical, content }

    /// `pieces.count == slots.count + 1`.
    let pieces: [String]
    let slots: [Slot]

    func fill(_ values: [Slot: String]) -> String {
        var out = pieces[0]
        for (k, slot) in slots.enumerated() {
            out += values[slot] ?? ""
            out += pieces[k + 1]
        }
        return out
    }

    /// Stand-in `n` for `slot`; the second is longer and not ASCII, so a
    /// layout that prints anything computed from the text is caught.
    private static func standIn(_ slot: Slot, _ n: Int) -> String {
        "\u{E000}sitegen:\(slot.rawValue):\(n)\(n == 1 ? "" : " 另一个更长的值 & <b>")\u{E001}"
    }

    /// `render` renders the layout with the given values in place of the slots.
    static func make(_ render: ([Slot: String]) -> String) -> LayoutSkeleton? {
        func values(_ n: Int) -> [Slot: String] {
            Dictionary(uniqueKeysWithValues: Slot.allCases.map { ($0, standIn($0, n)) })
        }
        let first = render(values(1))
        guard let skeleton = split(first) else { return nil }
        // The same pieces around other stand-ins, or the layout does more than print them.
        guard skeleton.fill(values(2)) == render(values(2)), !skeleton.pieces.joined().contains("\u{E000}") else { return nil }
        return skeleton
    }

    private static func split(_ text: String) -> LayoutSkeleton? {
        var pieces: [String] = []
        var slots: [Slot] = []
        var rest = Substring(text)
        while let open = rest.range(of: "\u{E000}sitegen:") {
            guard let close = rest[open.upperBound...].range(of: "\u{E001}") else { return nil }
            let token = rest[open.upperBound..<close.lowerBound]
            guard token.hasSuffix(":1"), let slot = Slot(rawValue: String(token.dropLast(2))) else { return nil }
            pieces.append(String(rest[..<open.lowerBound]))
            slots.append(slot)
            rest = rest[close.upperBound...]
        }
        pieces.append(String(rest))
        return LayoutSkeleton(pieces: pieces, slots: slots)
    }
}

/// Skeletons by page depth, made on first use from any thread.
final class LayoutSkeletons: @unchecked Sendable {
    private let lock = NSLock()
    private var byRoot: [String: LayoutSkeleton?] = [:]

    func skeleton(root: String, make: () -> LayoutSkeleton?) -> LayoutSkeleton? {
        if let known = lock.withLock({ byRoot[root] }) { return known }
        let made = make()
        lock.withLock { byRoot[root] = made }
        return made
    }
}
