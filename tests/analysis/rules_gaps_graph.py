"""A small graph, written for the rules of gaps (kg/analysis/gaps.py): each side present,
absent or unknown, equal, lower and higher penalties, a target with facts but none of a kind,
and an element that changes on a boundary day. Built in memory in milliseconds, so the rule
tests (and `make mutate`) need no full build.

On the topic `t` (every fact from 2000-01-01, open, unless said):
- RF, the reference: an offence with a base sanction of 5 years (at least 1), a fine of
  1000 EUR, a victim-age element of 18 until 2010-01-01 and of 15 from that day.
- EQ: the same penalties (5 years, at least 1, 1000 EUR) and a victim age of 18; a
  reporting duty punished by 20 years (not an offence: not in the penalties compared).
- LO: 3 years, no minimum, 3279.785 FRF (500 EUR at the fixed legal rate), no element.
- HI: 8 years when aggravated (at least 2, 2000 EUR), a base of 4 years "in all cases" (at
  least 3, 100 EUR): the highest of each is compared; a victim age of 21.
- NS and NT: an offence with no sanction recorded.
- C1, C2, C3 (no penalties): C1 an offence whose conduct is "va", victim age 16 and a value
  "va" on a dimension with no rule (zz); C2 victim age 16 and "vb" on zz (no conduct), and a
  reporting duty with "va" on zz (not compared with offences); C3 the conduct "vb" and a
  victim-age element with no number.
- FE, KD, CU: 5 years and a fine of 6559.57 FRF (1000 EUR at the fixed legal rate),
  day-fines, 1000 SEK (no fixed rate).
- DU: facts on the topic, but only a reporting duty (no offence).
- AB: a stated absence. UN and UX: nothing recorded (unknown).

On the demand topic `purchase-sex-minor`: RF an offence, AB a stated absence, DU a reporting
duty only (no offence). The tests of `t` ask for that topic only.
"""

from __future__ import annotations

from kg.store import EmbeddedStore
from tests.analysis.rules_graph import turtle_store

TURTLE = """

topic:purchase-sex-minor skos:inScheme <https://w3id.org/policykg/concept/topic> ;
    skos:notation "purchase-sex-minor" ; skos:prefLabel "buying sex from a minor"@en .
id:O-RF-demand a :Offence ; :jurisdiction id:RF ; :topic topic:purchase-sex-minor ;
    rdfs:label "O-RF-demand"@en ; :validFrom "2000-01-01"^^xsd:date .
id:A-AB-demand a :Absence ; :jurisdiction id:AB ; :topic topic:purchase-sex-minor ;
    :validFrom "2000-01-01"^^xsd:date .
id:D-DU-demand a :ReportingDuty ; :jurisdiction id:DU ; :topic topic:purchase-sex-minor ;
    :validFrom "2000-01-01"^^xsd:date .

topic:t skos:inScheme <https://w3id.org/policykg/concept/topic> ; skos:notation "t" ;
    skos:prefLabel "topic t"@en .
dim:victim-age skos:inScheme <https://w3id.org/policykg/concept/element> ;
    skos:notation "victim-age" ; skos:prefLabel "Victim age threshold"@en .

id:RF a :Jurisdiction ; skos:notation "RF" ; skos:prefLabel "Reference"@en .
id:EQ a :Jurisdiction ; skos:notation "EQ" ; skos:prefLabel "Equal"@en .
id:LO a :Jurisdiction ; skos:notation "LO" ; skos:prefLabel "Lower"@en .
id:HI a :Jurisdiction ; skos:notation "HI" ; skos:prefLabel "Higher"@en .
id:NS a :Jurisdiction ; skos:notation "NS" ; skos:prefLabel "No sanction"@en .
id:DU a :Jurisdiction ; skos:notation "DU" ; skos:prefLabel "Duty only"@en .
id:AB a :Jurisdiction ; skos:notation "AB" ; skos:prefLabel "Absent"@en .
id:UN a :Jurisdiction ; skos:notation "UN" ; skos:prefLabel "Unknown"@en .
id:UX a :Jurisdiction ; skos:notation "UX" ; skos:prefLabel "Unknown too"@en .

id:O-RF a :Offence ; :jurisdiction id:RF ; :topic topic:t ; rdfs:label "O-RF"@en ;
    :validFrom "2000-01-01"^^xsd:date ; dcterms:source <https://example.org/o-rf> ;
    :hasSanction id:S-RF ; :hasElement id:E-RF-18 , id:E-RF-15 .
id:S-RF :conditionKind :BaseCondition ; :maxImprisonmentYears 5.0 ; :minImprisonmentYears 1.0 ;
    :maxFineAmount 1000.0 ; :fineCurrency "EUR" ; :validFrom "2000-01-01"^^xsd:date .
id:E-RF-18 :dimension dim:victim-age ; :elementNumber 18 ;
    :validFrom "2000-01-01"^^xsd:date ; :validUntil "2010-01-01"^^xsd:date .
id:E-RF-15 :dimension dim:victim-age ; :elementNumber 15 ; :validFrom "2010-01-01"^^xsd:date .

id:O-EQ a :Offence ; :jurisdiction id:EQ ; :topic topic:t ; rdfs:label "O-EQ"@en ;
    :validFrom "2000-01-01"^^xsd:date ; :hasSanction id:S-EQ ; :hasElement id:E-EQ .
id:S-EQ :conditionKind :BaseCondition ; :maxImprisonmentYears 5.0 ; :minImprisonmentYears 1.0 ;
    :maxFineAmount 1000.0 ; :fineCurrency "EUR" ; :validFrom "2000-01-01"^^xsd:date .
id:E-EQ :dimension dim:victim-age ; :elementNumber 18 ; :validFrom "2000-01-01"^^xsd:date .
id:D-EQ a :ReportingDuty ; :jurisdiction id:EQ ; :topic topic:t ; rdfs:label "D-EQ"@en ;
    :validFrom "2000-01-01"^^xsd:date ; :hasSanction id:S-DEQ .
id:S-DEQ :conditionKind :BaseCondition ; :maxImprisonmentYears 20.0 ;
    :validFrom "2000-01-01"^^xsd:date .

id:O-LO a :Offence ; :jurisdiction id:LO ; :topic topic:t ; rdfs:label "O-LO"@en ;
    :validFrom "2000-01-01"^^xsd:date ; :hasSanction id:S-LO .
id:S-LO :conditionKind :BaseCondition ; :maxImprisonmentYears 3.0 ;
    :maxFineAmount 3279.785 ; :fineCurrency "FRF" ; :validFrom "2000-01-01"^^xsd:date .

id:O-HI a :Offence ; :jurisdiction id:HI ; :topic topic:t ; rdfs:label "O-HI"@en ;
    :validFrom "2000-01-01"^^xsd:date ; :hasSanction id:S-HI , id:S-HI2 ; :hasElement id:E-HI .
id:S-HI :conditionKind :Aggravation ; :condition "when aggravated"@en ;
    :maxImprisonmentYears 8.0 ; :minImprisonmentYears 2.0 ;
    :maxFineAmount 2000.0 ; :fineCurrency "EUR" ; :validFrom "2000-01-01"^^xsd:date .
id:S-HI2 :conditionKind :BaseCondition ; :condition "in all cases"@en ;
    :maxImprisonmentYears 4.0 ; :minImprisonmentYears 3.0 ;
    :maxFineAmount 100.0 ; :fineCurrency "EUR" ; :validFrom "2000-01-01"^^xsd:date .
id:E-HI :dimension dim:victim-age ; :elementNumber 21 ; :validFrom "2000-01-01"^^xsd:date .

id:O-NS a :Offence ; :jurisdiction id:NS ; :topic topic:t ; rdfs:label "O-NS"@en ;
    :validFrom "2000-01-01"^^xsd:date .

id:FE a :Jurisdiction ; skos:notation "FE" ; skos:prefLabel "Francs"@en .
id:O-FE a :Offence ; :jurisdiction id:FE ; :topic topic:t ; rdfs:label "O-FE"@en ;
    :validFrom "2000-01-01"^^xsd:date ; :hasSanction id:S-FE .
id:S-FE :conditionKind :BaseCondition ; :maxImprisonmentYears 5.0 ;
    :maxFineAmount 6559.57 ; :fineCurrency "FRF" ; :validFrom "2000-01-01"^^xsd:date .
id:KD a :Jurisdiction ; skos:notation "KD" ; skos:prefLabel "Day-fines"@en .
id:O-KD a :Offence ; :jurisdiction id:KD ; :topic topic:t ; rdfs:label "O-KD"@en ;
    :validFrom "2000-01-01"^^xsd:date ; :hasSanction id:S-KD .
id:S-KD :conditionKind :BaseCondition ; :maxImprisonmentYears 5.0 ; :fineKind "day-fines" ;
    :fineCurrency "SEK" ; :validFrom "2000-01-01"^^xsd:date .
id:CU a :Jurisdiction ; skos:notation "CU" ; skos:prefLabel "Crowns"@en .
id:O-CU a :Offence ; :jurisdiction id:CU ; :topic topic:t ; rdfs:label "O-CU"@en ;
    :validFrom "2000-01-01"^^xsd:date ; :hasSanction id:S-CU .
id:S-CU :conditionKind :BaseCondition ; :maxImprisonmentYears 5.0 ; :maxFineAmount 1000.0 ;
    :fineCurrency "SEK" ; :validFrom "2000-01-01"^^xsd:date .

dim:conduct skos:notation "conduct" ; skos:inScheme <https://w3id.org/policykg/concept/element> ;
    skos:prefLabel "Conduct"@en .
dim:zz skos:notation "zz" ; skos:inScheme <https://w3id.org/policykg/concept/element> ;
    skos:prefLabel "A dimension with no rule"@en .
<https://w3id.org/policykg/concept/element-value/va> skos:notation "va" ; skos:prefLabel "does A"@en .
<https://w3id.org/policykg/concept/element-value/vb> skos:notation "vb" ; skos:prefLabel "does B"@en .
id:C1 a :Jurisdiction ; skos:notation "C1" ; skos:prefLabel "Conduct 1"@en .
id:O-C1 a :Offence ; :jurisdiction id:C1 ; :topic topic:t ; rdfs:label "O-C1"@en ;
    :validFrom "2000-01-01"^^xsd:date ; :hasElement id:E-C1-c , id:E-C1-v , id:E-C1-z .
id:E-C1-c :dimension dim:conduct ; :elementValue <https://w3id.org/policykg/concept/element-value/va> ;
    :validFrom "2000-01-01"^^xsd:date .
id:E-C1-v :dimension dim:victim-age ; :elementNumber 16 ; :validFrom "2000-01-01"^^xsd:date .
id:E-C1-z :dimension dim:zz ; :elementValue <https://w3id.org/policykg/concept/element-value/va> ;
    :validFrom "2000-01-01"^^xsd:date .
id:C2 a :Jurisdiction ; skos:notation "C2" ; skos:prefLabel "Conduct 2"@en .
id:O-C2 a :Offence ; :jurisdiction id:C2 ; :topic topic:t ; rdfs:label "O-C2"@en ;
    :validFrom "2000-01-01"^^xsd:date ; :hasElement id:E-C2-v , id:E-C2-z .
id:D-C2 a :ReportingDuty ; :jurisdiction id:C2 ; :topic topic:t ; rdfs:label "D-C2"@en ;
    :validFrom "2000-01-01"^^xsd:date ; :hasElement id:E-D-C2-z .
id:E-D-C2-z :dimension dim:zz ; :elementValue <https://w3id.org/policykg/concept/element-value/va> ;
    :validFrom "2000-01-01"^^xsd:date .
id:E-C2-v :dimension dim:victim-age ; :elementNumber 16 ; :validFrom "2000-01-01"^^xsd:date .
id:E-C2-z :dimension dim:zz ; :elementValue <https://w3id.org/policykg/concept/element-value/vb> ;
    :validFrom "2000-01-01"^^xsd:date .
id:C3 a :Jurisdiction ; skos:notation "C3" ; skos:prefLabel "Conduct 3"@en .
id:O-C3 a :Offence ; :jurisdiction id:C3 ; :topic topic:t ; rdfs:label "O-C3"@en ;
    :validFrom "2000-01-01"^^xsd:date ; :hasElement id:E-C3-c , id:E-C3-v .
id:E-C3-v :dimension dim:victim-age ; :validFrom "2000-01-01"^^xsd:date .
id:E-C3-c :dimension dim:conduct ; :elementValue <https://w3id.org/policykg/concept/element-value/vb> ;
    :validFrom "2000-01-01"^^xsd:date .

id:NT a :Jurisdiction ; skos:notation "NT" ; skos:prefLabel "No sanction either"@en .
id:O-NT a :Offence ; :jurisdiction id:NT ; :topic topic:t ; rdfs:label "O-NT"@en ;
    :validFrom "2000-01-01"^^xsd:date .

id:D-DU a :ReportingDuty ; :jurisdiction id:DU ; :topic topic:t ; rdfs:label "D-DU"@en ;
    :validFrom "2000-01-01"^^xsd:date .

id:A-AB a :Absence ; :jurisdiction id:AB ; :topic topic:t ; rdfs:comment "none"@en ;
    :validFrom "2000-01-01"^^xsd:date ; dcterms:source <https://example.org/a-ab> .
"""


def gaps_store() -> EmbeddedStore:
    """A fresh in-memory store holding the graph above in one named graph."""
    return turtle_store(TURTLE, "rules-gaps")
