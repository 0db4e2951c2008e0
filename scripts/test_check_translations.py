#!/usr/bin/env python3
"""Tests of check_translations.py: each kind of drift is reported, agreeing pages are not.

Run: python3 -m unittest discover -s scripts -p 'test_*.py'
"""

import os
import tempfile
import unittest

import check_translations as ct

ENGLISH = """[中文](zh/M09.md)

# M09 · Example lesson

```sh
swift run M09 --section 2
```

## 1. Backpropagation (反向传播)

The loss fell to 0.45 on 1,000 images (`swift test --filter M09_E01`).

![Loss curve](figures/M09/loss.png)

<a id="m09-e01"></a>
### M09-E01 · Chain rule (3 points)
"""

CHINESE = """[English](../M09.md)

# M09 · 示例课程 <a id="m09--example-lesson"></a>

```sh
swift run M09 --section 2
```

## 1. 反向传播 (backpropagation) <a id="1-backpropagation-反向传播"></a>

在 1,000 张图像上损失降到 0.45(`swift test --filter M09_E01`)。

![损失曲线](../figures/M09/loss.png)

<a id="m09-e01"></a>
### M09-E01 · 链式法则(3 分) <a id="m09-e01--chain-rule-3-points"></a>
"""

README_EN = "[中文](README.zh-CN.md)\n\n# Course\n"
README_ZH = "[English](README.md)\n\n# 课程 <a id=\"course\"></a>\n"


class CheckTranslationsTests(unittest.TestCase):
    def course(self, english=ENGLISH, chinese=CHINESE, extra=None):
        """A temporary course with one lesson page in both editions; returns the report."""
        root = tempfile.mkdtemp()
        os.makedirs(os.path.join(root, "Docs", "zh"))
        files = {"README.md": README_EN, "README.zh-CN.md": README_ZH,
                 "Docs/M09.md": english, "Docs/zh/M09.md": chinese}
        files.update(extra or {})
        for path, text in files.items():
            if text is None:
                continue
            with open(os.path.join(root, path), "w", encoding="utf-8") as f:
                f.write(text)
        return ct.check(root)

    def assertReports(self, report, fragment):
        self.assertTrue(any(fragment in line for line in report), f"{fragment!r} not in {report}")

    def test_agreeing_pages_have_no_report(self):
        self.assertEqual(self.course(), [])

    def test_a_page_without_its_chinese_counterpart_is_named(self):
        report = self.course(extra={"Docs/Serving.md": "# Serving\n"})
        self.assertEqual(report, ["Docs/Serving.md: no Chinese page Docs/zh/Serving.md (translate it, see Docs/zh/Glossary.md)"])

    def test_a_chinese_page_without_english_is_named(self):
        report = self.course(extra={"Docs/zh/Old.md": "# 旧页面\n"})
        self.assertReports(report, "Docs/zh/Old.md: no English page Docs/Old.md")

    def test_a_heading_without_the_english_anchor_is_caught(self):
        chinese = CHINESE.replace(' <a id="1-backpropagation-反向传播"></a>', "")
        self.assertReports(self.course(chinese=chinese), "section 2: English has ## #1-backpropagation-反向传播, Chinese has ## (no anchor)")

    def test_a_changed_english_heading_is_caught(self):
        english = ENGLISH.replace("## 1. Backpropagation", "## 1. Backward pass")
        self.assertReports(self.course(english=english), "English has ## #1-backward-pass-反向传播")

    def test_an_exercise_id_and_its_anchor_missing_are_caught(self):
        chinese = CHINESE.replace('<a id="m09-e01"></a>\n', "").replace("M09-E01 · ", "M09-E02 · ")
        report = self.course(chinese=chinese)
        self.assertReports(report, "anchors only in the English page: m09-e01")
        self.assertReports(report, "exercise ids only in the Chinese page: M09-E02")

    def test_a_missing_figure_is_caught(self):
        chinese = CHINESE.replace("../figures/M09/loss.png", "../figures/M09/old_loss.png")
        report = self.course(chinese=chinese)
        self.assertReports(report, "figures only in the English page: Docs/figures/M09/loss.png")
        self.assertReports(report, "figures only in the Chinese page: Docs/figures/M09/old_loss.png")

    def test_a_changed_measured_number_is_caught(self):
        english = ENGLISH.replace("0.45", "0.43")
        self.assertReports(self.course(english=english), "numbers only in the English page: 0.43")

    def test_thousands_separators_do_not_count(self):
        chinese = CHINESE.replace("1,000", "1000")
        self.assertEqual(self.course(chinese=chinese), [])

    def test_a_changed_command_is_caught(self):
        english = ENGLISH.replace("swift run M09 --section 2", "swift run M09 --section 3")
        self.assertReports(self.course(english=english), "code block only in the English page: 'swift run M09 --section 3'")
        english = ENGLISH.replace("--filter M09_E01`", "--filter M09Tests`")
        self.assertReports(self.course(english=english), "inline code only in the English page: swift test --filter M09Tests")

    def test_missing_language_links_are_caught(self):
        report = self.course(english=ENGLISH.replace("[中文](zh/M09.md)", ""),
                             chinese=CHINESE.replace("[English](../M09.md)", ""))
        self.assertReports(report, "the English page does not link to Docs/zh/M09.md")
        self.assertReports(report, "the Chinese page does not link to Docs/M09.md")

    def test_list_continuations_are_prose_and_formulas_in_lists_are_code(self):
        page = ct.Page("Docs/X.md", "1. Step one,\n\n    explained further.\n- A cost:\n\n      C = a + b\n\nSo:\n\n    y = f(x)\n")
        self.assertEqual(sorted(page.code_blocks), ["C = a + b", "y = f(x)"])
        self.assertIn("    explained further.", page.prose_lines)

    def test_github_slugs(self):
        seen = {}
        self.assertEqual(ct.github_slug("M01 · Deep-learning foundations (深度学习基础)", seen),
                         "m01--deep-learning-foundations-深度学习基础")
        self.assertEqual(ct.github_slug("The tensor engine (`Sources/Tensors`)", seen), "the-tensor-engine-sourcestensors")
        self.assertEqual(ct.github_slug("Notes", seen), "notes")
        self.assertEqual(ct.github_slug("Notes", seen), "notes-1")

    def test_this_repository_agrees(self):
        root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
        self.assertEqual(ct.check(root), [])


if __name__ == "__main__":
    unittest.main()
