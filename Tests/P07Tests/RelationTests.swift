import DeepLearning
import Foundation
import Testing
@testable import P07

@Suite struct RelationDataTests {
    func scalars(_ text: String, _ m: EntityMention) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: Array(text.unicodeScalars)[m.start..<m.end])
        return String(view)
    }

    /// Every template of both languages has one subject and one object slot, and filling
    /// it puts the names exactly at the recorded code-point offsets.
    @Test func filledTemplatesPointAtTheirNames() {
        for language in ["en", "zh"] {
            let templates = RelationSchema.templates(language)
            #expect(templates.count == 100)
            for (i, template) in templates.enumerated() {
                let example = RelationDataBuilder.fill(template, index: i, subject: "Zoe\u{301} 👍🏽", object: "北京")
                #expect(scalars(example.text, example.subject) == "Zoe\u{301} 👍🏽", "\(language) template \(i)")
                #expect(scalars(example.text, example.object) == "北京", "\(language) template \(i)")
                #expect(!example.text.contains("{"), "\(language) template \(i)")
            }
        }
    }

    /// Dev and test use templates and names that training never sees.
    @Test func splitsShareNoTemplateAndNoName() throws {
        let names = EntityNames(names: ["PER": (0..<50).map { "P\($0)" }, "LOC": (0..<50).map { "L\($0)" }, "ORG": (0..<50).map { "O\($0)" }])
        let splits = try RelationDataBuilder(language: "en", names: names, trainPerTemplate: 5, evalPerTemplate: 3).build()
        let train = splits["train"]!, test = splits["test"]!, dev = splits["dev"]!
        #expect(train.count == 60 * 5 && dev.count == 20 * 3 && test.count == 20 * 3)
        #expect(Set(train.map(\.template)).isDisjoint(with: test.map(\.template)))
        #expect(Set(train.map(\.template)).isDisjoint(with: dev.map(\.template)))
        func used(_ examples: [RelationExample]) -> Set<String> {
            Set(examples.flatMap { [scalars($0.text, $0.subject), scalars($0.text, $0.object)] })
        }
        #expect(used(train).isDisjoint(with: used(test)))
        #expect(Set(test.map(\.relation)) == Set(RelationSchema.labels))
    }

    @Test func readingRefusesAnEntityOutsideItsText() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("p07-relations-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let good = RelationExample(
            text: "Ada works at Acme.", subject: EntityMention(type: "PER", start: 0, end: 3),
            object: EntityMention(type: "ORG", start: 13, end: 17), relation: "employee_of", template: 0)
        var bad = good
        bad.object.end = 40
        try RelationFiles.write([good], to: RelationFiles.url("dev", language: "en", in: root))
        #expect(try RelationFiles.read("dev", language: "en", in: root) == [good])
        try RelationFiles.write([good, bad], to: RelationFiles.url("test", language: "en", in: root))
        #expect(throws: P07Error.self) { try RelationFiles.read("test", language: "en", in: root) }
    }
}

@Suite struct RelationModelTests {
    static let example = RelationExample(
        text: "阿里巴巴由马云创办", subject: EntityMention(type: "ORG", start: 0, end: 4),
        object: EntityMention(type: "PER", start: 5, end: 7), relation: "founded_by", template: 0)

    func tinyModel() throws -> TrainedRelationModel {
        let table = try CharacterTable(texts: [Self.example.text])
        let config = chineseBertConfig(vocabulary: table.vocabulary.count, hidden: 16, layers: 1)
        Random.seed(3)
        let info = RelationModelInfo(language: "zh", labels: RelationSchema.labels, bert: config, encoding: "characters", initialization: "random")
        let model = RelationClassifier(encoder: BertModel(config), labels: 5)
        model.eval()
        return TrainedRelationModel(info: info, tokenizer: try RelationTokenizer(.characters(table), maxLength: 128), model: model)
    }

    /// `[CLS] [E1:ORG] 阿 里 巴 巴 [/E1] 由 [E2:PER] 马 云 [/E2] 创 办 [SEP]`, the start markers at 1 and 8.
    @Test func encodingPutsTheMarkersInPlace() throws {
        let trained = try tinyModel(), t = trained.tokenizer
        let encoded = try t.encode(Self.example)
        #expect(encoded.ids.count == 15 && encoded.subjectAt == 1 && encoded.objectAt == 8)
        #expect(encoded.ids[1] == t.markerIds["[E1:ORG]"] && encoded.ids[8] == t.markerIds["[E2:PER]"])
        #expect(encoded.ids[6] == t.markerIds["[/E1]"] && encoded.ids[11] == t.markerIds["[/E2]"])
        #expect(encoded.ids[2] == t.encoding.ids("阿").first)
    }

    /// The head reads exactly the two start markers' vectors, also when padding follows.
    @Test func classifierReadsTheStartMarkers() throws {
        let trained = try tinyModel()
        let encoded = try trained.tokenizer.encode(Self.example)
        let longer = (ids: encoded.ids + [encoded.ids[2], encoded.ids[3]], subjectAt: encoded.subjectAt, objectAt: encoded.objectAt)
        let logits = noGrad { trained.model.logits([encoded, longer]) }
        let expected = noGrad { () -> Tensor in
            let h = trained.model.encoder(inputIds: Tensor(ints: encoded.ids, shape: [1, encoded.ids.count])).lastHiddenState
            let pair = concat([h.slice(axis: 1, start: 1, end: 2), h.slice(axis: 1, start: 8, end: 9)], axis: 2).reshape([1, 32])
            return trained.model.head(pair)
        }
        let got = logits.doubles, want = expected.doubles
        #expect(zip(got.prefix(5), want).allSatisfy { abs($0 - $1) < 1e-5 }, "\(got) vs \(want)")
        #expect(!zip(got.suffix(5), want).allSatisfy { abs($0 - $1) < 1e-5 }, "the longer sentence reads other context")
    }

    @Test func savedModelPredictsTheSame() throws {
        let trained = try tinyModel()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("p07-relation-model-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try trained.save(to: folder)
        let loaded = try TrainedRelationModel.load(from: folder)
        #expect(loaded.info == trained.info)
        let a = noGrad { trained.model.logits([try! trained.tokenizer.encode(Self.example)]) }.doubles
        let b = noGrad { loaded.model.logits([try! loaded.tokenizer.encode(Self.example)]) }.doubles
        #expect(a == b)
    }
}

@Suite struct RelationTripleTests {
    /// With a head that ignores the text and prefers born_in, then no_relation, then the
    /// rest: PER→LOC pairs in one sentence become born_in (probability over no_relation and
    /// born_in only), PER→ORG pairs stay no_relation, pairs across sentences are never read.
    @Test func pairsAreClassifiedAmongTheLabelsTheirTypesAllow() throws {
        let text = "张三生于北京，任职于新华社。李四在上海。"
        let entities = [
            ExtractedEntity(type: "PER", text: "张三", start: 0, end: 2), ExtractedEntity(type: "LOC", text: "北京", start: 4, end: 6),
            ExtractedEntity(type: "ORG", text: "新华社", start: 10, end: 13), ExtractedEntity(type: "PER", text: "李四", start: 14, end: 16),
            ExtractedEntity(type: "LOC", text: "上海", start: 17, end: 19),
        ]
        let table = try CharacterTable(texts: [text])
        let config = chineseBertConfig(vocabulary: table.vocabulary.count, hidden: 16, layers: 1)
        let model = RelationClassifier(encoder: BertModel(config), labels: 5)
        model.eval()
        noGrad {
            model.head.weight.assign(Tensor.zeros(model.head.weight.shape))
            model.head.bias!.assign(Tensor([1, 0, 3, 0, 0] as [Float]))  // no_relation 1, employee_of 0, born_in 3
        }
        let trained = TrainedRelationModel(
            info: RelationModelInfo(
                language: "zh", labels: RelationSchema.labels, bert: config,
                encoding: "characters", initialization: "random"),
            tokenizer: try RelationTokenizer(.characters(table), maxLength: 128), model: model)
        let found = try trained.relations(in: Extraction(text: text, entities: entities))
        let p = exp(3.0) / (exp(3.0) + exp(1.0))
        #expect(found.map(\.subject) == [0, 3] && found.map(\.object) == [1, 4] && found.allSatisfy { $0.relation == "born_in" })
        #expect(found.allSatisfy { abs($0.probability - p) < 1e-6 })
        #expect(TrainedRelationModel.allowedLabels(subject: "LOC", object: "PER") == [0])
        #expect(TrainedRelationModel.sentenceSpans(Array("甲。乙！丙".unicodeScalars)) == [0..<2, 2..<4, 4..<5])
    }
}

@Suite struct EntityGraphTests {
    /// A name seen twice is one node; a relation found twice is one edge.
    @Test func namesAndRelationsAreMerged() {
        let a = Extraction(
            text: "张三生于北京。",
            entities: [
                ExtractedEntity(type: "PER", text: "张三", start: 0, end: 2),
                ExtractedEntity(type: "LOC", text: "北京", start: 4, end: 6),
            ],
            relations: [ExtractedRelation(subject: 0, relation: "born_in", object: 1, probability: 0.9)])
        let b = Extraction(
            text: "北京的张三",
            entities: [
                ExtractedEntity(type: "LOC", text: "北京", start: 0, end: 2),
                ExtractedEntity(type: "PER", text: "张三", start: 3, end: 5),
            ],
            relations: [ExtractedRelation(subject: 1, relation: "born_in", object: 0, probability: 0.8)])
        let graph = EntityGraph([a, b])
        #expect(graph.nodes.map(\.name) == ["张三", "北京"])
        #expect(graph.edges == [EntityGraph.Edge(subject: 0, relation: "born_in", object: 1)])
        let canvas = graph.draw(size: 200)
        #expect(canvas.width == 200 && canvas.pixels.contains { $0 != 255 })
    }
}
