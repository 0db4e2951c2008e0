import unittest

import lesson_output


class CompareTests(unittest.TestCase):
    printed = [
        "3. Optimizers (优化器)",
        "  SGD lr 0.05        0.1431     95.8%",
        "progress line",
        "  Adam lr 1e-3       0.0869     97.0%",
        "  W1   1.3e-17   relative error 9.1e-11",
        "Word2Vec, 1500 steps (2.7 s): loss 3.3731 → 1.6966",
    ]

    def test_words_must_match_and_numbers_may_move_a_little(self):
        quoted = ["3. Optimizers (优化器)", "  SGD lr 0.05        0.1426     95.6%", "  ...", "  W1   1.0e-17   relative error 8.3e-11"]
        found, problems = lesson_output.compare(quoted, self.printed)
        self.assertEqual(problems, [])
        self.assertEqual(found, [self.printed[0], self.printed[1], None, self.printed[4]])

    def test_durations_are_not_compared(self):
        found, problems = lesson_output.compare(["Word2Vec, 1500 steps (1.4 s): loss 3.3731 → 1.6966"], self.printed)
        self.assertEqual(problems, [])

    def test_a_number_that_moved_too_far_is_reported(self):
        _, problems = lesson_output.compare(["  SGD lr 0.05        0.1426     93.1%"], self.printed)
        self.assertEqual(len(problems), 1)
        self.assertIn("numbers differ", problems[0])

    def test_a_line_the_lesson_does_not_print_is_reported(self):
        _, problems = lesson_output.compare(["  SGD, Nesterov lr 0.05   0.1426     95.6%", "  Nesterov  0.1  96.0%"], self.printed)
        self.assertEqual(len(problems), 2)
        self.assertIn("does not print", problems[1])

    def test_order_matters(self):
        _, problems = lesson_output.compare(["  Adam lr 1e-3       0.0869     97.0%", "3. Optimizers (优化器)"], self.printed)
        self.assertEqual(len(problems), 1)

    def test_round_off_stays_round_off(self):
        self.assertTrue(lesson_output.close("1.1e-06", "8.2e-07"))
        self.assertFalse(lesson_output.close("1.0e-17", "0.02"))

    def test_tolerance_follows_the_printed_precision(self):
        self.assertTrue(lesson_output.close("95.6", "96.5"))  # ten tenths of a point
        self.assertFalse(lesson_output.close("95.6", "93.1"))
        self.assertTrue(lesson_output.close("0.1426", "0.1451"))  # 2 %
        self.assertFalse(lesson_output.close("0.1426", "0.1526"))
        self.assertFalse(lesson_output.close("4", "2"))  # counts are exact when small

    def test_progress_bars_keep_their_last_drawing(self):
        self.assertEqual(lesson_output.output_lines("epoch 1 [=>  ]\repoch 1 [===]\ndone"), ["epoch 1 [===]", "done"])


class PageTests(unittest.TestCase):
    def test_every_text_block_is_a_quote(self):
        page = "# M09\n\nprose\n\n```text\nline one\nline two\n```\n\n```swift\ncode\n```\n\n```text\nother\n```\n"
        lines, blocks = lesson_output.quoted_blocks(page)
        self.assertEqual([lines[start:end] for start, end in blocks], [["line one", "line two"], ["other"]])

    def test_an_unclosed_block_is_an_error(self):
        with self.assertRaises(ValueError):
            lesson_output.quoted_blocks("# M09\n```text\nx\n")

    def test_generated_text_in_quotes_is_not_compared(self):
        _, problems = lesson_output.compare(['  sample at 0.5: "the devil is a ..."'], ['  sample at 0.5: "the devil was hig of chand"'])
        self.assertEqual(problems, [])

    def test_update_keeps_the_pages_abridged_text(self):
        self.assertEqual(lesson_output.keeping_quotes('  step 400 loss 2.8330: "the ..."', '  step 400 loss 2.8331: "the devil"'), '  step 400 loss 2.8331: "the ..."')


if __name__ == "__main__":
    unittest.main()
