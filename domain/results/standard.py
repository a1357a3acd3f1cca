"""The standard catalogue (standardkatalog): the results the national evaluation asks for
(seed 003) — jobs created or secured, new companies, and development capacity."""

from __future__ import annotations

from domain.results.indicators import Indicator, IndicatorKind, IndicatorLevel, Unit

EFFECT, PROCESS = IndicatorKind.EFFECT, IndicatorKind.PROCESS
OUTPUT, OUTCOME = IndicatorLevel.OUTPUT, IndicatorLevel.OUTCOME
ACCOUNTS = "Omstillingsorganisasjonens rapportering, kontrollert mot prosjektregnskap"
SSB = "Statistisk sentralbyrå (SSB), tabell 07984 og Enhetsregisteret"

STANDARD_CATALOGUE: tuple[Indicator, ...] = (
    Indicator(
        "jobs_created",
        "Nye arbeidsplasser",
        "Jobs created",
        Unit.COUNT,
        EFFECT,
        OUTCOME,
        "Nye helårs arbeidsplasser i perioden i bedrifter programmet har støttet, talt i "
        "personer med arbeidsforhold på minst 50 % stilling.",
        ACCOUNTS,
    ),
    Indicator(
        "jobs_secured",
        "Sikrede arbeidsplasser",
        "Jobs secured",
        Unit.COUNT,
        EFFECT,
        OUTCOME,
        "Eksisterende arbeidsplasser som etter bedriftens egen vurdering ville falt bort uten "
        "programmets innsats i perioden.",
        ACCOUNTS,
    ),
    Indicator(
        "new_companies",
        "Nye bedrifter",
        "New companies",
        Unit.COUNT,
        EFFECT,
        OUTCOME,
        "Nyregistrerte foretak med forretningsadresse i kommunen som har fått støtte eller "
        "veiledning fra programmet, og som har omsetning i perioden.",
        SSB,
    ),
    Indicator(
        "business_development_projects",
        "Utviklingsprosjekter i lokalt næringsliv",
        "Development projects run by local business",
        Unit.COUNT,
        PROCESS,
        OUTPUT,
        "Utviklingsprosjekter (produkt, marked, kompetanse) som lokale bedrifter har gjennomført "
        "med støtte fra programmet i perioden.",
        ACCOUNTS,
    ),
    Indicator(
        "competence_participants",
        "Deltakere i kompetanseprogram",
        "Participants in competence programmes",
        Unit.COUNT,
        PROCESS,
        OUTPUT,
        "Personer som har fullført minst ett kompetanse- eller gründerprogram i regi av "
        "programmet i perioden.",
        ACCOUNTS,
    ),
    Indicator(
        "municipal_development_capacity",
        "Kommunal kapasitet for strategisk næringsutvikling",
        "Municipal capacity for strategic business development",
        Unit.PERSON_YEARS,
        PROCESS,
        OUTCOME,
        "Årsverk i kommunen som arbeider med strategisk nærings- og samfunnsutvikling ved "
        "periodens slutt, medregnet omstillingsorganisasjonen.",
        "Kommunens årsrapport og KOSTRA",
    ),
    Indicator(
        "growth_ambition_share",
        "Andel bedrifter med vekstambisjoner",
        "Share of businesses with growth ambitions",
        Unit.PERCENT,
        EFFECT,
        OUTCOME,
        "Andel av bedriftene i næringslivsundersøkelsen som oppgir at de planlegger vekst i "
        "omsetning eller sysselsetting de neste tre årene.",
        "Årlig næringslivsundersøkelse i kommunen",
    ),
)
STANDARD_CODES = tuple(i.code for i in STANDARD_CATALOGUE)
