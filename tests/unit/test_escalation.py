"""Escalation ladder per agency level."""

from __future__ import annotations

import pytest

from chalicelib.domain.directory import NATIONAL_ADMIN, OMBUDSMAN, get_directory
from chalicelib.domain.escalation import (LADDER, MAX_LEVEL, SOURCES, EscalationStep, breach_data, coordinator_for,
                                          next_step, step_for)


def ladder(agency_id):
    out, level = [], 0
    while (step := next_step(agency_id, level)) is not None:
        out.append((step.level, step.handler_agency_id, step.handler_role))
        level = step.level
    return out


def test_regency_ladder():
    assert ladder("pemkab-51.04") == [
        (1, "pemkab-51.04", "supervisor"),
        (2, "pemprov-51", "coordinator"),
        (3, NATIONAL_ADMIN, "admin"),
        (4, OMBUDSMAN, "ombudsman"),
    ]
    assert next_step("pemkab-51.04", 4) is None


def test_city_ladder_goes_to_its_province():
    assert ladder("pemkot-31.71")[1] == (2, "pemprov-31", "coordinator")


def test_province_ladder_skips_the_provincial_coordinator():
    assert ladder("pemprov-51") == [
        (1, "pemprov-51", "supervisor"),
        (3, NATIONAL_ADMIN, "admin"),
        (4, OMBUDSMAN, "ombudsman"),
    ]


def test_national_body_ladder():
    assert ladder("kemenkes") == [
        (1, "kemenkes", "supervisor"),
        (3, NATIONAL_ADMIN, "admin"),
        (4, OMBUDSMAN, "ombudsman"),
    ]


def test_kemenpanrb_itself_and_unknown_or_missing_agency():
    assert ladder(NATIONAL_ADMIN)[1] == (3, NATIONAL_ADMIN, "admin")
    assert ladder("does-not-exist")[1] == (3, NATIONAL_ADMIN, "admin")
    assert ladder(None)[0] == (1, NATIONAL_ADMIN, "supervisor")  # verification desk
    assert coordinator_for(None) == NATIONAL_ADMIN


def test_every_agency_in_directory_has_a_sane_ladder():
    d = get_directory()
    for agency in d.agencies.values():
        steps = ladder(agency.id)
        regional = agency.level in ("regency", "city")
        assert [s[0] for s in steps] == ([1, 2, 3, 4] if regional else [1, 3, 4])
        assert steps[0][:2] == (1, agency.id)
        if regional:
            coord = d.agency(steps[1][1])
            assert coord.level == "province" and coord.province_code == agency.province_code
        assert steps[-2][1:] == (NATIONAL_ADMIN, "admin") and steps[-1][1:] == (OMBUDSMAN, "ombudsman")
        assert all(d.agency(s[1]) is not None for s in steps)  # every owner is in the directory
        assert next_step(agency.id, MAX_LEVEL) is None


def test_labels_are_bilingual_words_and_every_level_has_a_source():
    for level, row in LADDER.items():
        step = step_for("pemkab-51.04", level)
        assert isinstance(step, EscalationStep) and step.handler_role == row["role"]
        assert step.label_id and step.label_en and "$" not in step.label_id + step.label_en
        assert row["sources"] and set(row["sources"]) <= set(SOURCES)
    assert step_for("pemkab-51.04", 4).label_id == "Ombudsman RI"
    assert "Pemerintah Provinsi Bali" in step_for("pemkab-51.04", 2).label_id


@pytest.mark.parametrize("bad", [-1, 5, True, "1", None])
def test_invalid_levels(bad):
    with pytest.raises(ValueError):
        next_step("pemkab-51.04", bad)


@pytest.mark.parametrize("bad", [0, 5])
def test_step_for_range(bad):
    with pytest.raises(ValueError):
        step_for("pemkab-51.04", bad)


def test_breach_data_attributes_late_agency():
    step = next_step("pemkab-51.04", 1)
    data = breach_data("pemkab-51.04", step)
    assert data["breached_agency_id"] == "pemkab-51.04"
    assert data["level"] == 2
    assert data["handler_agency_id"] == "pemprov-51"
    assert step.to_dict()["handler_role"] == "coordinator"
