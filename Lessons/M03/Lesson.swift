// Lesson M03 · NLP foundations (自然语言处理基础).
// Run `swift run M03 --help` for the sections; the text is Docs/M03.md.
import Foundation
import Workbook

@main
enum M03Lesson {
    static func main() {
        exit(
            runLesson(
                id: "M03", title: "NLP foundations (自然语言处理基础)",
                sections: [
                    LessonSection("Word embeddings: Word2Vec, GloVe, FastText (词嵌入)", run: wordEmbeddings),
                    LessonSection("Recurrent networks: a character-level LSTM language model (循环神经网络)", run: recurrentNetworks),
                    LessonSection("Attention and the Transformer (注意力机制与 Transformer)", run: attentionSection),
                    LessonSection("Pre-training ideas: mini BERT, GPT and T5 (预训练模型)", run: pretraining),
                    LessonSection("Downstream tasks: classification, NER, translation (下游任务)", run: downstreamTasks),
                ]))
    }
}
