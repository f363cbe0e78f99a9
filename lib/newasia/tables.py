"""The schema of every extract in data/: one `Table` per file, defined once.

From these definitions come the Frictionless-style descriptor in data/datapackage.json (newasia.descriptor), the
pandera schemas that validate each table when it is built and loaded (newasia.validate), and the dtypes the
loaders return (newasia.data).
"""

from __future__ import annotations

from dataclasses import dataclass, field

CODE_PATTERN = r"^[A-Z]{3}$"
DATE_MIN = "1940-01-01"


@dataclass(frozen=True)
class Column:
    """One column: its name, type (string, integer, number, boolean, date), meaning, unit and constraints."""

    name: str
    type: str
    description: str
    unit: str | None = None
    required: bool = True
    enum: tuple | None = None
    minimum: float | None = None
    maximum: float | None = None
    pattern: str | None = None
    categorical: bool = False


@dataclass(frozen=True)
class Table:
    """One extract: file name, title, description, sources, columns, primary key and caveats."""

    name: str
    path: str
    title: str
    description: str
    sources: tuple[str, ...]
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    caveats: tuple[str, ...] = field(default=())
    derived: bool = False  # built from other extracts by `python -m newasia gravity`, not by `data build`

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def format(self) -> str:
        return self.path.rsplit(".", 1)[-1]


FLOWS = ("exports", "imports")
TRADE_SOURCES = ("IMF DOTS", "UN Comtrade")
VINTAGES = ("current", "2018-08", "2026-03")


def _trade_columns(code_pattern: str | None, code_note: str, minimum: float | None) -> tuple[Column, ...]:
    return (
        Column("reporter", "string", f"Reporting economy: {code_note}", pattern=code_pattern, categorical=True),
        Column("partner", "string", f"Partner economy: {code_note}", pattern=code_pattern, categorical=True),
        Column(
            "flow",
            "string",
            "exports = reporter's exports to partner, FOB; imports = reporter's imports "
            "from partner, CIF. Always the reporter's own figures.",
            enum=FLOWS,
            categorical=True,
        ),
        Column("year", "integer", "Calendar year", minimum=1960, maximum=2021),
        Column(
            "value_usd_mn", "number", "Value of merchandise trade", unit="US$ million, current prices", minimum=minimum
        ),
        Column(
            "estimate",
            "boolean",
            "True where the IMF marks the value as an estimate ('e'), derived from partner data rather than reported",
        ),
        Column(
            "source",
            "string",
            "IMF DOTS (1960-2020) or UN Comtrade (2021, exports only)",
            enum=TRADE_SOURCES,
            categorical=True,
        ),
    )


TABLES: dict[str, Table] = {}


def _register(table: Table) -> Table:
    TABLES[table.name] = table
    return table


_register(
    Table(
        name="countries",
        path="countries.csv",
        title="Countries and territories",
        description="Every code used in the extracts, with a display name and the code system it comes from.",
        sources=("project",),
        columns=(
            Column("code", "string", "Three-letter code", pattern=CODE_PATTERN),
            Column("name", "string", "Short English display name"),
            Column(
                "code_system",
                "string",
                "ISO 3166-1 (current), ISO 3166-3 (withdrawn, e.g. USSR) or "
                "user-assigned (X.. codes and the World Bank's CHI, for entities ISO does not code)",
                enum=("ISO 3166-1", "ISO 3166-3 (withdrawn)", "user-assigned"),
            ),
        ),
        primary_key=("code",),
    )
)

_register(
    Table(
        name="groups",
        path="groups.csv",
        title="Country groups",
        description="The groups the analysis uses (ASEAN, ADB regional members, EU, EAEU, ...), with their sources. "
        "Defined in data/reference/groups.yaml.",
        sources=("project",),
        columns=(
            Column("group", "string", "Group identifier", pattern=r"^[A-Z_]+$"),
            Column("name", "string", "Group name"),
            Column("source", "string", "Where the membership comes from"),
            Column("note", "string", "Caveats on the definition", required=False),
        ),
        primary_key=("group",),
    )
)

_register(
    Table(
        name="group_members",
        path="group_members.csv",
        title="Group membership over time",
        description="One row per member spell: a country (or a nested group) belongs to a group from one date to "
        "another. A group is a set of members per date, not a fixed list.",
        sources=("project",),
        columns=(
            Column("group", "string", "Group identifier (see groups.csv)", pattern=r"^[A-Z_]+$"),
            Column("member", "string", "Country code, or the identifier of a nested group"),
            Column("member_type", "string", "country or group", enum=("country", "group")),
            Column("start", "date", "First day of membership"),
            Column("end", "date", "Last day of membership; empty while still a member", required=False),
            Column("precision", "string", "day, or year where only the year is documented", enum=("day", "year")),
        ),
        primary_key=("group", "member", "start"),
    )
)

_register(
    Table(
        name="trade",
        path="trade.parquet",
        title="Bilateral merchandise trade between countries, 1960-2021",
        description="IMF Direction of Trade Statistics, every reporter and partner country, exports FOB and imports "
        "CIF as the reporter records them, extended to 2021 with UN Comtrade exports. Countries only: "
        "regional and residual aggregates are in trade_aggregates. The IMF repeats partner rows under "
        "several regional headings; the repeats are removed after checking that they agree.",
        sources=("imf-dots", "comtrade-2021"),
        columns=_trade_columns(CODE_PATTERN, "country code (countries.csv)", minimum=0),
        primary_key=("reporter", "partner", "flow", "year"),
        caveats=(
            "Reporter-side and partner-side (mirror) figures for the same flow differ: CIF vs FOB, timing, "
            "re-exports, confidentiality. newasia.trade computes both sides.",
            "Taiwan appears only as a partner in DOTS: its own trade exists only as mirror data before 2021.",
            "2021 rows are UN Comtrade exports (reporter side) only; Comtrade's 'Other Asia, nes' is Taiwan.",
            "About 7% of values are IMF estimates derived from partner data (estimate = True), most of Laos's "
            "values after 2010 among them.",
        ),
    )
)

_register(
    Table(
        name="trade_aggregates",
        path="trade_aggregates.parquet",
        title="Merchandise trade involving IMF and Comtrade aggregates",
        description="The rows of the same sources where the reporter or the partner is an aggregate (World, "
        "Emerging and Developing Asia, areas not specified, ...). Never sum these with countries.",
        sources=("imf-dots", "comtrade-2021"),
        columns=_trade_columns(None, "country code, or an aggregate id (aggregates.csv)", minimum=None),
        primary_key=("reporter", "partner", "flow", "year"),
    )
)

_register(
    Table(
        name="aggregates",
        path="aggregates.csv",
        title="Trade aggregates",
        description="Identifiers of the aggregates in trade_aggregates, with the names the sources give them.",
        sources=("imf-dots", "comtrade-2021"),
        columns=(
            Column("aggregate", "string", "Aggregate identifier (lower case)", pattern=r"^[a-z0-9-]+$"),
            Column("name", "string", "Name as the source gives it"),
            Column("source", "string", "Source of the name", enum=TRADE_SOURCES),
        ),
        primary_key=("aggregate", "source"),
    )
)

_register(
    Table(
        name="product_trade",
        path="product_trade.parquet",
        title="Trade by product group (OTS communities), selected reporters, 1962-2018",
        description="Open Trade Statistics (from UN Comtrade, HS 2007): exports and imports of each reporter with "
        "each partner, by product group ('community', close to an HS section). Reporters: Russia, "
        "the ten ASEAN members and the other countries listed in newasia.build.ots.REPORTERS.",
        sources=("ots-product-groups",),
        columns=(
            Column("reporter", "string", "Reporting country code", pattern=CODE_PATTERN),
            Column("partner", "string", "Partner country code", pattern=CODE_PATTERN),
            Column("year", "integer", "Calendar year", minimum=1962, maximum=2018),
            Column("product_group", "string", "OTS community name (see product_groups.csv)"),
            Column("exports_usd_mn", "number", "Reporter's exports to partner", unit="US$ million", minimum=0),
            Column("imports_usd_mn", "number", "Reporter's imports from partner", unit="US$ million", minimum=0),
        ),
        primary_key=("reporter", "partner", "year", "product_group"),
        caveats=(
            "Levels look inflated against other sources: the sum of all reporters' exports in 2017 is about 1.18 "
            "times the WTO's world merchandise exports. Cause not established. Use shares, not levels.",
            "'Machines' is HS 84 and 85 together; 'Animal Products' is HS 01-05 (dairy, HS 04, cannot be separated).",
            "Flows are reconciled by OTS: A's exports to B equal B's imports from A.",
        ),
    )
)

_register(
    Table(
        name="product_groups",
        path="product_groups.csv",
        title="Product groups and their HS chapters",
        description="The 22 OTS communities with the HS 2-digit chapters that map to them.",
        sources=("ots-product-groups",),
        columns=(
            Column("product_group", "string", "OTS community name"),
            Column("community_code", "string", "OTS community code", pattern=r"^\d{2}$"),
            Column("hs_chapters", "string", "HS 2-digit chapters in the group, as ranges (e.g. 25-27)"),
        ),
        primary_key=("product_group",),
    )
)

_register(
    Table(
        name="indicators",
        path="indicators.parquet",
        title="World Bank World Development Indicators, selected, three vintages",
        description="Long table: one value per country, indicator, year and vintage. 'current' is the July 2026 "
        "mirror; '2018-08' is what a report written in 2018-2019 could see; '2026-03' holds personal "
        "remittances only. Countries only: World Bank aggregates are left out.",
        sources=("wdi",),
        columns=(
            Column("country", "string", "Country code", pattern=CODE_PATTERN),
            Column("indicator", "string", "WDI indicator code, lower case (see indicator_definitions.csv)"),
            Column("year", "integer", "Calendar year", minimum=1960, maximum=2030),
            Column("value", "number", "Value, in the indicator's unit"),
            Column("vintage", "string", "Data vintage", enum=VINTAGES),
        ),
        primary_key=("country", "indicator", "year", "vintage"),
    )
)

_register(
    Table(
        name="indicator_definitions",
        path="indicator_definitions.csv",
        title="Definitions of the World Bank indicators",
        description="Name and unit of each indicator in indicators.parquet.",
        sources=("wdi",),
        columns=(
            Column("indicator", "string", "WDI indicator code, lower case"),
            Column("name", "string", "Indicator name"),
            Column("unit", "string", "Unit of the values"),
        ),
        primary_key=("indicator",),
    )
)

_register(
    Table(
        name="hdi",
        path="hdi.csv",
        title="UNDP Human Development Index and components, 1990-2022",
        description="Long table from the HDR 2023/24 time series: HDI, life expectancy, expected and mean years of "
        "schooling, GNI per capita. Countries only: UNDP regional aggregates are left out.",
        sources=("undp-hdi",),
        columns=(
            Column("country", "string", "Country code", pattern=CODE_PATTERN),
            Column(
                "indicator",
                "string",
                "hdi (index 0-1), le (life expectancy, years), eys (expected years of "
                "schooling), mys (mean years of schooling), gnipc (GNI per capita, 2017 PPP $)",
                enum=("hdi", "le", "eys", "mys", "gnipc"),
            ),
            Column("year", "integer", "Calendar year", minimum=1990, maximum=2022),
            Column("value", "number", "Value, in the indicator's unit", minimum=0),
        ),
        primary_key=("country", "indicator", "year"),
    )
)

_register(
    Table(
        name="arms_transfers",
        path="arms_transfers.csv",
        title="SIPRI arms transfers: deliveries by deal and year, 2000-2023",
        description="SIPRI trade register: one row per deal and delivery year. TIV is SIPRI's trend-indicator "
        "value, a volume index of military capability, not a financial value in US dollars.",
        sources=("sipri-arms-transfers",),
        columns=(
            Column("deal_id", "integer", "SIPRI AT Database ID"),
            Column("year", "integer", "Delivery year", minimum=2000, maximum=2023),
            Column(
                "supplier",
                "string",
                "Supplier country code; empty for organisations, non-state actors and unknown suppliers",
                pattern=CODE_PATTERN,
                required=False,
            ),
            Column("supplier_name", "string", "Supplier as SIPRI names it"),
            Column(
                "recipient",
                "string",
                "Recipient country code; empty for organisations, non-state actors and unknown recipients",
                pattern=CODE_PATTERN,
                required=False,
            ),
            Column("recipient_name", "string", "Recipient as SIPRI names it"),
            Column("category", "string", "SIPRI armament category"),
            Column("designation", "string", "Weapon designation", required=False),
            Column("description", "string", "Weapon description", required=False),
            Column("order_year", "integer", "Year of order", minimum=1950),
            Column("numbers_delivered", "integer", "Number of items delivered in the year", minimum=0),
            Column("tiv_mn", "number", "SIPRI TIV of the year's deliveries", unit="TIV million (not US$)", minimum=0),
        ),
        primary_key=("deal_id", "year"),
        caveats=(
            "TIV measures the volume of transfers of military capability, not their price: never present "
            "TIV as US dollars.",
            "Coverage is deliveries 2000-2023 only: nothing here can test claims about the Soviet era.",
        ),
    )
)

_register(
    Table(
        name="rta",
        path="rta.csv",
        title="WTO regional trade agreements (RTA-IS)",
        description="Every agreement in the WTO's RTA database (late-2025 snapshot): dates of signature and entry "
        "into force for goods (G) and services (S), inactive date, type, coverage, composition, region.",
        sources=("wto-rta",),
        columns=(
            Column("rta_id", "integer", "WTO RTA ID"),
            Column("name", "string", "Agreement name"),
            Column("coverage", "string", "Goods, Services, or Goods & Services", required=False),
            Column("type", "string", "FTA, CU, PSA, EIA and combinations", required=False),
            Column("status", "string", "Status in the snapshot"),
            Column("accession", "boolean", "True if the record is an accession to an existing agreement"),
            Column("composition", "string", "Bilateral/Plurilateral, and whether a party is itself an RTA"),
            Column("region", "string", "WTO regions of the parties, separated by '; '", required=False),
            Column("cross_regional", "boolean", "True if the parties are in more than one WTO region"),
            Column("signature_goods", "date", "Date of signature, goods", required=False),
            Column("signature_services", "date", "Date of signature, services", required=False),
            Column("notification_goods", "date", "Date the goods part was notified to the WTO", required=False),
            Column("notification_services", "date", "Date the services part was notified to the WTO", required=False),
            Column("entry_into_force_goods", "date", "Date of entry into force, goods", required=False),
            Column("entry_into_force_services", "date", "Date of entry into force, services", required=False),
            Column("inactive_date", "date", "Date the agreement became inactive", required=False),
            Column("parties", "string", "Current signatories as the WTO lists them", required=False),
            Column("original_parties", "string", "Original signatories as the WTO lists them", required=False),
        ),
        primary_key=("rta_id",),
        caveats=(
            "A late-2025 snapshot: counts for past years are rebuilt from dates and inactive dates and can "
            "differ from what the WTO published at the time.",
            "Agreements never notified to the WTO (RCEP, Israel-Viet Nam) are absent: see the DESTA tables.",
        ),
    )
)

_register(
    Table(
        name="rta_parties",
        path="rta_parties.csv",
        title="Parties to WTO regional trade agreements, blocs expanded to member countries",
        description="One row per agreement and member country, with the dates between which the agreement "
        "applied to that country: the agreement's entry into force (or the country's own date where "
        "the WTO gives one), the country's accession to a bloc party (AFTA/ASEAN, EU, EFTA, EAEU, ...), "
        "and the earliest of the agreement's inactive date, the country's exit and its leaving the bloc.",
        sources=("wto-rta", "project"),
        columns=(
            Column("rta_id", "integer", "WTO RTA ID (rta.csv)"),
            Column("party", "string", "Country code", pattern=CODE_PATTERN),
            Column(
                "via", "string", "The bloc through which the country is a party, if any (groups.csv)", required=False
            ),
            Column(
                "start", "date", "First day the agreement applied to this country; empty if not yet", required=False
            ),
            Column("end", "date", "Last day it applied; empty while it still applies", required=False),
        ),
        primary_key=("rta_id", "party"),
    )
)

_register(
    Table(
        name="desta_treaties",
        path="desta_treaties.csv",
        title="DESTA trade agreements (treaties)",
        description="The DESTA list of treaties: name, year of signature, year of entry into force, type of "
        "membership, region and whether the WTO lists it. Includes agreements never notified to the WTO; "
        "treaties still under negotiation (no year of signature) are left out.",
        sources=("desta",),
        columns=(
            Column(
                "number",
                "string",
                "DESTA treaty number (accessions have suffixes such as 8+1, withdrawals "
                "such as 8_1, consolidated texts such as 27a)",
            ),
            Column("base_treaty", "integer", "Number of the base treaty"),
            Column("name", "string", "Treaty name"),
            Column("entry_type", "string", "base_treaty, accession, protocol or amendment, consolidated or withdrawal"),
            Column("year", "integer", "Year of signature (or of accession)", minimum=1940),
            Column("entry_into_force_year", "integer", "Year of entry into force", required=False, minimum=1940),
            Column(
                "membership_type",
                "integer",
                "DESTA typememb code (1 = bilateral, 2 = plurilateral, ...); blank for one treaty in DESTA 2.03",
                required=False,
            ),
            Column("region", "string", "DESTA region", required=False),
            Column("wto_listed", "boolean", "True if the WTO lists the agreement", required=False),
        ),
        primary_key=("number",),
    )
)

_register(
    Table(
        name="desta_pairs",
        path="desta_pairs.parquet",
        title="DESTA trade agreements as country pairs",
        description="One row per country pair and treaty: the pair-level view of DESTA, with the withdrawal "
        "year where a country left.",
        sources=("desta",),
        columns=(
            Column("number", "string", "DESTA treaty number"),
            Column("country1", "string", "Country code", pattern=CODE_PATTERN),
            Column("country2", "string", "Country code", pattern=CODE_PATTERN),
            Column("name", "string", "Treaty name"),
            Column("entry_type", "string", "base_treaty, accession or consolidated"),
            Column("year", "integer", "Year of signature or accession", minimum=1940),
            Column("entry_into_force_year", "integer", "Year of entry into force (treaty level)", required=False),
            Column("withdrawal_year", "integer", "Year the pair stopped being covered", required=False),
        ),
        primary_key=("number", "country1", "country2"),
        caveats=(
            "entry_into_force_year is per treaty, not per country ratification; some accession rows lack it.",
            "The EAEU-Viet Nam pairs list only Russia, Belarus and Kazakhstan.",
        ),
    )
)

_register(
    Table(
        name="students",
        path="students.csv",
        title="International tertiary students by country of origin and host, 2013-2019 (corrected)",
        description="OECD EDU_ENRL_MOBILE, tertiary (ISCED 5-8), from a third-party cleaned extract whose values "
        "are about twice the true totals (its cleaning added the sub-levels to the total). The build "
        "halves them: students = students_in_extract / 2.",
        sources=("oecd-international-students",),
        columns=(
            Column("host", "string", "Country of the institution", pattern=CODE_PATTERN),
            Column("origin", "string", "Country of origin", pattern=CODE_PATTERN),
            Column("year", "integer", "Year", minimum=2013, maximum=2019),
            Column("students", "number", "International tertiary students, corrected", unit="persons", minimum=0),
            Column(
                "students_in_extract",
                "integer",
                "The value as the third-party extract gives it (doubled)",
                unit="persons",
                minimum=0,
            ),
            Column(
                "exact_correction",
                "boolean",
                "True where every value of this host and year is even, so "
                "halving recovers the total exactly; False where some sub-levels were missing and the "
                "halved value is a lower bound",
            ),
        ),
        primary_key=("host", "origin", "year"),
        caveats=(
            "Tertiary only: not comparable with all-sector enrolment counts (schools, vocational, English "
            "language courses) such as those of Australia's Department of Education.",
        ),
    )
)

_register(
    Table(
        name="milestones",
        path="milestones.csv",
        title="Milestones of Vietnam-Russia relations named in the paper",
        description="The dated events the paper (Nguyen Hung Cuong, 'Vietnam - Russia relations - 70 years of "
        "historical milestones') names, as the paper states them. Curated in data/reference/milestones.csv.",
        sources=("project",),
        columns=(
            Column("date", "date", "Date as stated (first day of the month or year where only those are given)"),
            Column("precision", "string", "day, month or year", enum=("day", "month", "year")),
            Column("event", "string", "Short description"),
            Column(
                "category",
                "string",
                "Kind of milestone",
                enum=("diplomatic", "treaty", "visit", "military", "economic", "context"),
            ),
            Column("quote", "string", "Verbatim fragment of the paper"),
            Column("claim_id", "string", "Claim id in the ledger (data/claims.yaml)", required=False),
        ),
        primary_key=("date", "event"),
    )
)

STAGES = (
    "establishment",
    "signature",
    "ratification",
    "entry_into_force",
    "visit",
    "statement",
    "declaration",
    "founding",
    "withdrawal",
    "accession",
    "meeting",
    "incident",
    "disaster",
    "legislation",
    "launch",
    "delivery",
    "count",
    "amount",
    "other",
)
SOURCE_KINDS = ("treaty_register", "government", "intergovernmental", "news_agency", "press", "scholarly")
PRECISIONS = ("day", "month", "year")
PARTIAL_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"

_register(
    Table(
        name="records",
        path="records.csv",
        title="Dated events and figures from independent sources, each row citing its source",
        description="One row per fact per source: the date (or figure) of an event the report or the paper names, as "
        "an independent source records it (treaty register, government, intergovernmental body, news "
        "agency, press or scholarly work), with the source's publisher, title and address. No row cites "
        "either document or an encyclopedia. Compiled by this project (CC BY 4.0) from four research "
        "batches; curated in data/reference/records.csv. Claims of the ledger point at events by slug.",
        sources=("project",),
        columns=(
            Column("record_id", "string", "Record id (r-<batch>-NNN)", pattern=r"^r-[a-z0-9-]+-\d{3}$"),
            Column(
                "event",
                "string",
                "Slug of the real-world event, shared by every record of it",
                pattern=r"^[a-z0-9][a-z0-9.-]*$",
            ),
            Column(
                "stage", "string", "What the record dates: signature, entry into force, visit, count, ...", enum=STAGES
            ),
            Column(
                "event_date",
                "string",
                "Date as precise as the source gives it: YYYY, YYYY-MM or YYYY-MM-DD",
                pattern=PARTIAL_DATE,
            ),
            Column("precision", "string", "Precision of event_date", enum=PRECISIONS),
            Column(
                "end_date",
                "string",
                "Last day of an event spanning days or years",
                required=False,
                pattern=PARTIAL_DATE,
            ),
            Column("value", "number", "The figure, for counts and amounts", required=False),
            Column("unit", "string", "Unit of the figure", required=False),
            Column("parties", "string", "Parties, ISO3 codes or organisation names separated by ';'"),
            Column("description", "string", "What happened, in the researcher's own words"),
            Column("publisher", "string", "Publisher of the source"),
            Column("title", "string", "Title of the source page or document"),
            Column("url", "string", "Address of the source", pattern=r"^https?://"),
            Column("source_date", "string", "The source's own publication date", required=False, pattern=PARTIAL_DATE),
            Column("source_kind", "string", "Kind of source", enum=SOURCE_KINDS),
        ),
        primary_key=("record_id",),
        caveats=(
            "Dates are text at their stated precision; a claim is compared at its own precision.",
            "Where sources disagree, each is a row of its own.",
        ),
    )
)

_register(
    Table(
        name="omissions",
        path="omissions.csv",
        title="Milestones the paper omits, with the reason",
        description="Events of Vietnam-Russia relations that the records show and a 70-year history would be expected "
        "to name, but the paper does not. Each event has records in records.csv. Curated in "
        "data/reference/omissions.csv.",
        sources=("project",),
        columns=(
            Column("event", "string", "Event slug (see records.csv)"),
            Column("reason", "string", "Why the omission matters, in the researcher's words"),
        ),
        primary_key=("event",),
    )
)

GRAVITY_DATASETS = ("dots", "yotov-2016")
GRAVITY_SPEC = (
    Column(
        "dataset",
        "string",
        "dots (IMF DOTS + WTO agreements, this project's panel) or yotov-2016 (the "
        "reference panel of Yotov et al. 2016)",
        enum=GRAVITY_DATASETS,
    ),
    Column("spec", "string", "Name of the specification (newasia.gravity.SPECS)"),
)

_register(
    Table(
        name="gravity_estimates",
        path="gravity_estimates.csv",
        title="Structural gravity estimates of trade-agreement effects (PPML), under each specification",
        description="One row per specification and term: PPML of bilateral trade on agreement dummies with "
        "exporter-year, importer-year and pair fixed effects (pyfixest.fepois), with the identifying "
        "information behind each term. Built by `python -m newasia gravity` through "
        "newasia.gravity.results, whose cache is keyed by the data's sha256 and the specification.",
        sources=("imf-dots", "wto-rta", "yotov-2016"),
        columns=GRAVITY_SPEC
        + (
            Column(
                "term",
                "string",
                "rta (every other agreement on goods), agr_<name> (one agreement's pairs), "
                "<term>_lead<L> (the L years before entry), <term>_lag<L> (from L years after entry)",
            ),
            Column("estimate", "number", "PPML coefficient", unit="log points"),
            Column(
                "se",
                "number",
                "Standard error (clustered by pair, or heteroskedasticity-robust: see vcov)",
                unit="log points",
                minimum=0,
            ),
            Column("ci_low", "number", "Lower bound of the 95% interval (estimate - 1.96 se)", unit="log points"),
            Column("ci_high", "number", "Upper bound of the 95% interval", unit="log points"),
            Column("pct", "number", "Effect on trade, 100 (exp(estimate) - 1)", unit="percent"),
            Column("pct_low", "number", "Lower bound of the 95% interval of pct", unit="percent"),
            Column("pct_high", "number", "Upper bound of the 95% interval of pct", unit="percent"),
            Column("observations", "integer", "Observations used by the estimation", minimum=1),
            Column("pairs", "integer", "Pair fixed effects in the estimation", minimum=1),
            Column("treated_pairs", "integer", "Country pairs (unordered) where the term is 1 in some year", minimum=0),
            Column(
                "identifying_pairs",
                "integer",
                "Country pairs whose term changes over the years used: with pair fixed effects only these identify it",
                minimum=0,
            ),
            Column("post_observations", "integer", "Observations where the term is 1", minimum=0),
            Column("post_years", "string", "First and last year where the term is 1", required=False),
            Column("years", "string", "Years used: first-last and interval"),
            Column(
                "pair_fe",
                "string",
                "directional (exporter-importer) or symmetric (one per unordered pair)",
                enum=("directional", "symmetric"),
            ),
            Column(
                "intra",
                "string",
                "Intra-national flows: none, common (one pair effect for all), country (one per country)",
                enum=("none", "common", "country"),
            ),
            Column(
                "vcov", "string", "cluster (by pair) or robust (heteroskedasticity-robust)", enum=("cluster", "robust")
            ),
            Column("description", "string", "What the specification changes"),
            Column("spec_key", "string", "Hash of every choice of the specification (newasia.gravity.Spec.key)"),
            Column("data_sha256", "string", "sha256 of the data the estimate came from", pattern=r"^[0-9a-f]{64}$"),
        ),
        primary_key=("dataset", "spec", "term"),
        caveats=(
            "With pair fixed effects an agreement's effect is identified only by its pairs' trade before and "
            "after entry: an agreement in force from 2017 has at most four post-entry years in data ending in "
            "2020, the year of COVID-19. Read identifying_pairs and post_years beside every estimate.",
            "DOTS has no intra-national flows: the dots estimates measure agreements' effect on trade between "
            "members relative to their trade with non-members, not relative to domestic sales.",
            "Standard errors are pyfixest's; its heteroskedasticity-robust errors differ from Stata ppml's by a "
            "small-sample factor (see tests/test_gravity_reference.py).",
        ),
        derived=True,
    )
)

_register(
    Table(
        name="gravity_pair_effects",
        path="gravity_pair_effects.csv",
        title="Estimated pair effects: each ASEAN member with Russia and with ASEAN's other dialogue partners",
        description="The pair fixed effects of a symmetric-pair PPML gravity estimation on the DOTS panel: trade "
        "between two countries relative to what their exporter-year and importer-year effects (size and "
        "multilateral resistance) predict, in log points, for each ASEAN member with each dialogue partner "
        "(the EU's members one by one) and Russia.",
        sources=("imf-dots", "wto-rta"),
        columns=GRAVITY_SPEC
        + (
            Column("asean", "string", "ASEAN member", pattern=CODE_PATTERN),
            Column("partner", "string", "Dialogue partner (or an EU member)", pattern=CODE_PATTERN),
            Column("partner_group", "string", "The partner as a dialogue partner: its own code, or EU"),
            Column(
                "pair_effect",
                "number",
                "Pair fixed effect (normalised by pyfixest: compare pairs, not levels)",
                unit="log points",
            ),
            Column(
                "relative",
                "number",
                "Pair effect minus the median of the ASEAN member's pair effects with the "
                "dialogue partners (EU members counted once, by their median)",
                unit="log points",
            ),
            Column("spec_key", "string", "Hash of the specification"),
            Column("data_sha256", "string", "sha256 of the data", pattern=r"^[0-9a-f]{64}$"),
        ),
        primary_key=("dataset", "spec", "asean", "partner"),
        caveats=(
            "A pair effect bundles everything time-invariant about a pair: distance, language, history, and "
            "policy. A low value says the pair trades less than size predicts, not why.",
        ),
        derived=True,
    )
)
