import Testing

@Test func workbookBuilds() { #expect(Bool(true)) }
