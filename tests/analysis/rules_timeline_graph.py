"""A small graph, written for the rules of the timeline (kg/analysis/timeline.py): the life
of a fact (start inclusive, end exclusive), an offence replaced on the day another begins,
a creation recorded or "data begins", versions of one penalty paired into changes (set,
raised, lowered, converted at the fixed legal rate, unchanged, ended), life imprisonment
above any term. Built in memory in milliseconds, so the rule tests (and `make mutate`) need
no full build.

TA (topic `t`):
- A-TA: a stated absence from 1990-01-01 until 1995-01-01.
- O-TA1 "old offence": 1995-01-01 until 2005-01-01; its provision first in force in 1980
  (so its first day is where the data begins). Its sanctions (base, "in all cases"):
  S-TA1 3 years (at least 1), 300000 FRF, until 2002-01-01; S-TA2 3 years (at least 1),
  45734.71 EUR (the same amount at the fixed legal rate) until 2005-01-01.
- O-TA2 "new offence": from 2005-01-01 (replaces O-TA1), provision first in force that day.
  S-TA3 base 5 years (at least 2), 75000 EUR (raised from S-TA2, on another offence node).
  Aggravated, victim under 15: S-TA4 life until 2010-01-01, S-TA5 20 years until
  2012-01-01, S-TA6 20 years (the same penalty, another basis) until 2015-01-01, then none.
- D-TA: a reporting duty from 2003-06-01 until 2008-06-01.
- O-TAU: an offence on topic `u`, from 2001-01-01 (only in the every-topic timeline).

TB (topic `t`), part of TX with TA:
- O-TB1 "created offence" from 2001-03-01, its provision first in force that day (a
  creation with no act): S-TB1 a fine of 1500 EUR and no prison until 2006-01-01, then S-TB2
  1 year and day-fines.
- O-TB2 "enacted offence": 2003-01-01 until 2004-01-01, a wording version of its provision
  from 2003-01-01 introduced by "Act 2003"; S-TB3 life and an unlimited fine, same dates.

TN: a jurisdiction with nothing recorded.

TC (topic `v`, narrower than `t` but not in the scheme: no notation, no label):
- O-TC1 from 1995-01-01, its provision first in force that day, and amended by "Act 2004"
  from 2004-01-01 (a later act is not the creating one).
- S-TC4 (no condition kind) 3 years until 2005-01-01, then S-TC1 (base) 2 years: two
  penalties, not one changed. Aggravated: S-TC2 victim under 18, 10 years until 2010-01-01,
  then S-TC3 victim under 15, 12 years: two penalties, not one raised.
- Victim under 16: 65595.70 FRF until 1998-01-01 (before the fixed rate exists), then
  10000 EUR: not a conversion. Victim under 17: 0 FRF until 2002-01-01, then 10 EUR.
"""

from __future__ import annotations

from kg.store import EmbeddedStore
from tests.analysis.rules_graph import turtle_store

TURTLE = """

topic:t skos:inScheme <https://w3id.org/policykg/concept/topic> ; skos:notation "t" ;
    skos:prefLabel "topic t"@en , "thème t"@fr .
topic:u skos:inScheme <https://w3id.org/policykg/concept/topic> ; skos:notation "u" ;
    skos:prefLabel "topic u"@en .

id:TX a :Jurisdiction ; skos:notation "TX" ; skos:prefLabel "Both"@en .
id:TA a :Jurisdiction ; skos:notation "TA" ; skos:prefLabel "A"@en ; :partOf id:TX .
id:TB a :Jurisdiction ; skos:notation "TB" ; skos:prefLabel "B"@en ; :partOf id:TX .
id:TN a :Jurisdiction ; skos:notation "TN" ; skos:prefLabel "Nothing"@en .

id:A-TA a :Absence ; :jurisdiction id:TA ; :topic topic:t ; rdfs:comment "no offence"@en ;
    :validFrom "1990-01-01"^^xsd:date ; :validUntil "1995-01-01"^^xsd:date ;
    dcterms:source <https://example.org/a-ta> .

id:P-TA1 :citation "Code, art. 1"@en ; :officialUrl <https://example.org/art-1> ;
    eli:first_date_entry_in_force "1980-01-01"^^xsd:date .
id:O-TA1 a :Offence ; :jurisdiction id:TA ; :topic topic:t ;
    rdfs:label "old offence"@en , "ancienne infraction"@fr ;
    :validFrom "1995-01-01"^^xsd:date ; :validUntil "2005-01-01"^^xsd:date ;
    :definedBy id:P-TA1 ; dcterms:source <https://example.org/o-ta1> ;
    :hasSanction id:S-TA1 , id:S-TA2 .
id:S-TA1 :conditionKind :BaseCondition ; :condition "in all cases"@en ;
    :maxImprisonmentYears 3.0 ; :minImprisonmentYears 1.0 ;
    :maxFineAmount 300000.0 ; :fineCurrency "FRF" ; :legalBasis id:P-TA1 ;
    :validFrom "1995-01-01"^^xsd:date ; :validUntil "2002-01-01"^^xsd:date ;
    dcterms:source <https://example.org/s-ta1> .
id:S-TA2 :conditionKind :BaseCondition ; :condition "in all cases"@en ;
    :maxImprisonmentYears 3.0 ; :minImprisonmentYears 1.0 ;
    :maxFineAmount 45734.71 ; :fineCurrency "EUR" ; :legalBasis id:P-TA1 ;
    :validFrom "2002-01-01"^^xsd:date ; :validUntil "2005-01-01"^^xsd:date .

id:P-TA2 :citation "Code, art. 2"@en ;
    eli:first_date_entry_in_force "2005-01-01"^^xsd:date .
id:O-TA2 a :Offence ; :jurisdiction id:TA ; :topic topic:t ; rdfs:label "new offence"@en ;
    :validFrom "2005-01-01"^^xsd:date ; :definedBy id:P-TA2 ;
    :hasSanction id:S-TA3 , id:S-TA4 , id:S-TA5 , id:S-TA6 .
id:S-TA3 :conditionKind :BaseCondition ; :condition "in all cases"@en ;
    :maxImprisonmentYears 5.0 ; :minImprisonmentYears 2.0 ;
    :maxFineAmount 75000.0 ; :fineCurrency "EUR" ; :legalBasis id:P-TA2 ;
    :validFrom "2005-01-01"^^xsd:date .
id:S-TA4 :conditionKind :Aggravation ; :victimAgeBelow 15 ; :lifeImprisonment true ;
    :validFrom "2005-01-01"^^xsd:date ; :validUntil "2010-01-01"^^xsd:date .
id:S-TA5 :conditionKind :Aggravation ; :victimAgeBelow 15 ; :condition "victim under 15"@en ;
    :maxImprisonmentYears 20.0 ;
    :validFrom "2010-01-01"^^xsd:date ; :validUntil "2012-01-01"^^xsd:date .
id:S-TA6 :conditionKind :Aggravation ; :victimAgeBelow 15 ; :condition "victim under 15"@en ;
    :maxImprisonmentYears 20.0 ; :legalBasis id:P-TA2 ;
    :validFrom "2012-01-01"^^xsd:date ; :validUntil "2015-01-01"^^xsd:date .

id:D-TA a :ReportingDuty ; :jurisdiction id:TA ; :topic topic:t ; rdfs:label "duty"@en ;
    :validFrom "2003-06-01"^^xsd:date ; :validUntil "2008-06-01"^^xsd:date .
id:O-TAU a :Offence ; :jurisdiction id:TA ; :topic topic:u ; rdfs:label "other offence"@en ;
    :validFrom "2001-01-01"^^xsd:date .

id:P-TB1 :citation "Law, s. 1"@en ; eli:first_date_entry_in_force "2001-03-01"^^xsd:date .
id:O-TB1 a :Offence ; :jurisdiction id:TB ; :topic topic:t ; rdfs:label "created offence"@en ;
    :validFrom "2001-03-01"^^xsd:date ; :definedBy id:P-TB1 ;
    :hasSanction id:S-TB1 , id:S-TB2 .
id:S-TB1 :conditionKind :BaseCondition ; :maxFineAmount 1500.0 ; :fineCurrency "EUR" ;
    :validFrom "2001-03-01"^^xsd:date ; :validUntil "2006-01-01"^^xsd:date .
id:S-TB2 :conditionKind :BaseCondition ; :maxImprisonmentYears 1.0 ; :fineKind "day-fines" ;
    :fineCurrency "SEK" ; :validFrom "2006-01-01"^^xsd:date .

id:P-TB2 :citation "Law, s. 2"@en .
id:V-TB2 :versionOf id:P-TB2 ; :validFrom "2003-01-01"^^xsd:date ; :introducedBy id:ACT .
id:ACT eli:title "Act 2003"@en .
id:O-TB2 a :Offence ; :jurisdiction id:TB ; :topic topic:t ; rdfs:label "enacted offence"@en ;
    :validFrom "2003-01-01"^^xsd:date ; :validUntil "2004-01-01"^^xsd:date ;
    :legalSource id:P-TB2 ; :hasSanction id:S-TB3 .
id:S-TB3 :conditionKind :BaseCondition ; :lifeImprisonment true ; :fineUnlimited true ;
    :validFrom "2003-01-01"^^xsd:date ; :validUntil "2004-01-01"^^xsd:date .

topic:v skos:broader topic:t .
id:TC a :Jurisdiction ; skos:notation "TC" ; skos:prefLabel "C"@en .
id:P-TC1 :citation "Law C, s. 1"@en ; eli:first_date_entry_in_force "1995-01-01"^^xsd:date .
id:V-TC1 :versionOf id:P-TC1 ; :validFrom "2004-01-01"^^xsd:date ; :introducedBy id:ACT2 .
id:ACT2 eli:title "Act 2004"@en .
id:O-TC1 a :Offence ; :jurisdiction id:TC ; :topic topic:v ; rdfs:label "c offence"@en ;
    :validFrom "1995-01-01"^^xsd:date ; :definedBy id:P-TC1 ;
    :hasSanction id:S-TC1 , id:S-TC2 , id:S-TC3 , id:S-TC4 , id:S-TC5 , id:S-TC6 ,
        id:S-TC7 , id:S-TC8 .
id:S-TC4 :maxImprisonmentYears 3.0 ;
    :validFrom "1995-01-01"^^xsd:date ; :validUntil "2005-01-01"^^xsd:date .
id:S-TC1 :conditionKind :BaseCondition ; :maxImprisonmentYears 2.0 ;
    :validFrom "2005-01-01"^^xsd:date .
id:S-TC2 :conditionKind :Aggravation ; :victimAgeBelow 18 ; :maxImprisonmentYears 10.0 ;
    :validFrom "1995-01-01"^^xsd:date ; :validUntil "2010-01-01"^^xsd:date .
id:S-TC3 :conditionKind :Aggravation ; :victimAgeBelow 15 ; :maxImprisonmentYears 12.0 ;
    :validFrom "2010-01-01"^^xsd:date .
id:S-TC5 :conditionKind :Aggravation ; :victimAgeBelow 16 ; :maxImprisonmentYears 5.0 ;
    :maxFineAmount 65595.7 ; :fineCurrency "FRF" ;
    :validFrom "1995-01-01"^^xsd:date ; :validUntil "1998-01-01"^^xsd:date .
id:S-TC6 :conditionKind :Aggravation ; :victimAgeBelow 16 ; :maxImprisonmentYears 5.0 ;
    :maxFineAmount 10000.0 ; :fineCurrency "EUR" ; :validFrom "1998-01-01"^^xsd:date .
id:S-TC7 :conditionKind :Aggravation ; :victimAgeBelow 17 ; :maxImprisonmentYears 1.0 ;
    :maxFineAmount 0.0 ; :fineCurrency "FRF" ;
    :validFrom "1995-01-01"^^xsd:date ; :validUntil "2002-01-01"^^xsd:date .
id:S-TC8 :conditionKind :Aggravation ; :victimAgeBelow 17 ; :maxImprisonmentYears 1.0 ;
    :maxFineAmount 10.0 ; :fineCurrency "EUR" ; :validFrom "2002-01-01"^^xsd:date .
"""


def timeline_store() -> EmbeddedStore:
    """A fresh in-memory store holding the graph above in one named graph."""
    return turtle_store(TURTLE, "rules-timeline")
