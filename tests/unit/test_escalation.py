"""Escalation ladder per agency level."""

from __future__ import annotations

import pytest

from chalicelib.domain.directory import NATIONAL_ADMIN, OMBUDSMAN, get_directory
from chalicelib.domain.escalation import (LADDER, MAX_LEVEL, EscalationStep, breach_data, coordinator_for, next_step,
                                          step_for)


def ladder(agency_id):
    return [(s.level, s.handler_agency_id, s.handler_role) for s in (next_step(agency_id, lv) for lv in range(4))]


def test_regency_ladder():
    assert ladder("pemkab-51.04") == [
        (1, "pemkab-51.04", "supervisor"),
        (2, "pemprov-51", "coordinator"),
        (3, NATIONAL_ADMIN, "admin"),
        (4, OMBUDSMAN, "admin"),
    ]
    assert next_step("pemkab-51.04", 4) is None


def test_city_ladder_goes_to_its_province():
    assert ladder("pemkot-31.71")[1] == (2, "pemprov-31", "coordinator")


def test_province_ladder_coordinator_is_kemenpanrb():
    assert ladder("pemprov-51") == [
        (1, "pemprov-51", "supervisor"),
        (2, NATIONAL_ADMIN, "coordinator"),
        (3, NATIONAL_ADMIN, "admin"),
        (4, OMBUDSMAN, "admin"),
    ]


def test_national_body_ladder():
    assert ladder("kemenkes") == [
        (1, "kemenkes", "supervisor"),
        (2, NATIONAL_ADMIN, "coordinator"),
        (3, NATIONAL_ADMIN, "admin"),
        (4, OMBUDSMAN, "admin"),
    ]


def test_kemenpanrb_itself_and_unknown_or_missing_agency():
    assert ladder(NATIONAL_ADMIN)[1] == (2, NATIONAL_ADMIN, "coordinator")
    assert ladder("does-not-exist")[1] == (2, NATIONAL_ADMIN, "coordinator")
    assert ladder(None)[0] == (1, NATIONAL_ADMIN, "supervisor")  # verification desk
    assert coordinator_for(None) == NATIONAL_ADMIN


def test_every_agency_in_directory_has_a_sane_ladder():
    d = get_directory()
    for agency in d.agencies.values():
        steps = [next_step(agency.id, lv) for lv in range(MAX_LEVEL)]
        assert [s.level for s in steps] == [1, 2, 3, 4]
        assert steps[0].handler_agency_id == agency.id
        coord = d.agency(steps[1].handler_agency_id)
        if agency.level in ("regency", "city"):
            assert coord.level == "province"
            assert coord.province_code == agency.province_code
        else:
            assert coord.id == NATIONAL_ADMIN
        assert steps[2].handler_agency_id == NATIONAL_ADMIN
        assert steps[3].handler_agency_id == OMBUDSMAN
        assert next_step(agency.id, MAX_LEVEL) is None


def test_labels_are_bilingual():
    for level, (role, label_id, label_en) in LADDER.items():
        step = step_for("pemkab-51.04", level)
        assert isinstance(step, EscalationStep)
        assert (step.handler_role, step.label_id, step.label_en) == (role, label_id, label_en)
        assert label_id and label_en


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
