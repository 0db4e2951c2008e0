// `import Workbook` brings the course's tools with it: the checks on plain numbers,
// messages, the exercise registry, release and grading (`CourseKit`, which the
// `course` grader links alone, without the numeric stack).
@_exported import CourseKit
