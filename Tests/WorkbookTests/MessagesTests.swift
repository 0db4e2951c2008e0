import Foundation
import Tensors
import Testing
@testable import CourseKit
@testable import Workbook

/// Runs a suite or a test with the messages in one language, whatever the
/// machine's `LANG`: `@Suite(.courseLanguage(.english))`.
struct CourseLanguageTrait: SuiteTrait, TestTrait, TestScoping {
    let language: CourseLanguage
    var isRecursive: Bool { true }

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        try await CourseLanguage.$override.withValue(language) { try await function() }
    }
}

extension Trait where Self == CourseLanguageTrait {
    static func courseLanguage(_ language: CourseLanguage) -> Self { CourseLanguageTrait(language: language) }
}

@Suite struct CourseLanguageTests {
    @Test func localeNamesChooseTheLanguage() {
        #expect(CourseLanguage(localeName: "zh_CN.UTF-8") == .chinese)
        #expect(CourseLanguage(localeName: "zh_TW") == .chinese)
        #expect(CourseLanguage(localeName: "zh-Hans") == .chinese)
        #expect(CourseLanguage(localeName: "zh") == .chinese)
        #expect(CourseLanguage(localeName: "en_US.UTF-8") == .english)
        #expect(CourseLanguage(localeName: "C.UTF-8") == .english)
        #expect(CourseLanguage(localeName: "zu_ZA") == .english)
        #expect(CourseLanguage(localeName: "") == nil)
    }

    @Test func courseLangComesBeforeThePosixVariablesInTheirOrder() {
        func chosen(_ environment: [String: String]) -> CourseLanguage { CourseLanguage.chosen { environment[$0] } }
        #expect(chosen([:]) == .english)
        #expect(chosen(["LANG": "zh_CN.UTF-8"]) == .chinese)
        #expect(chosen(["LANG": "zh_CN.UTF-8", "COURSE_LANG": "en"]) == .english)
        #expect(chosen(["LANG": "en_GB.UTF-8", "COURSE_LANG": "zh"]) == .chinese)
        #expect(chosen(["LANG": "zh_CN.UTF-8", "LC_ALL": "C"]) == .english)
        #expect(chosen(["LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"]) == .chinese)
        #expect(chosen(["LANG": "zh_CN.UTF-8", "LC_ALL": ""]) == .chinese)
    }

    @Test func anOverrideWinsOverTheEnvironment() {
        CourseLanguage.$override.withValue(.chinese) { #expect(CourseLanguage.current == .chinese) }
        CourseLanguage.$override.withValue(.english) { #expect(CourseLanguage.current == .english) }
    }
}

@Suite(.courseLanguage(.chinese)) struct ChineseMessagesTests {
    @Test func theStubPointsToTheChinesePageAndKeepsTheGradersWords() {
        let error = ExerciseError.notImplemented(id: "M01-E03", title: "softmax backward", doc: "Docs/M01.md#m01-e03")
        #expect(error.description == "M01-E03 softmax backward 尚未实现（is not implemented yet），参见 Docs/zh/M01.md#m01-e03")
        // The grader counts an exercise as not started by these words, in either language.
        #expect(error.description.contains(ExerciseError.notImplementedPhrase))
    }

    @Test func docPathsMoveToTheChineseEditionOnce() {
        let words = Messages(.chinese)
        #expect(words.docPath("Docs/P03.md#p03-e01") == "Docs/zh/P03.md#p03-e01")
        #expect(words.docPath("Docs/zh/M01.md") == "Docs/zh/M01.md")
        #expect(words.docPath("Projects/P03/README.md") == "Projects/P03/README.md")
        #expect(Messages(.english).docPath("Docs/M01.md") == "Docs/M01.md")
    }

    @Test func failedChecksExplainThemselvesInChinese() throws {
        let expected = Tensor([1, 2, 3, 4, 5, 6], shape: [2, 3], dtype: .float64)
        let got = Tensor([1, 2, 3, 4, 5.5, 7], shape: [2, 3], dtype: .float64)
        #expect(throws: CheckFailure("logits：6 个元素中有 2 个不一致（rtol 1e-05，atol 1e-08）；第一个位于 [1, 1]：应为 5，实际为 5.5（实际/应为 1.1，相对误差 0.047619）")) {
            try checkClose(got, expected, "logits")
        }
        #expect(throws: CheckFailure("logits：形状应为 [2, 3]，实际为 [3, 2]")) { try checkClose(got.reshape([3, 2]), expected, "logits") }
        #expect(throws: CheckFailure("test accuracy 为 0.871，低于要求的 0.9")) { try checkAtLeast(0.871, 0.9, "test accuracy") }
        #expect(throws: CheckFailure("final loss 为 0.7，高于允许的 0.5")) { try checkAtMost(0.7, 0.5, "final loss") }
        let x = Tensor([1, 2, 3, 4], shape: [2, 2], dtype: .float64)
        let failure = try #require(throws: CheckFailure.self) {
            try checkGradient(of: { $0 * $0 }, at: x, analytic: Tensor([2, 4, 6, 9], shape: [2, 2], dtype: .float64), "square")
        }
        #expect(failure.message.hasPrefix("square：相对误差 0.0588"))
        #expect(failure.message.hasSuffix("最差的元素位于 [1, 1]：解析梯度 9，数值梯度 8"))
    }

    @Test func feedbackWordsAreChinese() {
        let words = Messages(.chinese)
        #expect(words.feedbackTitle(student: "alice") == "# alice 的评分反馈")
        #expect(words.feedbackTotal(score: "17", maxScore: "20") == "总分：**17 / 20** 分。")
        #expect(words.status("not started") == "未开始")
        #expect(words.status("compile error") == "编译错误")
        #expect(words.status("something new") == "something new")
        #expect(words.readDoc("Docs/M02.md#m02-e07") == "阅读：`Docs/zh/M02.md#m02-e07`")
        #expect(Messages(.english).status("not started") == "not started")
    }

    @Test func everyMessageDiffersBetweenTheLanguages() {
        let (en, zh) = (Messages(.english), Messages(.chinese))
        let pairs = [
            (en.skipped(id: "M01-E05", reason: "r"), zh.skipped(id: "M01-E05", reason: "r")),
            (en.countMismatch("x", expected: 3, shape: [3], got: 2), zh.countMismatch("x", expected: 3, shape: [3], got: 2)),
            (en.noGradient("f"), zh.noGradient("f")),
            (en.gradientShape("f", gradient: [2], x: [3]), zh.gradientShape("f", gradient: [2], x: [3])),
            (en.notesHeading, zh.notesHeading), (en.exerciseTableHeader, zh.exerciseTableHeader),
            (en.testKind(hidden: true), zh.testKind(hidden: true)), (en.testKind(hidden: false), zh.testKind(hidden: false)),
        ]
        for (english, chinese) in pairs { #expect(english != chinese) }
        #expect(zh.skipped(id: "M01-E05", reason: "r") == "  [M01-E05] 已跳过：r")
    }
}

@Suite struct LessonLanguageOptionTests {
    @Test func langOptionChoosesTheLanguageOfTheSections() {
        final class Seen: @unchecked Sendable { var language: CourseLanguage? }
        let seen = Seen()
        let section = LessonSection("records the language") { _ in seen.language = CourseLanguage.current }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("lesson-lang-\(UUID().uuidString)").path
        #expect(runLesson(id: "T01", title: "test", sections: [section], arguments: ["--lang", "zh", "--out", out]) == 0)
        #expect(seen.language == .chinese)
        #expect(runLesson(id: "T01", title: "test", sections: [section], arguments: ["--lang", "en", "--out", out]) == 0)
        #expect(seen.language == .english)
        #expect(runLesson(id: "T01", title: "test", sections: [section], arguments: ["--lang", "fr"]) == 64)
    }

    /// Sections chosen by number run in the lesson's order; a mistake runs nothing and exits 64 (EX_USAGE).
    @Test func sectionOptionRunsOnlyTheChosenSections() {
        final class Ran: @unchecked Sendable { var sections: [Int] = [] }
        let ran = Ran()
        let sections = (1...3).map { n in LessonSection("section \(n)") { _ in ran.sections.append(n) } }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("lesson-sections-\(UUID().uuidString)").path
        #expect(runLesson(id: "T02", title: "test", sections: sections, arguments: ["-s", "3", "--section", "1", "--out", out]) == 0)
        #expect(ran.sections == [1, 3])
        for wrong in [["--section", "4"], ["--section", "one"], ["--frobnicate"], ["extra"]] {
            #expect(runLesson(id: "T02", title: "test", sections: sections, arguments: wrong) == 64, "\(wrong)")
        }
        #expect(runLesson(id: "T02", title: "test", sections: sections, arguments: ["--list"]) == 0)
        #expect(runLesson(id: "T02", title: "test", sections: sections, arguments: ["--help"]) == 0)
        #expect(ran.sections == [1, 3], "mistakes, --list and --help run nothing")
    }
}
