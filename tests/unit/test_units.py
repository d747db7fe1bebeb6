"""The standard unit catalogue: stable ids, every regional government has its units, national vertical offices."""
from chalicelib.domain.directory import get_directory
from chalicelib.domain.units import split_unit_id, standard_unit, standard_units


def test_every_regional_government_has_the_standard_units_with_stable_ids():
    d = get_directory()
    for agency in d.agencies.values():
        units = standard_units(agency.id)
        if agency.level == "national":
            continue
        keys = {u.key for u in units}
        assert {"pupr", "dinkes", "disdik", "inspektorat", "diskominfo", "satpolpp"} <= keys, agency.id
        assert all(u.id == f"{agency.id}/{u.key}" for u in units)
        assert ("biro-organisasi" in keys) == (agency.level == "province")


def test_national_bodies_have_their_vertical_offices():
    assert {u.key for u in standard_units("polri")} >= {"polres", "polsek"}
    assert standard_unit("kemen-atr-bpn/kantor-pertanahan").name == "Kantor Pertanahan"
    assert standard_units("kpk") == ()
    assert standard_units("no-such-agency") == ()


def test_unit_ids_split_back():
    assert split_unit_id("pemkot-51.71/pupr") == ("pemkot-51.71", "pupr")
    assert split_unit_id("pemkot-51.71") is None and standard_unit("x") is None
