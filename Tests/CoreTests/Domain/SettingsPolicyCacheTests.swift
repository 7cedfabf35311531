import Testing
@testable import Core

/// The attachment policy is parsed once per set of values: it must follow every change
/// of `values`, and its sorted extension list must match the set.
@Suite struct SettingsPolicyCacheTests {
    @Test func policyFollowsChangedValues() {
        var settings = Settings(values: ["attachment_extensions": "ZIP pdf", "attachment_max_files": "2"])
        #expect(settings.attachmentPolicy.extensionList == "pdf, zip")
        #expect(settings.attachmentPolicy.maxFiles == 2)
        settings.values["attachment_extensions"] = "txt"
        settings.values["attachment_max_files"] = "7"
        #expect(settings.attachmentPolicy.extensions == ["txt"])
        #expect(settings.attachmentPolicy.extensionList == "txt")
        #expect(settings.attachmentPolicy.maxFiles == 7)
        #expect(!settings.attachmentPolicy.allows(filename: "a.pdf"))
    }

    @Test func defaultsGiveTheSortedList() {
        let policy = Settings().attachmentPolicy
        #expect(policy.extensionList == policy.extensions.sorted().joined(separator: ", "))
        #expect(policy.maxBytes == 10_485_760)
        var changed = policy
        changed.extensions = ["b", "a"]
        #expect(changed.extensionList == "a, b")
    }
}
