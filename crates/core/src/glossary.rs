//! What the words mean: every term and abbreviation the page uses, in
//! plain English, for the glossary at the foot of the page.

/// (term, what it means), in the order a reader meets them.
pub const TERMS: [(&str, &str); 18] = [
    ("SEND", "Special educational needs and disabilities."),
    ("EHCP", "Education, health and care plan: the legal document that sets out a child's or young person's (up to 25) special educational needs and the support the council must arrange."),
    ("DSG", "Dedicated Schools Grant: the Department for Education's yearly grant to councils for schools, early years and high needs."),
    ("High Needs Block", "The part of the Dedicated Schools Grant that pays for children and young people with high needs: special school places, top-ups for pupils with EHCPs in mainstream schools, alternative provision and more."),
    ("In-year balance", "A year's High Needs income less its spend: a surplus if income is higher, an overspend if spend is."),
    ("Cumulative DSG deficit", "The overspends of past years added up and carried forward, less any surpluses and payments towards it."),
    ("Statutory override", "The rule, extended to 31 March 2028, that keeps DSG deficits off councils' general funds, so they do not yet have to be met from them. From 2028-29 SEND costs move into central government's spending limits."),
    ("Safety Valve", "An agreement in which a council commits to reach an in-year balance by an agreed year and the Department for Education pays the rest of its past deficit in instalments, subject to progress (38 agreements; no new ones)."),
    ("DBV", "Delivering Better Value in SEND: a Department for Education programme, run with Newton Europe and the Chartered Institute of Public Finance and Accountancy (CIPFA), that worked with 54 to 55 councils to forecast their High Needs spend and find ways to reduce their deficits."),
    ("INMSS", "Independent and non-maintained special schools: special schools not run by the council or an academy trust, usually the most expensive places."),
    ("EOTAS", "Education otherwise than at school: education a council arranges for a child outside any school."),
    ("PRU", "Pupil referral unit: a school for pupils who cannot attend a mainstream school, often after exclusion (a kind of alternative provision)."),
    ("Alternative provision (AP)", "Education for pupils who cannot attend school, such as pupil referral units."),
    ("Top-up", "What a council pays a school or college for a pupil with high needs, on top of the place's funding; often set in bands."),
    ("Place funding", "A fixed sum a year (£10,000 for most special places; £6,000 in further education) for each high needs place."),
    ("Block transfer", "Moving money from the schools block to the High Needs Block: up to 0.5% with the schools forum's agreement, more with the Secretary of State's."),
    ("No plan", "The projection if nothing changes: every lever as now. Plans are compared with it."),
    ("Likely range", "The middle 8 in 10 of the model's 2,000 runs with the uncertain assumptions drawn from their ranges; 1 in 10 runs falls below it and 1 in 10 above. The ranges are fitted to past forecasts: made this way, each with ranges fitted without its own January, forecasts from January 2019 to 2025 held what then happened about 8 times in 10, for EHCPs, for where children were and for spend (see the hindcast)."),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_abbreviation_the_issue_names_is_explained() {
        for term in [
            "EHCP",
            "DSG",
            "DBV",
            "EOTAS",
            "PRU",
            "Safety Valve",
            "Statutory override",
            "No plan",
            "Likely range",
            "INMSS",
        ] {
            assert!(
                TERMS.iter().any(|(t, d)| t.contains(term) && d.len() > 30),
                "{term}"
            );
        }
    }
}
