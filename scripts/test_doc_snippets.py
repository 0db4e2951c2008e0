import os
import tempfile
import unittest

import doc_snippets


def course(pages, files=None):
    """A temporary course root with Docs pages (and other files) as given."""
    root = tempfile.mkdtemp()
    for path, text in {**pages, **(files or {})}.items():
        os.makedirs(os.path.dirname(os.path.join(root, path)) or root, exist_ok=True)
        with open(os.path.join(root, path), "w", encoding="utf-8") as handle:
            handle.write(text)
    return root


class GenerateTests(unittest.TestCase):
    def test_a_block_becomes_a_function_with_its_context_and_imports_on_top(self):
        page = ("Text.\n\n<!-- snippet: import Quantization; let x = Tensor.randn([2, 4]) -->\n"
                "```swift\nlet y = x.relu()\nprint(y)\n```\n")
        files, problems = doc_snippets.generate(course({"Docs/M01.md": page}))
        self.assertEqual(problems, [])
        code = files["M01.swift"]
        self.assertIn("import Quantization\n", code.split("// Docs/M01.md")[0])
        self.assertIn("func snippet_M01_1() async throws {\n    let x = Tensor.randn([2, 4])\n    let y = x.relu()\n"
                      "    print(y)\n}\n", code)

    def test_a_placeholder_wraps_an_indented_block(self):
        page = ("1. A list item:\n   <!-- snippet: func stub() throws -> Tensor { {{snippet}} } -->\n"
                "   ```swift\n   throw ExerciseError.notImplemented(id: \"M01-E03\", title: \"t\", doc: \"d\")\n   ```\n")
        files, problems = doc_snippets.generate(course({"Docs/Students.md": page}))
        self.assertEqual(problems, [])
        self.assertIn("    func stub() throws -> Tensor {\n        throw ExerciseError.notImplemented(id: \"M01-E03\", "
                      "title: \"t\", doc: \"d\")\n    }\n", files["Students.swift"])

    def test_the_same_block_on_two_pages_is_compiled_once(self):
        block = "```swift\nlet model = LeNet5()\n```\n"
        files, _ = doc_snippets.generate(course({"Docs/M02.md": block, "Docs/zh/M02.md": "中文。\n\n" + block}))
        self.assertIn("M02.swift", files)
        self.assertNotIn("zh_M02.swift", files)

    def test_an_excerpt_must_be_in_its_file(self):
        source = "import DeepLearning\n\nfunc f() -> Int {\n    // BEGIN SOLUTION\n    1\n    // END SOLUTION\n}\n"
        good = "<!-- snippet: excerpt of Lessons/f.swift -->\n```swift\nfunc f() -> Int {\n    // BEGIN SOLUTION\n    1\n```\n"
        bad = good.replace("    1\n", "    2\n")
        files, problems = doc_snippets.generate(course({"Docs/A.md": good}, {"Lessons/f.swift": source}))
        self.assertEqual(problems, [])
        self.assertNotIn("A.swift", files)
        _, problems = doc_snippets.generate(course({"Docs/A.md": bad}, {"Lessons/f.swift": source}))
        self.assertEqual(len(problems), 1)
        self.assertIn("not in Lessons/f.swift", problems[0])
        _, problems = doc_snippets.generate(course({"Docs/A.md": good}))
        self.assertIn("does not exist", problems[0])


class ContainsTests(unittest.TestCase):
    def test_indentation_aside_lines_must_match_in_order(self):
        haystack = ["struct S {", "    func f() {", "        g()", "    }", "}"]
        self.assertTrue(doc_snippets.contains(haystack, ["func f() {", "    g()", "}"]))
        self.assertFalse(doc_snippets.contains(haystack, ["func f() {", "g()", "}"]))
        self.assertFalse(doc_snippets.contains(haystack, ["func f() {", "    h()"]))


if __name__ == "__main__":
    unittest.main()
