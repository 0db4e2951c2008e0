import os
import tempfile
import unittest

import size_report


class CountFileTests(unittest.TestCase):
    def test_code_comment_and_blank_lines(self):
        text = "// a comment\n\nlet x = 1  // trailing\n/* block\n   still block */\nlet y = 2\n"
        with tempfile.NamedTemporaryFile("w", suffix=".swift", delete=False) as handle:
            handle.write(text)
        try:
            self.assertEqual(size_report.count_file(handle.name), (2, 3))
        finally:
            os.remove(handle.name)

    def test_table_totals_the_rows(self):
        rows = [("A", 2, 1000, 10, 0), ("B", 1, 5, 1, 7)]
        lines = size_report.table(rows, "en").splitlines()
        self.assertEqual(lines[-1], "| total | 3 | 1,005 | 11 | 7 |")


if __name__ == "__main__":
    unittest.main()
