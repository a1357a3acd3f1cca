"""Tenants: Norway's municipalities and the counties that supervise their programmes."""

from __future__ import annotations

from tenants.registry import (
    MUNICIPALITY_NAMESPACE,
    NUMBERS_KNOWN_FROM,
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

__all__ = [
    "MUNICIPALITY_NAMESPACE",
    "NUMBERS_KNOWN_FROM",
    "County",
    "Municipality",
    "MunicipalityNumber",
    "ReferenceDataError",
    "Registry",
    "UnknownCounty",
    "UnknownMunicipality",
    "load_registry",
    "municipality_id",
]
