import PartnerCenterModels

/// A cart's order groups as its first checkout attempt planned them, each with its lines (add-ons inside their
/// parent). Kept with the checkout, so a retry places exactly the groups that failed, with exactly their lines,
/// whatever the catalog has become since: regrouping would shift the labels and could place a line twice, and
/// re-checking a line that was placed could leave the cart stuck for good.
public struct CheckoutGroups: Codable, Sendable, Equatable {
    /// One order group: its label (`OMS-0`, `"0"`, …) and its lines as evaluated then.
    public struct Group: Codable, Sendable, Equatable {
        public var label: String
        public var lines: [CartLineItem]

        public init(label: String, lines: [CartLineItem]) {
            self.label = label
            self.lines = lines
        }
    }

    /// In first-seen order, the order of the checkout result.
    public var groups: [Group]

    public init(groups: [Group]) { self.groups = groups }

    /// Groups evaluated lines by their `orderGroup`, in first-seen order.
    public init(grouping lines: [CartLineItem]) {
        var groups: [Group] = []
        for line in lines {
            let label = line.orderGroup ?? "0"
            if let index = groups.firstIndex(where: { $0.label == label }) {
                groups[index].lines.append(line)
            } else {
                groups.append(Group(label: label, lines: [line]))
            }
        }
        self.groups = groups
    }
}
