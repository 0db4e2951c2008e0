// Text: the NLP part of the library.
//
// - `Vocabulary`: tokens <-> ids with special tokens, saved as JSON.
// - Tokenizers: `CharacterTokenizer`, `WordTokenizer`, `BytePairEncoding` (BPE),
//   `BertPreTokenizer` + `WordPiece`.
// - `padBatch`, `lengthBuckets`: batching variable-length sequences.
// - `batchedGreedyDecode`, `batchedBeamSearch`: decoding over an `IncrementalDecoder`
//   (over a plain step function, decoding is exercises M03-E09 and M03-E10).
// - Metrics: `accuracy`, `EntityScores` (seqeval), `BLEU` (sacreBLEU).
// - Corpora: `Corpus.devilsDictionary()` (shipped, public domain) and seeded
//   generators: `AnalogyCorpus`, `NERCorpus`, `ToyTranslation`, `SequenceTask`.
// - Formats: `CoNLL`, `ParallelTSV`.
import Tensors
