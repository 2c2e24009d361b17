/// Who a verified token names: its tenant, application and object, and whether it speaks for a user. These
/// are looked up in the store on each use (or each recheck) to refuse a disabled or deleted subject.
struct TokenSubjectIDs: Sendable, Equatable {
    var tenant: String
    var appID: String
    var objectID: String
    var isUser: Bool
}
