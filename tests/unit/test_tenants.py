from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4, uuid5

import pytest

from tenants import (
    MUNICIPALITY_NAMESPACE,
    County,
    Municipality,
    MunicipalityNumber,
    ReferenceDataError,
    Registry,
    UnknownCounty,
    UnknownMunicipality,
    load_registry,
    municipality_id,
)

IN_2022 = date(2022, 6, 1)
IN_2025 = date(2025, 1, 1)


@pytest.fixture
def registry() -> Registry:
    return load_registry()


def numbers(counties: tuple[County, ...]) -> list[str]:
    return [county.number for county in counties]


def id_of(registry: Registry, number_2024: str) -> UUID:
    return registry.municipality_by_number(number_2024, IN_2025).id


# Loading and identity


def test_registry_holds_357_municipalities_and_15_counties_valid_in_2024(
    registry: Registry,
) -> None:
    assert len(registry.municipalities()) == 357
    assert numbers(registry.counties_valid_on(date(2024, 1, 1))) == [
        "03", "11", "15", "18", "31", "32", "33", "34", "39", "40", "42", "46", "50", "55", "56",
    ]  # fmt: skip


def test_registry_keeps_historical_counties(registry: Registry) -> None:
    assert len(registry.counties()) == 33
    assert registry.county("30").name == "Viken"
    assert registry.county("30").valid_from == date(2020, 1, 1)
    assert registry.county("30").valid_to == date(2023, 12, 31)
    assert registry.county("30").successors == ("31", "32", "33")


def test_eleven_counties_were_valid_in_2022(registry: Registry) -> None:
    assert numbers(registry.counties_valid_on(IN_2022)) == [
        "03", "11", "15", "18", "30", "34", "38", "42", "46", "50", "54",
    ]  # fmt: skip


def test_municipality_identity_is_stable_uuid_independent_of_loading(registry: Registry) -> None:
    oslo = registry.municipality_by_number("0301")
    reloaded = Registry.from_package_data().municipality_by_number("0301")

    assert oslo.id == reloaded.id == municipality_id("0301")
    assert oslo.id == uuid5(MUNICIPALITY_NAMESPACE, "kommune:0301")
    # Pinned: a change here would orphan every tenant's stored events.
    assert oslo.id == UUID("1012dc76-af7f-503e-97df-42c5dbaa6d9d")


def test_every_municipality_has_its_own_identity(registry: Registry) -> None:
    assert len({m.id for m in registry.municipalities()}) == 357


def test_registry_is_loaded_once_per_process() -> None:
    assert load_registry() is load_registry()


def test_municipality_is_found_by_id_with_its_2024_number_and_county(registry: Registry) -> None:
    hammerfest = registry.municipality(municipality_id("5603"))

    assert hammerfest.name == "Hammerfest"
    assert hammerfest.number_on(IN_2025) == "5603"
    assert hammerfest.county_number_on(IN_2025) == "56"
    assert hammerfest.current_number == "5603"
    assert hammerfest.numbers == (MunicipalityNumber("5603", "56", date(2024, 1, 1), None),)


def test_renumbered_municipalities_carry_their_2024_number(registry: Registry) -> None:
    assert registry.municipality_by_number("3201").name == "Bærum"
    assert registry.municipality_by_number("5501").name == "Tromsø"
    assert registry.municipality_by_number("1508").name == "Ålesund"
    assert registry.municipality_by_number("1580").name == "Haram"


def test_numbers_before_2024_are_unknown_rather_than_guessed(registry: Registry) -> None:
    hammerfest = registry.municipality(municipality_id("5603"))

    assert hammerfest.number_on(date(2023, 12, 31)) is None
    assert hammerfest.county_number_on(IN_2022) is None
    with pytest.raises(UnknownMunicipality):
        registry.municipality_by_number("5603", on=IN_2022)
    with pytest.raises(UnknownMunicipality):
        registry.municipality_by_number("3024")  # Bærum's number until 2023


def test_municipalities_are_listed_by_the_county_they_belong_to(registry: Registry) -> None:
    finnmark = registry.municipalities_in_county("56", IN_2025)
    troms = registry.municipalities_in_county("55", IN_2025)

    assert len(finnmark) == 18
    assert len(troms) == 21
    assert "Hammerfest" in {m.name for m in finnmark}
    assert "Tromsø" in {m.name for m in troms}
    assert [m.name for m in registry.municipalities_in_county("03", IN_2025)] == ["Oslo"]


# Counties across reforms


def test_county_is_valid_up_to_and_including_its_last_day(registry: Registry) -> None:
    troms_og_finnmark = registry.county("54")

    assert not troms_og_finnmark.is_valid_on(date(2019, 12, 31))
    assert troms_og_finnmark.is_valid_on(date(2020, 1, 1))
    assert troms_og_finnmark.is_valid_on(date(2023, 12, 31))
    assert not troms_og_finnmark.is_valid_on(date(2024, 1, 1))


def test_county_without_dates_is_valid_throughout(registry: Registry) -> None:
    oslo = registry.county("03")

    assert oslo.is_valid_on(date(1990, 1, 1))
    assert oslo.is_valid_on(IN_2025)


def test_troms_og_finnmark_is_succeeded_by_troms_and_finnmark(registry: Registry) -> None:
    successors = registry.successor_counties("54", IN_2025)

    assert [(c.number, c.name) for c in successors] == [("55", "Troms"), ("56", "Finnmark")]


def test_old_finnmark_is_succeeded_by_troms_og_finnmark_until_2024(registry: Registry) -> None:
    assert numbers(registry.successor_counties("20", IN_2022)) == ["54"]
    assert numbers(registry.successor_counties("20", IN_2025)) == ["55", "56"]


def test_sor_trondelag_succeeded_by_trondelag(registry: Registry) -> None:
    assert numbers(registry.successor_counties("16", IN_2022)) == ["50"]
    assert numbers(registry.successor_counties("17", IN_2022)) == ["50"]


def test_ostfold_1_is_succeeded_through_viken_by_the_three_2024_counties(
    registry: Registry,
) -> None:
    assert numbers(registry.successor_counties("01", IN_2022)) == ["30"]
    assert numbers(registry.successor_counties("01", IN_2025)) == ["31", "32", "33"]


def test_county_has_no_successor_before_its_reform(registry: Registry) -> None:
    assert registry.successor_counties("20", date(2019, 6, 1)) == ()
    assert registry.successor_counties("03", IN_2025) == ()


# Supervision of a programme


def test_programme_granted_by_troms_og_finnmark_is_supervised_by_finnmark_after_2024_for_hammerfest(  # noqa: E501
    registry: Registry,
) -> None:
    hammerfest = id_of(registry, "5603")

    assert registry.supervising_county("54", hammerfest, IN_2025).name == "Finnmark"
    assert registry.supervising_county("54", hammerfest, IN_2025).number == "56"


def test_programme_granted_by_troms_og_finnmark_is_supervised_by_it_while_it_exists(
    registry: Registry,
) -> None:
    hammerfest = id_of(registry, "5603")

    assert registry.supervising_county("54", hammerfest, IN_2022).number == "54"


def test_programme_granted_by_troms_og_finnmark_for_tromso_goes_to_troms(
    registry: Registry,
) -> None:
    assert registry.supervising_county("54", id_of(registry, "5501"), IN_2025).number == "55"


def test_programme_granted_by_old_akershus_for_baerum_follows_viken_then_akershus(
    registry: Registry,
) -> None:
    baerum = id_of(registry, "3201")

    # Bærum's county in 2022 is not loaded; Viken is judged by Bærum's 2024 county, Akershus.
    assert registry.supervising_county("02", baerum, IN_2022).name == "Viken"
    assert registry.supervising_county("02", baerum, IN_2025).number == "32"


def test_programme_granted_by_viken_for_halden_is_supervised_by_ostfold(
    registry: Registry,
) -> None:
    halden = id_of(registry, "3101")

    assert registry.supervising_county("30", halden, IN_2025).number == "31"


def test_programme_granted_by_unchanged_county_stays_with_it(registry: Registry) -> None:
    bodo = id_of(registry, "1804")

    assert registry.supervising_county("18", bodo, IN_2025).name == "Nordland"


def test_lead_municipality_outside_every_successor_falls_to_the_first_successor(
    registry: Registry,
) -> None:
    bodo = id_of(registry, "1804")

    assert registry.supervising_county("54", bodo, IN_2025).number == "55"


def test_supervision_is_refused_before_the_granting_county_existed(registry: Registry) -> None:
    with pytest.raises(UnknownCounty, match="56 Finnmark is not valid on 2022-06-01"):
        registry.supervising_county("56", id_of(registry, "5603"), IN_2022)


def test_supervision_needs_a_known_lead_municipality(registry: Registry) -> None:
    with pytest.raises(UnknownMunicipality):
        registry.supervising_county("54", uuid4(), IN_2025)


# Refusals


def test_unknown_municipality_number_is_refused_with_the_number_in_the_message(
    registry: Registry,
) -> None:
    with pytest.raises(UnknownMunicipality, match="'9999'") as refused:
        registry.municipality_by_number("9999", on=IN_2025)

    assert str(refused.value) == "no municipality has number '9999' on 2025-01-01"
    assert refused.value.key == "9999"


def test_unknown_municipality_id_is_refused_with_the_id_in_the_message(
    registry: Registry,
) -> None:
    unknown = uuid4()

    with pytest.raises(UnknownMunicipality, match=str(unknown)):
        registry.municipality(unknown)


def test_unknown_county_number_is_refused_with_the_number_in_the_message(
    registry: Registry,
) -> None:
    with pytest.raises(UnknownCounty) as refused:
        registry.county("99")

    assert str(refused.value) == "unknown county number '99'"
    assert refused.value.number == "99"
    with pytest.raises(UnknownCounty):
        registry.municipalities_in_county("99", IN_2025)
    with pytest.raises(UnknownCounty):
        registry.successor_counties("99", IN_2025)


def test_reference_data_errors_are_lookup_errors() -> None:
    assert issubclass(UnknownCounty, ReferenceDataError)
    assert issubclass(UnknownMunicipality, ReferenceDataError)
    assert issubclass(ReferenceDataError, LookupError)
    assert issubclass(UnknownCounty, KeyError)


# Consistency of reference data


def test_registry_refuses_a_successor_that_does_not_exist() -> None:
    lapland = County("98", "Lappland", None, date(2019, 12, 31), successors=("97",))

    with pytest.raises(ReferenceDataError, match="unknown successor '97'"):
        Registry([lapland], [])


def test_registry_refuses_a_successor_that_begins_before_its_predecessor_ends() -> None:
    old = County("98", "Gammel", None, date(2019, 12, 31), successors=("97",))
    new = County("97", "Ny", date(2019, 1, 1), None)

    with pytest.raises(ReferenceDataError, match="begin after"):
        Registry([old, new], [])


def test_registry_refuses_a_municipality_in_an_unknown_county() -> None:
    stray = Municipality(
        municipality_id("9801"), "Stray", (MunicipalityNumber("9801", "98", None, None),)
    )

    with pytest.raises(ReferenceDataError, match="unknown county '98'"):
        Registry([], [stray])


def test_municipality_numbers_must_not_overlap_in_time() -> None:
    with pytest.raises(ValueError, match="without overlap"):
        Municipality(
            uuid4(),
            "Ålesund",
            (
                MunicipalityNumber("1507", "15", date(2020, 1, 1), date(2024, 6, 1)),
                MunicipalityNumber("1508", "15", date(2024, 1, 1), None),
            ),
        )


def test_earlier_numbers_can_be_added_to_the_same_identity() -> None:
    alesund = Municipality(
        municipality_id("1508"),
        "Ålesund",
        (
            MunicipalityNumber("1507", "15", date(2020, 1, 1), date(2023, 12, 31)),
            MunicipalityNumber("1508", "15", date(2024, 1, 1), None),
        ),
    )

    assert alesund.number_on(IN_2022) == "1507"
    assert alesund.number_on(IN_2025) == "1508"
    assert alesund.current_number == "1508"
    assert alesund.number_on(date(2019, 1, 1)) is None
