// Standard library and the C library's getenv only: the sample course in
// Tests/WorkbookTests/SampleCourse links to this file beside ExerciseError.swift.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#elseif canImport(ucrt)
import ucrt
#endif

/// The language of what a student or an instructor reads: the hint of an
/// unfinished exercise, a failed check, a skipped lesson step, grading feedback.
public enum CourseLanguage: String, Sendable, CaseIterable {
    case english = "en"
    case chinese = "zh"

    /// The language a locale name asks for: `zh_CN.UTF-8`, `zh-Hans`, `zh` are
    /// Chinese; other names (`en_US.UTF-8`, `C`, `POSIX`) English; empty is no choice.
    public init?(localeName: String) {
        guard !localeName.isEmpty else { return nil }
        let lower = localeName.lowercased()
        self = lower == "zh" || lower.hasPrefix("zh_") || lower.hasPrefix("zh-") || lower.hasPrefix("zh.") ? .chinese : .english
    }

    /// `COURSE_LANG` first, then the POSIX locale variables in their order of
    /// precedence (`LC_ALL`, `LC_MESSAGES`, `LANG`); English when none is set.
    public static func chosen(by environment: (String) -> String?) -> CourseLanguage {
        for name in ["COURSE_LANG", "LC_ALL", "LC_MESSAGES", "LANG"] {
            if let value = environment(name), let language = CourseLanguage(localeName: value) { return language }
        }
        return .english
    }

    /// Set by a `--lang` option or a test for the code it runs; nil lets the environment decide.
    @TaskLocal public static var override: CourseLanguage?

    /// The language messages are written in now.
    public static var current: CourseLanguage {
        override ?? chosen { name in getenv(name).map { String(cString: $0) } }
    }
}

/// Every sentence of the course that a student or an instructor reads, in
/// each `CourseLanguage`. The English sentences are the ones the docs quote;
/// the Chinese hint keeps "is not implemented yet" so that the grader, which
/// looks for those words, counts the exercise as not started in either language.
public struct Messages: Sendable {
    public let language: CourseLanguage

    public init(_ language: CourseLanguage = .current) { self.language = language }

    private func say(_ english: String, _ chinese: @autoclosure () -> String) -> String {
        language == .chinese ? chinese() : english
    }

    /// `Docs/M01.md#m01-e03` in Chinese is `Docs/zh/M01.md#m01-e03`: the editions share their anchors.
    public func docPath(_ doc: String) -> String {
        guard language == .chinese, doc.hasPrefix("Docs/"), !doc.hasPrefix("Docs/zh/") else { return doc }
        return "Docs/zh/" + doc.dropFirst("Docs/".count)
    }

    /// `english` or `chinese`, for a lesson's own text: `words.text("Training loss", zh: "训练损失")`.
    public func text(_ english: String, zh chinese: String) -> String { say(english, chinese) }

    // MARK: Exercises and lessons

    public func notImplemented(id: String, title: String, doc: String) -> String {
        say(
            "\(id) \(title) \(ExerciseError.notImplementedPhrase), see \(doc)",
            "\(id) \(title) 尚未实现（\(ExerciseError.notImplementedPhrase)），参见 \(docPath(doc))")
    }

    /// An exercise's test whose code called the library's own answer to it.
    public func twinCalled(exercise: String, function: String, times: Int) -> String {
        say(
            "\(exercise) asks you to write this yourself, but your code called the library's \(function) (\(times) call\(times == 1 ? "" : "s") in this test)",
            "\(exercise) 要求你自己实现，但你的代码调用了库里现成的 \(function)（本测试中调用了 \(times) 次）")
    }

    /// A lesson step left out because the exercise it calls threw.
    public func skipped(id: String, reason: String) -> String {
        say("  [\(id)] skipped: \(reason)", "  [\(id)] 已跳过：\(reason)")
    }

    // MARK: Checks

    public func countMismatch(_ what: String, expected: Int, shape: [Int], got: Int) -> String {
        say(
            "\(what): expected \(expected) elements (shape \(shape)), got \(got)",
            "\(what)：应有 \(expected) 个元素（形状 \(shape)），实际为 \(got) 个")
    }

    public func shapeMismatch(_ what: String, expected: [Int], got: [Int]) -> String {
        say("\(what): expected shape \(expected), got \(got)", "\(what)：形状应为 \(expected)，实际为 \(got)")
    }

    /// `ratio` is got/expected, nil where expected is 0.
    public func valuesDiffer(
        _ what: String, mismatches: Int, count: Int, rtol: String, atol: String,
        at index: String, expected: String, got: String, ratio: String?, relativeError: String
    ) -> String {
        say(
            "\(what): \(mismatches) of \(count) elements differ (rtol \(rtol), atol \(atol)); "
                + "first at \(index): expected \(expected), got \(got) (\(ratio.map { "got/expected \($0), " } ?? "")relative error \(relativeError))",
            "\(what)：\(count) 个元素中有 \(mismatches) 个不一致（rtol \(rtol)，atol \(atol)）；"
                + "第一个位于 \(index)：应为 \(expected)，实际为 \(got)（\(ratio.map { "实际/应为 \($0)，" } ?? "")相对误差 \(relativeError)）")
    }

    public func itemsDiffer(_ what: String, wrong: Int, count: Int, at index: String, expected: String, got: String) -> String {
        say(
            "\(what): \(wrong) of \(count) items differ; first at \(index): expected \(expected), got \(got)",
            "\(what)：\(count) 项中有 \(wrong) 项不同；第一个位于 \(index)：应为 \(expected)，实际为 \(got)")
    }

    public func noGradient(_ what: String) -> String {
        say(
            "\(what): f(x) does not depend on x (no gradient reached it)",
            "\(what)：f(x) 不依赖于 x（没有梯度传到 x）")
    }

    public func gradientShape(_ what: String, gradient: [Int], x: [Int]) -> String {
        say(
            "\(what): the gradient has shape \(gradient), x has shape \(x)",
            "\(what)：梯度的形状为 \(gradient)，而 x 的形状为 \(x)")
    }

    public func gradientMismatch(
        _ what: String, error: String, tolerance: String, at index: String,
        analytic: String, numerical: String
    ) -> String {
        say(
            "\(what): relative error \(error) exceeds \(tolerance); worst at \(index): analytic \(analytic), numerical \(numerical)",
            "\(what)：相对误差 \(error) 超过了 \(tolerance)；最差的元素位于 \(index)：解析梯度 \(analytic)，数值梯度 \(numerical)")
    }

    public func belowThreshold(_ what: String, value: String, threshold: String) -> String {
        say("\(what) \(value) is below the required \(threshold)", "\(what) 为 \(value)，低于要求的 \(threshold)")
    }

    public func aboveThreshold(_ what: String, value: String, threshold: String) -> String {
        say("\(what) \(value) is above the allowed \(threshold)", "\(what) 为 \(value)，高于允许的 \(threshold)")
    }

    // MARK: The grader's checker (hidden checks: what was checked and by how much it missed)

    public var testDidNotRun: String {
        say("did not run (the test process stopped or skipped it)", "没有运行（测试进程停止了，或跳过了它）")
    }

    public func checkNotComputed(_ what: String) -> String {
        say("\(what) was not computed (the test stopped before it)", "\(what) 没有被计算出来（测试在此之前就停止了）")
    }

    public func checkCount(expected: Int, got: Int) -> String {
        say("expected \(expected) values, got \(got)", "应有 \(expected) 个值，实际为 \(got) 个")
    }

    public func checkWrongItems(_ wrong: Int, of count: Int) -> String {
        say("\(wrong) of \(count) items differ from the reference", "\(count) 项中有 \(wrong) 项与参考答案不同")
    }

    public func checkValuesMiss(_ wrong: Int, of count: Int, worst: String, rtol: String, atol: String) -> String {
        say(
            "\(wrong) of \(count) values differ from the reference; the largest difference is \(worst) (allowed: atol \(atol) + rtol \(rtol) × |reference|)",
            "\(count) 个值中有 \(wrong) 个与参考答案不一致；最大差为 \(worst)（允许：atol \(atol) + rtol \(rtol) × |参考值|）")
    }

    public func checkRelativeError(_ error: String, allowed: String) -> String {
        say("relative error \(error) from the reference, allowed \(allowed)", "与参考答案的相对误差为 \(error)，允许 \(allowed)")
    }

    public func checkThreshold(value: String, threshold: String, atLeast: Bool) -> String {
        atLeast
            ? say("\(value) is below the required \(threshold)", "\(value) 低于要求的 \(threshold)")
            : say("\(value) is above the allowed \(threshold)", "\(value) 高于允许的 \(threshold)")
    }

    // MARK: Grading feedback

    public func feedbackTitle(student: String) -> String {
        say("# Feedback for \(student)", "# \(student) 的评分反馈")
    }

    public func feedbackTotal(score: String, maxScore: String) -> String {
        say("Total: **\(score) / \(maxScore)** points.", "总分：**\(score) / \(maxScore)** 分。")
    }

    public var notesHeading: String { say("## Notes", "## 说明") }
    public var exerciseTableHeader: String { say("| exercise | points | status |", "| 练习 | 分数 | 状态 |") }

    public func readDoc(_ doc: String) -> String { say("Read: `\(doc)`", "阅读：`\(docPath(doc))`") }

    /// A grading status word (`passed`, `not started` ...) in this language; unknown words stay as they are.
    public func status(_ word: String) -> String {
        guard language == .chinese else { return word }
        let chinese = [
            "passed": "通过", "failed": "未通过", "not started": "未开始", "compile error": "编译错误",
            "timed out": "超时", "crashed": "崩溃", "no tests": "没有测试", "did not finish": "未完成",
        ]
        return chinese[word] ?? word
    }

    /// `test` or `hidden test`.
    public func testKind(hidden: Bool) -> String {
        hidden ? say("hidden test", "隐藏测试") : say("test", "测试")
    }
}
