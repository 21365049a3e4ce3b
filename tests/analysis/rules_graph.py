"""A small graph, written for the rules of compare and coverage: every boundary day, each
status on each side, equal and ordered penalties. Built in memory in milliseconds, so the
rule tests (and `make mutate`, which runs them once per mutant) need no full build.

Timeline of the topic `t` (all dates are days a rule starts or ends):
- FR: offence O1 from 2002-03-04 until 2010-01-01, then O2 from 2010-01-01 (open); a body
  (another kind) from 2002-03-04. O1's penalties: base 5 years; aggravations of 10 years, of
  life, of 7 years and a second of 7 years (equal: ordered by IRI); one more from 2006-01-01
  until 2008-01-01 (20 years).
- SE: a stated absence from 1999-01-01 until 2005-07-01, then an offence from 2005-07-01.
- UK: an offence from 2003-05-01 recorded for the whole UK (counts for UK-EW, its part).
- DK: nothing recorded (unknown). NO: an absence from 2000-01-01 and an offence from
  2004-01-01, both open (present wins over absent).
- IS: an offence from 2001-01-01 until 2003-01-01, and nothing after (unknown again).
- Noise the readers must skip: a fact of something that is not a jurisdiction, and one on a
  topic outside the scheme.
- Verification marks, in graphs named like the data files (data/jurisdictions/UK-EW, …).
- FI, from 2002-03-04, one fact of each kind that cites differently: an offence defined by two
  provisions (the first by IRI gives citation and URL), a reporting duty whose breach is
  punished, a protection measure with a legal source, a whole instrument (cited by its title), and one with no title (no citation).
"""

from __future__ import annotations

from pyoxigraph import NamedNode, Quad, RdfFormat, parse

from kg.ns import GRAPH
from kg.store import EmbeddedStore

TURTLE = """

topic:t skos:inScheme <https://w3id.org/policykg/concept/topic> ; skos:notation "t" ;
    skos:prefLabel "topic t"@en , "thème t"@fr .
topic:u skos:inScheme <https://w3id.org/policykg/concept/topic> ; skos:notation "u" ;
    skos:prefLabel "topic u"@en ; skos:broader topic:t .

id:FR a :Jurisdiction ; skos:notation "FR" ; skos:prefLabel "France"@en ; :officialLanguage "fr" .
id:SE a :Jurisdiction ; skos:notation "SE" ; skos:prefLabel "Sweden"@en ; :officialLanguage "sv" .
id:UK a :Jurisdiction ; skos:notation "UK" ; skos:prefLabel "United Kingdom"@en .
id:UK-EW a :Jurisdiction ; skos:notation "UK-EW" ; skos:prefLabel "England and Wales"@en ;
    :partOf id:UK .
id:DK a :Jurisdiction ; skos:notation "DK" ; skos:prefLabel "Denmark"@en .
id:NO a :Jurisdiction ; skos:notation "NO" ; skos:prefLabel "Norway"@en .

id:O1 a :Offence ; :jurisdiction id:FR ; :topic topic:t ; rdfs:label "O1"@en ;
    :validFrom "2002-03-04"^^xsd:date ; :validUntil "2010-01-01"^^xsd:date ;
    dcterms:source <https://example.org/o1> ;
    :hasSanction id:S-base , id:S-10 , id:S-life , id:S-7a , id:S-7b , id:S-20 .
id:S-base :conditionKind :BaseCondition ; :maxImprisonmentYears 5.0 ;
    :validFrom "2002-03-04"^^xsd:date ; dcterms:source <https://example.org/o1> ,
    <https://example.org/s-base> .
id:S-10 :conditionKind :Aggravation ; :maxImprisonmentYears 10.0 ;
    :validFrom "2002-03-04"^^xsd:date .
id:S-life :conditionKind :Aggravation ; :lifeImprisonment true ;
    :validFrom "2002-03-04"^^xsd:date .
id:S-7a :conditionKind :Aggravation ; :maxImprisonmentYears 7.0 ;
    :validFrom "2002-03-04"^^xsd:date .
id:S-7b :conditionKind :Aggravation ; :maxImprisonmentYears 7.0 ;
    :validFrom "2002-03-04"^^xsd:date .
id:S-20 :conditionKind :Aggravation ; :maxImprisonmentYears 20.0 ;
    :validFrom "2006-01-01"^^xsd:date ; :validUntil "2008-01-01"^^xsd:date .
id:O2 a :Offence ; :jurisdiction id:FR ; :topic topic:u ; rdfs:label "O2"@en ;
    :validFrom "2010-01-01"^^xsd:date .
id:B1 a :Body ; :jurisdiction id:FR ; :topic topic:t ; rdfs:label "B1"@en ;
    :validFrom "2002-03-04"^^xsd:date .

id:A1 a :Absence ; :jurisdiction id:SE ; :topic topic:t ; rdfs:comment "none"@en ;
    :validFrom "1999-01-01"^^xsd:date ; :validUntil "2005-07-01"^^xsd:date ;
    dcterms:source <https://example.org/a1> .
id:O3 a :Offence ; :jurisdiction id:SE ; :topic topic:t ; rdfs:label "O3"@en ;
    :validFrom "2005-07-01"^^xsd:date .

id:O4 a :Offence ; :jurisdiction id:UK ; :topic topic:t ; rdfs:label "O4"@en ;
    :validFrom "2003-05-01"^^xsd:date .

id:A2 a :Absence ; :jurisdiction id:NO ; :topic topic:t ; :validFrom "2000-01-01"^^xsd:date .
id:O5 a :Offence ; :jurisdiction id:NO ; :topic topic:t ; rdfs:label "O5"@en ;
    :validFrom "2004-01-01"^^xsd:date .

id:FI a :Jurisdiction ; skos:notation "FI" ; skos:prefLabel "Finland"@en .
id:O9 a :Offence ; :jurisdiction id:FI ; :topic topic:t ; rdfs:label "O9"@en ;
    :validFrom "2002-03-04"^^xsd:date ; :definedBy id:P3 , id:P1 ; :hasSanction id:S-o9 .
id:S-o9 :conditionKind :BaseCondition ; :maxImprisonmentYears 2.0 ;
    :validFrom "2002-03-04"^^xsd:date .
id:P1 :citation "Code, art. 1"@en ; :officialUrl <https://example.org/p1> .
id:P3 :citation "Code, art. 3"@en ; :officialUrl <https://example.org/p3> .
id:D1 a :ReportingDuty ; :jurisdiction id:FI ; :topic topic:t ; rdfs:label "D1"@en ;
    :validFrom "2002-03-04"^^xsd:date ; :hasSanction id:S-d1 .
id:S-d1 :conditionKind :BaseCondition ; :maxImprisonmentYears 1.0 ;
    :validFrom "2002-03-04"^^xsd:date .
id:PM1 a :ProtectionMeasure ; :jurisdiction id:FI ; :topic topic:t ; rdfs:label "PM1"@en ;
    :validFrom "2002-03-04"^^xsd:date ; :legalSource id:P2 .
id:P2 :citation "Code, art. 2"@en ; :officialUrl <https://example.org/p2> .
id:I1 a :LegalInstrument ; :jurisdiction id:FI ; :topic topic:t ;
    <http://data.europa.eu/eli/ontology#title> "Act I1"@en ;
    :officialUrl <https://example.org/i1> ; :validFrom "2002-03-04"^^xsd:date .
id:I2 a :LegalInstrument ; :jurisdiction id:FI ; :topic topic:t ; rdfs:label "I2"@en ;
    :validFrom "2002-03-04"^^xsd:date .

id:IS a :Jurisdiction ; skos:notation "IS" ; skos:prefLabel "Iceland"@en .
id:O6 a :Offence ; :jurisdiction id:IS ; :topic topic:t ; rdfs:label "O6"@en ;
    :validFrom "2001-01-01"^^xsd:date ; :validUntil "2003-01-01"^^xsd:date .

id:O7 a :Offence ; :jurisdiction id:nowhere ; :topic topic:t ; :validFrom "1990-01-01"^^xsd:date .
id:O8 a :Offence ; :jurisdiction id:DK ; :topic topic:elsewhere ;
    :validFrom "1990-01-01"^^xsd:date .
"""

#: Verification marks in graphs named like data files (TriG: one graph each).
VERIFICATION = r"""
@prefix : <https://w3id.org/policykg/ontology#> .
@prefix id: <https://w3id.org/policykg/id/> .
@prefix g: <https://w3id.org/policykg/graph/> .
g:data\/jurisdictions\/UK-EW { id:O4 :verification :Verified . id:O4b :verification :Verified . }
g:data\/jurisdictions\/FR { id:O1 :verification :Verified . id:B1 :verification :Unverified . }
g:data\/statistics\/GRETA-SE { id:O3 :verification :Unverified . }
g:elsewhere { id:O2 :verification :Verified . }
"""

ID = "https://w3id.org/policykg/id/"


#: The prefixes every rule graph uses, declared once for all of them (`turtle_store`).
PREFIXES = """\
@prefix : <https://w3id.org/policykg/ontology#> .
@prefix id: <https://w3id.org/policykg/id/> .
@prefix j: <https://w3id.org/policykg/id/jurisdiction/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
@prefix topic: <https://w3id.org/policykg/concept/topic/> .
@prefix dim: <https://w3id.org/policykg/concept/element/> .
"""


def turtle_store(turtle: str, name: str) -> EmbeddedStore:
    """A fresh in-memory store holding `turtle` (PREFIXES declared) in the named graph
    `data/<name>` (the small graphs the rule tests are written on)."""
    store = EmbeddedStore()
    graph = NamedNode(GRAPH + "data/" + name)
    store.add_quads(
        Quad(t.subject, t.predicate, t.object, graph)
        for t in parse((PREFIXES + turtle).encode(), format=RdfFormat.TURTLE)
    )
    return store


def rules_store() -> EmbeddedStore:
    """A fresh in-memory store holding the graph above in one named graph."""
    store = turtle_store(TURTLE, "rules")
    store.add_quads(parse(VERIFICATION.encode(), format=RdfFormat.TRIG))
    return store
