from roundtable.lib.spreadsheet import safe_cell


def test_text_that_starts_like_a_formula_is_kept_as_text_and_the_rest_is_unchanged():
    for risky in ("=SUM(A1:A9)", "+44 7700", "-1+1", "@cmd", "\tx", "\rx"):
        assert safe_cell(risky) == "'" + risky
    for fine in ("Amira", "Sign 1", "", "a=b"):
        assert safe_cell(fine) == fine
    assert safe_cell(7) == 7 and safe_cell(None) is None
