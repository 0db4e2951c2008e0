#!/usr/bin/env python3
"""Reference word boundaries for P07's whole-word masking, computed with jieba 0.42.1.

Run with the shared reference environment:

    pip install jieba==0.42.1
    /tmp/refenv/bin/python scripts/p07_jieba_fixtures.py

Writes Tests/P07Tests/Fixtures/p07_jieba.json. CI never runs it.

For each sentence (written for this fixture, Chinese news style, Chinese punctuation
only), "words" is jieba.cut(sentence, HMM=False), the dictionary path without the HMM
that P07's WordSegmenter follows. So the test does not need jieba's 5 MB dictionary,
"dictionary" holds the count of every substring of the sentences that is a dictionary
word, and "total" the sum of all counts of jieba's dict.txt, which fixes each word's
probability.
"""
import json
import os

import jieba

SENTENCES = [
    "我来到北京清华大学",
    "国家主席江泽民在人民大会堂会见了联合国秘书长安南。",
    "新华社记者报道，上海浦东新区的建设取得了巨大成就。",
    "他说，中国人民解放军是一支人民的军队。",
    "研究生命的起源是一个古老的问题。",
    "这家公司的总部设在深圳，员工超过三千人。",
    "结婚的和尚未结婚的都来了。",
    "南京市长江大桥于一九六八年建成通车。",
    "王小明毕业于北京大学计算机系，现在在杭州工作。",
    "乒乓球拍卖完了，羽毛球拍还有。",
    "世界卫生组织发布了新的健康指南。",
    "欧洲联盟与东南亚国家联盟举行了会谈。",
]

jieba.initialize()
frequencies, total = jieba.dt.FREQ, jieba.dt.total
dictionary = {}
for sentence in SENTENCES:
    for i in range(len(sentence)):
        for j in range(i + 1, len(sentence) + 1):
            word = sentence[i:j]
            if frequencies.get(word):
                dictionary[word] = frequencies[word]
cases = [{"sentence": s, "words": list(jieba.cut(s, HMM=False))} for s in SENTENCES]
path = os.path.join(os.path.dirname(__file__), "..", "Tests", "P07Tests", "Fixtures", "p07_jieba.json")
with open(path, "w") as f:
    json.dump({"jieba_version": jieba.__version__, "total": total, "dictionary": dictionary, "cases": cases}, f,
              ensure_ascii=False, sort_keys=True)
print(f"wrote {len(cases)} sentences, {len(dictionary)} dictionary words to {os.path.normpath(path)}")
