"""A small graph, written for the rules that check what a text says (kg/analysis/brief.py's
citation and penalty checks, kg/analysis/claims.py's verdicts): every boundary day of a
provision's sanctions, a provision's later version, and two plans one after the other.
Built in memory in milliseconds.

- Provision P (an article of an act): an offence defined by it from 2000-01-01; a sanction
  of 5 years based on it from 2000-01-01 until 2010-01-01, then one of 7 years from that day.
  A new version of P from 2010-01-01.
- Provision Q: an offence defined by it from 2000-01-01 until 2003-01-01 (ended).
- Provision R: nothing rests on it.
- Provision T: an offence defined by it from 2000-01-01 (open); a life sanction based on it
  added from 2008-01-01 (nothing ends).
- P's 2010 version was introduced by an act and is verified; the 7-year sanction ends on
  2020-01-01.
- Offences of XX on the topic `t`: OX1 from 2000-01-01 (defined by provision U), OX2 from
  2011-01-01 (no provision); OX3 on another topic.
- Plans of jurisdiction XX, one coordinator: PLAN0 from 2005-01-01 until 2005-02-01, PLAN1
  from 2005-01-01 until 2010-01-01 (verified), PLAN2 from 2010-01-01 (open, unverified),
  PLAN1b (no label) for 2012-01-01 to 2015-01-01 (in force from 2011-06-01); PLAN3 of
  another coordinator from 2010-01-01; PLANY of the same coordinator in another
  jurisdiction (YY) from 2010-01-01; PLANZ of no jurisdiction, 2005-01-01 to 2006-01-01.
"""

from __future__ import annotations

from kg.store import EmbeddedStore
from tests.analysis.rules_graph import turtle_store

ID = "https://w3id.org/policykg/id/"
P = ID + "act/x/article/p"
Q = ID + "act/x/article/q"
R = ID + "act/x/article/r"
T = ID + "act/x/article/t"

TURTLE = """

j:XX a :Jurisdiction ; skos:notation "XX" ; skos:prefLabel "Somewhere"@en .

<https://w3id.org/policykg/id/act/x/article/p> a :Provision ; rdfs:label "P"@en .
<https://w3id.org/policykg/id/act/x/article/q> a :Provision ; rdfs:label "Q"@en .
<https://w3id.org/policykg/id/act/x/article/r> a :Provision ; rdfs:label "R"@en .
id:OP a :Offence ; :definedBy <https://w3id.org/policykg/id/act/x/article/p> ;
    :validFrom "2000-01-01"^^xsd:date .
id:S5 a :Sanction ; :legalBasis <https://w3id.org/policykg/id/act/x/article/p> ;
    :maxImprisonmentYears 5.0 ;
    :validFrom "2000-01-01"^^xsd:date ; :validUntil "2010-01-01"^^xsd:date .
id:S7 a :Sanction ; :legalBasis <https://w3id.org/policykg/id/act/x/article/p> ;
    :maxImprisonmentYears 7.0 ; :validFrom "2010-01-01"^^xsd:date ; :validUntil "2020-01-01"^^xsd:date .
id:P-2010 :versionOf <https://w3id.org/policykg/id/act/x/article/p> ;
    :validFrom "2010-01-01"^^xsd:date ; :introducedBy id:ACT ; :verification :Verified .
id:ACT rdfs:label "Act of 2009"@en .
id:OQ a :Offence ; :definedBy <https://w3id.org/policykg/id/act/x/article/q> ;
    :validFrom "2000-01-01"^^xsd:date ; :validUntil "2003-01-01"^^xsd:date .
<https://w3id.org/policykg/id/act/x/article/t> a :Provision ; rdfs:label "T"@en .
id:OT a :Offence ; :definedBy <https://w3id.org/policykg/id/act/x/article/t> ;
    :validFrom "2000-01-01"^^xsd:date .
id:SL a :Sanction ; :legalBasis <https://w3id.org/policykg/id/act/x/article/t> ;
    :lifeImprisonment true ; :validFrom "2008-01-01"^^xsd:date .

id:OX1 a :Offence ; :jurisdiction j:XX ; :topic topic:t ; rdfs:label "OX1"@en ;
    :definedBy <https://w3id.org/policykg/id/act/x/article/u> ;
    :validFrom "2000-01-01"^^xsd:date ; :verification :Verified .
id:OX2 a :Offence ; :jurisdiction j:XX ; :topic topic:t ; rdfs:label "OX2"@en ;
    :validFrom "2011-01-01"^^xsd:date ; :verification :Unverified .
id:OX3 a :Offence ; :jurisdiction j:XX ; :topic topic:other ; :validFrom "2011-01-01"^^xsd:date .

id:C1 a :Body ; rdfs:label "C1"@en .
id:C2 a :Body ; rdfs:label "C2"@en .
id:PLAN0 a :ActionPlan ; rdfs:label "Plan 0"@en ; :jurisdiction j:XX ; :coordinator id:C1 ;
    :validFrom "2005-01-01"^^xsd:date ; :validUntil "2005-02-01"^^xsd:date .
id:PLAN1 a :ActionPlan ; rdfs:label "Plan 1"@en ; :jurisdiction j:XX ; :coordinator id:C1 ;
    :verification :Verified ;
    :validFrom "2005-01-01"^^xsd:date ; :validUntil "2010-01-01"^^xsd:date .
id:PLAN1b a :ActionPlan ; :jurisdiction j:XX ; :coordinator id:C1 ;
    :periodStart "2012-01-01"^^xsd:date ; :validFrom "2011-06-01"^^xsd:date ;
    :validUntil "2015-01-01"^^xsd:date .
id:PLAN2 a :ActionPlan ; rdfs:label "Plan 2"@en ; :jurisdiction j:XX ; :coordinator id:C1 ;
    :verification :Unverified ;
    :validFrom "2010-01-01"^^xsd:date .
id:PLANZ a :ActionPlan ; rdfs:label "Plan Z"@en ; :coordinator id:C1 ;
    :validFrom "2005-01-01"^^xsd:date ; :validUntil "2006-01-01"^^xsd:date .
id:PLANY a :ActionPlan ; rdfs:label "Plan Y"@en ; :jurisdiction j:YY ; :coordinator id:C1 ;
    :validFrom "2010-01-01"^^xsd:date .
id:PLAN3 a :ActionPlan ; rdfs:label "Plan 3"@en ; :jurisdiction j:XX ; :coordinator id:C2 ;
    :validFrom "2010-01-01"^^xsd:date .
"""


def claims_store() -> EmbeddedStore:
    """A fresh in-memory store holding the graph above in one named graph."""
    return turtle_store(TURTLE, "rules-claims")
