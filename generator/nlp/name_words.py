"""The word classes the who's who reads a name's shape by (named.py): the head words of
bodies and states, the words of things, events, fields, titles and groups. Word classes,
not lists of names."""

from __future__ import annotations

import re

# Names of things agreed, planned or written, which the model often calls organisations.
THINGS = {
    "agreement",
    "area",  # "African Continental Free Trade Area"
    "areas",
    "partnership",
    "treaty",
    "plan",
    "initiative",
    "project",
    "framework",
    "declaration",
    "strategy",
    "outlook",
    "agenda",
    "program",
    "programme",
    "accord",
    "memorandum",
    "communiqué",
    "communique",
    "convention",
    "scheme",
    "goals",
    "address",
    "release",
    "review",
    # Laws, texts, lists and causes: "Innovation Act", "Joint Statement", "Representative
    # List", "Palestinian Cause", "Mobility Package", "Imbalances Procedure".
    "act",
    "law",
    "bill",
    "amendment",
    "statement",
    "procedure",
    "package",
    "list",
    "cause",
    "record",
    "digest",
    "heritage",
    "rites",
    "boundary",
    "category",
    "allowance",
    "programmes",
    "programs",
    "projects",
    "plans",
    # A ceremony's things, not bodies: "the National Anthems of both countries".
    "anthem",
    "anthems",
}
# Events: a name with one of these words anywhere is an event, not an organisation
# ("XVI Summit of La Francophonie", "the Ministerial Session Kicks off"); with one of
# LAST_EVENTS as its last word too ("Investment Round", but "Pacific Islands Forum
# Secretariat" and "Ministerial Committee" are bodies).
EVENTS = {
    "meeting",
    "meetings",
    "summit",
    "conference",
    "session",
    "games",
    "ceremony",
    "celebration",
    "festival",
    "consultation",
    "consultations",
    "workshop",
    "seminar",
    "symposium",
    "talks",
    "tour",
    "tours",
    "visit",
    "cyclone",
    "typhoon",
    "hurricane",
    "earthquake",
}
LAST_EVENTS = {
    "forum",
    "dialogue",
    "ministerial",
    "round",
    "awards",
    "week",
    # Days and years kept in a name's honour ("International Women's Day", "UN Day").
    "day",
    "days",
    "anniversary",
    "year",
    "decade",
}
# Words that name a kind of place or body, not one: a name made only of them ("States",
# "Member States", "Arab Region", "Diplomatic Corps") names nothing in particular.
GENERIC = {
    "state",
    "states",
    "member",
    "members",
    "region",
    "regions",
    "regional",
    "country",
    "countries",
    "nation",
    "nations",
    "government",
    "governments",
    "current",
    "kingdom",
    "republic",
    "union",
    "federation",
    "committee",
    "committees",
    "council",
    "office",
    "ministry",
    "ministries",
    "department",
    "secretariat",
    "commission",
    "corps",
    "diplomatic",
    "civil",
    "servants",
    "leaders",
    "partners",
    "dialogue",
    "delegation",
    "delegations",
    "authorities",
    "organizing",
    "organising",
    "arab",
    "world",
    "international",
    "forum",
    "partner",
    "team",
    "technical",
    "jr.",
    "sr.",
}
# The head of a state's or a body's name, which "of X" completes ("Hashemite Kingdom of
# Jordan", "Embassy of Japan"); the model often stops before the "of".
STATES = {
    "kingdom",
    "republic",
    "emirate",
    "emirates",
    "sultanate",
    "principality",
    "federation",
    "commonwealth",
    "state",
    "states",
    "islands",
}
HEADS = STATES | {
    "government",
    "ministry",
    "ministries",
    "embassy",
    "consulate",
    "department",
    "office",
    "university",
    "bank",
    "council",
    "commission",
    "committee",
    "secretariat",
    "league",
    "organization",
    "organisation",
    "agency",
    "institute",
    "centre",
    "center",
    "court",
    "parliament",
    "assembly",
    "union",
    "fund",
    "foundation",
    "board",
    "authority",
    "service",
    "corporation",
    "company",
    "association",
    "group",
    "unit",
    "division",
    "bureau",
    "directorate",
    "force",
    "army",
    "navy",
    "police",
    "college",
    "school",
    "society",
    "front",
    "party",
    "team",
    "corps",
    "tribunal",
    "chamber",
    "network",
    "press",
    "administration",
    "mechanism",
    "community",
    "alliance",
    "caucus",
}
# The field of a ministry or unit ("Call and Guidance", "EU Affairs", "Social Care"): the
# tail of a body's name, not a body, unless a head word makes it one.
FIELDS = {
    "affairs",
    "care",
    "security",
    "cooperation",
    "co-operation",
    "studies",
    "industry",
    "information",
    "guidance",
    "development",
    "trade",
    "relations",
    "policy",
    "technology",
    "umrah",
    "communication",
    "communications",
    "rescue",
    "reforms",
    "management",
    "investment",
    "empowerment",
    "inclusion",
    "credit",
}
# A title, not a body: a span that ends in one was cut from a person's role ("the
# Agency Executive Secretary Ana Velde" read as the organisation "Agency Executive").
TITLES = {
    "executive",
    "secretary",
    "secretary-general",
    "director",
    "director-general",
    "chair",
    "chairman",
    "chairperson",
    "president",
    "minister",
    "spokesperson",
    "spokesman",
    "envoy",
    "ambassador",
    "coordinator",
    "adviser",
    "advisor",
    "specialist",
    "rapporteur",
    # "UN-Arab League Joint Special Representative", "Prosecutor General", "DOD Inspector".
    "representative",
    "commissioner",
    "prosecutor",
    "attorney",
    "auditor",
    "inspector",
    "ombudsman",
    "counsellor",
    "counselor",
}
# People, not a body: a name that opens with a group of people ("Heads of State and
# Government", "Chiefs of Defence", "Secretaries of Government").
GROUPS = {
    "heads",
    "chiefs",
    "secretaries",
    "ministers",
    "leaders",
    "members",
    "presidents",
    "representatives",
    "governors",
    "commissioners",
    "ambassadors",
    "delegates",
    "officials",
}
# People in the plural that end a name: a group of people, not a body ("Ghanaian
# Soldiers", "Kazakh Horse Breeders"); with a body's head word it is one ("Union of
# Journalists").
PEOPLE = {
    "soldiers",
    "troops",
    "breeders",
    "farmers",
    "students",
    "citizens",
    "nationals",
    "veterans",
    "refugees",
    "migrants",
    "pilgrims",
    "journalists",
    "experts",
}
# A territory's kind: a name ending in one is a place ("Indo-Pacific region", "Eastern
# Neighbourhood"), as is "Irrawaddy Division" written without an article ("in Irrawaddy
# Division"; "the Domestic Policy Division" is a body).
REGIONS = {
    "region",
    "neighbourhood",
    "neighborhood",
    "province",
    "district",
    "county",
    "governorate",
    "prefecture",
    "oblast",
}
DIVISIONS = {"division", "divisions"}
ORDINAL = re.compile(
    r"\d+(?:st|nd|rd|th)|(?:[a-z]+-)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|"
    r"ninth|tenth|eleventh|twelfth|[a-z]+teenth|[a-z]+tieth)"
)
DETERMINERS = {"this", "that", "these", "those", "its", "our", "their", "his", "her"}
# A building or site, not the body in it; the White House and the Blue House stand for
# their presidencies.
BUILDINGS = {
    "house",
    "headquarters",
    "building",
    "hall",
    "hotel",
    "tower",
    "airport",
    "palace",
    "lodge",
    "plaza",
}
# A point of the compass that opens a region's name ("Western Balkans", "South Caucasus"),
# which the model often tags as an organisation; with a head word it names a body ("East
# African Community").
COMPASS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western"}
SEATS = {"white house", "blue house"}
ENDS = {"of", "for", "and", "the", "on", "in", "to", "with", "no.", "against"}


# The codes a state, district or province is written short by after its city ("Washington,
# D.C.", "Toronto, ON"): the United States' (USPS) and Canada's; "US" and "UK" are not
# among them, so "Russia, US" stays two countries.
# fmt: off
REGION_CODES = {
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL",
    "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE",
    "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD",
    "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "PR", "GU", "VI", "AS", "MP",
    "AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT",
}
# fmt: on


def plural(word: str) -> str:
    """ "ministry" -> "ministries", "office" -> "offices", "bureau" -> "bureaus"."""
    if word.endswith("y") and word[-2:-1] not in {"a", "e", "o"}:
        return word[:-1] + "ies"
    return word + ("es" if word.endswith(("s", "ch", "sh", "x")) else "s")


# A plural body: a kind of body named in general ("International Organisations", "Foreign
# Ministries of Laos and Vietnam"), not one; forces and services keep a plural name
# ("Sudanese Armed Forces").
PLURAL_HEADS = {"ministries"} | {plural(h) for h in HEADS - STATES if not h.endswith("s")} - {
    "forces",
    "services",
    "polices",
}
