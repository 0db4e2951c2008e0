import Testing

@Test func datasetsBuilds() { #expect(Bool(true)) }
