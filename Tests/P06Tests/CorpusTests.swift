import Foundation
import Testing
@testable import P06
import DeepLearning

@Suite struct HelpCorpusTests {
    @Test func paragraphsDropHiddenVariantsAndDecodeMarkup() {
        let html = """
            <html><body><div id="DisplayArea"><h1 id="hd_id1" dir="auto">Cell <a href="x.html">Styles</a></h1>
            <p id="par_id2" class="paragraph">Choose <span class="switchinline"><span hidden="true" id="MAC1" class="MAC"><span class="menuitem">LibreOffice - Preferences</span></span><span class="default"><span class="menuitem">Tools - Options</span></span></span> in $[officename] &amp; %PRODUCTNAME&nbsp;7.<br/>Next
              line.</p>
            <p id="other">not a help paragraph</p><p id="par_id2">a repeated id</p></div></body></html>
            """
        let paragraphs = HelpParagraphs.extract(html: html)
        #expect(paragraphs.map(\.id) == ["hd_id1", "par_id2"])
        #expect(paragraphs.map(\.text) == ["Cell Styles", "Choose Tools - Options in LibreOffice & LibreOffice 7. Next line."])
    }

    @Test func cleaningRules() {
        #expect(HelpCorpus.rejection(english: "Click OK.", chinese: "单击「确定」。") == nil)
        #expect(HelpCorpus.rejection(english: "", chinese: "单击") == \.empty)
        #expect(HelpCorpus.rejection(english: "12.5", chinese: "12.5") == \.empty)
        #expect(HelpCorpus.rejection(english: "Click OK.", chinese: "Click OK.") == \.untranslated)
        #expect(HelpCorpus.rejection(english: "Click OK.", chinese: "Klicken Sie auf OK.") == \.untranslated)
        #expect(HelpCorpus.rejection(english: String(repeating: "word ", count: 61), chinese: String(repeating: "词", count: 100)) == \.long)
        #expect(HelpCorpus.rejection(english: "A much longer English paragraph than its translation.", chinese: "是") == \.ratio)
    }

    @Test func decodesNumericEntities() {
        #expect(HelpParagraphs.decodeEntities("a &lt;b&gt; &#x4E2D;&#25991; &bogus; &") == "a <b> 中文 &bogus; &")
    }
}
