/// The sentence templates of the relation data set, written for this course. No open
/// relation data set can be had offline, so sentences are built from these, filled with
/// real entity names; the sentences state nothing true about the names they hold.
///
/// `{1}` is the subject (marked E1), `{2}` the object (marked E2). Each relation has 15
/// templates, each pair of types 10 `no_relation` templates; they are split by position:
/// in each group of five, the first three are training templates, the fourth a dev
/// template and the fifth a test template, so a test sentence never has a wording seen in training.
struct RelationTemplate: Sendable {
    var relation: String
    var subjectType: String
    var objectType: String
    var text: String
}

enum RelationSchema {
    static let noRelation = "no_relation"
    /// The relation labels, `no_relation` first; each relation with its subject and object types.
    static let relations: [(name: String, subject: String, object: String)] = [
        ("employee_of", "PER", "ORG"), ("born_in", "PER", "LOC"), ("located_in", "ORG", "LOC"), ("founded_by", "ORG", "PER"),
    ]
    static let labels = [noRelation] + relations.map(\.name)
    static let entityTypes = ["PER", "LOC", "ORG"]

    /// Templates per language: "en" or "zh".
    static func templates(_ language: String) -> [RelationTemplate] {
        let table = language == "zh" ? chinese : english
        return table.flatMap { group in
            group.texts.map { RelationTemplate(relation: group.relation, subjectType: group.subject, objectType: group.object, text: $0) }
        }
    }

    typealias Group = (relation: String, subject: String, object: String, texts: [String])

    static let english: [Group] = [
        (
            "employee_of", "PER", "ORG",
            [
                "{1} works as an engineer at {2}.",
                "{2} hired {1} as its new chief financial officer.",
                "After ten years at {2}, {1} was promoted to head of research.",
                "{1}, a senior analyst at {2}, declined to comment.",
                "{1} joined {2} last spring.",
                "{1} has been on the payroll of {2} since 2015.",
                "The board of {2} named {1} chief executive on Monday.",
                "According to {1}, who leads the sales team at {2}, demand is rising.",
                "{2} spokesperson {1} confirmed the layoffs.",
                "{1} is employed by {2} as a software developer.",
                "{1} took a job at {2} after graduating.",
                "{1} has worked for {2} for over a decade.",
                "As a manager at {2}, {1} oversees forty people.",
                "{2} employs {1} as a lawyer.",
                "{1}, an economist with {2}, presented the forecast.",
            ]
        ),
        (
            "born_in", "PER", "LOC",
            [
                "{1} was born in {2}.",
                "Born in {2}, {1} moved abroad at the age of twelve.",
                "{1} spent the first years of life in {2}, where the family had lived for generations, having been born there.",
                "{2} is the birthplace of {1}.",
                "{1}, a native of {2}, returned home for the holidays.",
                "{1} came into the world in {2} in 1970.",
                "The records show that {1} was born in the city of {2}.",
                "{1} was born and raised in {2}.",
                "{2}-born {1} won the award this year.",
                "Biographers agree that {1} was born in {2}.",
                "{1} grew up in {2}, the city of their birth.",
                "{2} was where {1} was born.",
                "The birth of {1} took place in {2}.",
                "{1} hails from {2}, where they were born.",
                "{1}'s place of birth is {2}.",
            ]
        ),
        (
            "located_in", "ORG", "LOC",
            [
                "{1} is headquartered in {2}.",
                "{1} has its head office in {2}.",
                "The main campus of {1} lies in {2}.",
                "{2} is home to {1}.",
                "{1}, based in {2}, reported strong results.",
                "From its base in {2}, {1} serves customers worldwide.",
                "{1} moved its headquarters to {2} in 2010.",
                "The {2} offices of {1}, its only location, employ 300 people.",
                "{1} is a company located in {2}.",
                "{1} operates out of {2}.",
                "{1} keeps its headquarters in {2}.",
                "{2} hosts the head office of {1}.",
                "{1} runs its business from {2}.",
                "The headquarters of {1} are in {2}.",
                "{1} is based in {2}.",
            ]
        ),
        (
            "founded_by", "ORG", "PER",
            [
                "{1} was founded by {2}.",
                "{2} founded {1} in a garage.",
                "{2} started {1} with two friends.",
                "{1}, which {2} established in 1998, is growing fast.",
                "{2} is the founder of {1}.",
                "The company {1} owes its existence to {2}, who created it.",
                "{2} set up {1} after leaving university.",
                "{1} was established by {2} twenty years ago.",
                "{2}, who launched {1}, still owns most of its shares.",
                "{1} co-founder {2} gave a speech.",
                "{2} created {1} in 1985.",
                "{1} traces its origins to {2}, its founder.",
                "{2} launched {1} from a small apartment.",
                "It was {2} who founded {1}.",
                "{2}, the founder of {1}, retired last year.",
            ]
        ),
        (
            "no_relation", "PER", "ORG",
            [
                "{1} read a report about {2}.",
                "{1} criticized {2} in an interview.",
                "{1} bought shares of {2} last week.",
                "{1} never worked for {2}.",
                "{1} wrote an article on the history of {2}.",
                "{1} praised the new products of {2}.",
                "{1} applied to {2} but was rejected.",
                "{1} met the chairman of {2} at a dinner.",
                "{1} complained about the service of {2}.",
                "{1} studied the annual report of {2}.",
            ]
        ),
        (
            "no_relation", "PER", "LOC",
            [
                "{1} spent a holiday in {2}.",
                "{1} flew to {2} for a conference.",
                "{1} gave a lecture in {2}.",
                "{1} has never been to {2}.",
                "{1} visited {2} twice last year.",
                "{1} moved to {2} in 2019.",
                "{1} wants to travel to {2}.",
                "{1} bought a house in {2}.",
                "{1} lived in {2} for three years.",
                "{1} left {2} after the election.",
            ]
        ),
        (
            "no_relation", "ORG", "LOC",
            [
                "{1} sponsored a festival in {2}.",
                "{1} sells its products in {2}.",
                "{1} considered opening a store in {2}.",
                "{1} lost a contract in {2}.",
                "{1} shipped goods to {2}.",
                "{1} opened a branch in {2}.",
                "{1} plans to expand into {2}.",
                "{1} closed its factory in {2}.",
                "{1} exports machinery to {2}.",
                "{1} held a trade fair in {2}.",
            ]
        ),
        (
            "no_relation", "ORG", "PER",
            [
                "{1} sued {2} over a contract.",
                "{1} awarded {2} a prize.",
                "{1} interviewed {2} for a job.",
                "{1} declined to hire {2}.",
                "{1} sent a letter to {2}.",
                "{1} fired {2} last month.",
                "{1} paid {2} for consulting work.",
                "{1} hired {2} as a consultant.",
                "{1} invited {2} to speak at a conference.",
                "{1} thanked {2} for years of service.",
            ]
        ),
    ]

    static let chinese: [Group] = [
        (
            "employee_of", "PER", "ORG",
            [
                "{1}在{2}担任工程师。",
                "{2}聘请{1}担任新的财务总监。",
                "在{2}工作十年后，{1}被提拔为研究部主任。",
                "{2}的高级分析师{1}拒绝发表评论。",
                "{1}去年春天加入了{2}。",
                "{1}自二〇一五年起一直在{2}任职。",
                "{2}董事会周一任命{1}为首席执行官。",
                "据负责{2}销售团队的{1}介绍，需求正在上升。",
                "{2}发言人{1}证实了裁员消息。",
                "{1}受雇于{2}，从事软件开发。",
                "{1}毕业后进入{2}工作。",
                "{1}已经在{2}工作了十多年。",
                "作为{2}的经理，{1}管理着四十名员工。",
                "{2}聘用{1}担任律师。",
                "{2}经济学家{1}发布了预测报告。",
            ]
        ),
        (
            "born_in", "PER", "LOC",
            [
                "{1}出生于{2}。",
                "{1}生在{2}，十二岁时移居国外。",
                "{1}在{2}出生，并在那里度过了童年。",
                "{2}是{1}的出生地。",
                "{1}是土生土长的{2}人，假期回到了家乡。",
                "{1}于一九七〇年降生在{2}。",
                "档案显示，{1}出生在{2}。",
                "{1}生于{2}，并在那里长大。",
                "出生于{2}的{1}今年获得了这个奖项。",
                "传记作者一致认为{1}出生于{2}。",
                "{1}在出生地{2}长大。",
                "{2}是{1}出生的地方。",
                "{1}的降生地是{2}。",
                "{1}来自{2}，并在那里出生。",
                "{1}的籍贯和出生地都是{2}。",
            ]
        ),
        (
            "located_in", "ORG", "LOC",
            [
                "{1}总部位于{2}。",
                "{1}的总部设在{2}。",
                "{1}的主校区坐落在{2}。",
                "{2}是{1}的所在地。",
                "总部在{2}的{1}公布了强劲的业绩。",
                "{1}以{2}为基地，服务全球客户。",
                "{1}于二〇一〇年把总部迁到了{2}。",
                "{1}唯一的办公地点在{2}，有三百名员工。",
                "{1}是一家位于{2}的机构。",
                "{1}在{2}办公。",
                "{1}把总部设在{2}。",
                "{2}是{1}总部的所在地。",
                "{1}的业务从{2}展开。",
                "{1}的总部在{2}。",
                "{1}立足于{2}。",
            ]
        ),
        (
            "founded_by", "ORG", "PER",
            [
                "{1}由{2}创办。",
                "{2}在车库里创立了{1}。",
                "{2}和两位朋友一起创办了{1}。",
                "{2}于一九九八年创建的{1}发展迅速。",
                "{2}是{1}的创始人。",
                "{1}的诞生要归功于它的创建者{2}。",
                "{2}大学毕业后创立了{1}。",
                "{1}是{2}二十年前创建的。",
                "创办{1}的{2}至今仍持有其大部分股份。",
                "{1}联合创始人{2}发表了演讲。",
                "{2}于一九八五年创建了{1}。",
                "{1}的创立者是{2}。",
                "{2}在一间小公寓里创办了{1}。",
                "正是{2}创立了{1}。",
                "{1}的创始人{2}去年退休了。",
            ]
        ),
        (
            "no_relation", "PER", "ORG",
            [
                "{1}读了一份关于{2}的报告。",
                "{1}在采访中批评了{2}。",
                "{1}上周买入了{2}的股票。",
                "{1}从未在{2}工作过。",
                "{1}写了一篇关于{2}历史的文章。",
                "{1}称赞了{2}的新产品。",
                "{1}向{2}投递了简历，但被拒绝了。",
                "{1}在晚宴上遇到了{2}的董事长。",
                "{1}投诉了{2}的服务。",
                "{1}研究了{2}的年度报告。",
            ]
        ),
        (
            "no_relation", "PER", "LOC",
            [
                "{1}在{2}度过了假期。",
                "{1}飞往{2}参加会议。",
                "{1}在{2}做了一场讲座。",
                "{1}从未去过{2}。",
                "{1}去年两次访问{2}。",
                "{1}于二〇一九年搬到了{2}。",
                "{1}想去{2}旅行。",
                "{1}在{2}买了一套房子。",
                "{1}在{2}住了三年。",
                "{1}在选举后离开了{2}。",
            ]
        ),
        (
            "no_relation", "ORG", "LOC",
            [
                "{1}赞助了{2}的一个节日。",
                "{1}在{2}销售产品。",
                "{1}考虑在{2}开设门店。",
                "{1}在{2}失去了一份合同。",
                "{1}向{2}发运了货物。",
                "{1}在{2}开设了分公司。",
                "{1}计划进入{2}市场。",
                "{1}关闭了在{2}的工厂。",
                "{1}向{2}出口机械。",
                "{1}在{2}举办了展销会。",
            ]
        ),
        (
            "no_relation", "ORG", "PER",
            [
                "{1}因合同纠纷起诉了{2}。",
                "{1}授予{2}一个奖项。",
                "{1}面试了{2}。",
                "{1}拒绝雇用{2}。",
                "{1}给{2}寄了一封信。",
                "{1}上个月解雇了{2}。",
                "{1}向{2}支付了咨询费。",
                "{1}聘请{2}担任顾问。",
                "{1}邀请{2}在会议上发言。",
                "{1}感谢{2}多年来的服务。",
            ]
        ),
    ]
}
