// Text: the NLP part of the library.
//
// - `Vocabulary`: tokens <-> ids with special tokens, saved as JSON.
// - Tokenizers: `CharacterTokenizer`, `WordTokenizer`, `BytePairEncoding` (BPE),
//   `BertPreTokenizer` + `WordPiece`.
// - `padBatch`, `lengthBuckets`: batching variable-length sequences.
// - `greedyDecode`, `beamSearch`: decoding over any model's step function.
// - Metrics: `accuracy`, `EntityScores` (seqeval), `BLEU` (sacreBLEU).
// - Corpora: `Corpus.devilsDictionary()` (shipped, public domain) and seeded
//   generators: `AnalogyCorpus`, `NERCorpus`, `ToyTranslation`, `SequenceTask`.
// - Formats: `CoNLL`, `ParallelTSV`.
import Tensors
