/// The metadata tags of each page kind (see `PageMetadata`).
extension SiteRenderer {
    func homeMetadata() -> PageMetadata {
        PageMetadata(columnName: text.gov.homeColumn, columnType: text.gov.homeColumnType)
    }

    /// A plan: its title, issuer, published date, topic and summary.
    func planMetadata(_ plan: Plan) -> PageMetadata {
        PageMetadata(columnName: text.plans, columnType: text.gov.planColumnType, articleTitle: plan.title,
                     pubDate: plan.published, contentSource: plan.issuer,
                     keywords: [plan.topic, plan.region].compactMap { $0 }.joined(separator: ","), description: plan.summary)
    }

    /// The plan index: the plans column.
    func planIndexMetadata() -> PageMetadata {
        PageMetadata(columnName: text.plans, columnType: text.gov.planColumnType)
    }

    /// An indicator: its name, owner, the date of its latest data, its area
    /// and the sentence that states its progress (`IndicatorSummary.sentence`).
    func indicatorMetadata(_ row: OpenData.Row, sentence: String) -> PageMetadata {
        let i = row.indicator, e = row.evaluation
        let latest = e.latest?.period.lastDay ?? e.latestUpdate?.date
        return PageMetadata(columnName: text.gov.dataColumn, columnType: text.gov.dataColumnType, articleTitle: i.name,
                            pubDate: latest, contentSource: i.owner, keywords: i.area,
                            description: sentence)
    }

    func listMetadata(keywords: String? = nil) -> PageMetadata {
        PageMetadata(columnName: text.gov.dataColumn, columnType: text.gov.dataColumnType, keywords: keywords)
    }
}
