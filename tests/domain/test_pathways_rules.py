"""Enhanced pathways rules: ranking, phases, ties, budget and trial allocations."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from send_desktop.domain.pathways import (
    BidMoney,
    Claim,
    IntakeRow,
    OverBudgetError,
    PathwaysError,
    allocate,
    budget,
    check_award,
    check_payment,
    pounds,
    rank_schools,
)


def row(key: str, count: int | None, suppressed: bool = False) -> IntakeRow:
    return IntakeRow(key=key, urn=f"1{key:0>5}", name=f"School {key}", count=count,
                     suppressed=suppressed)  # fmt: skip


def phases(ranking) -> dict[str, str]:
    return {s.row.key: s.phase for s in ranking.schools}


def test_phases_and_competition_ranks():
    rows = [row("a", 20), row("b", 15), row("c", 15), row("d", 12), row("e", 7), row("f", 6)]
    ranking = rank_schools(rows)
    assert [s.rank for s in ranking.schools] == [1, 2, 2, 4, 5, 6]
    assert phases(ranking) == {"a": "1", "b": "1", "c": "1", "d": "2", "e": "2", "f": "-"}
    assert ranking.summary() == "phase1: 3, phase2: 2, ties: 0"


def test_tie_straddling_the_cut_off_is_flagged_never_broken():
    rows = [row("a", 20), row("b", 15), row("c", 12), row("d", 12), row("e", 9)]
    ranking = rank_schools(rows)
    assert phases(ranking) == {"a": "1", "b": "1", "c": "tie", "d": "tie", "e": "2"}
    assert [s.rank for s in ranking.schools] == [1, 2, 3, 3, 5]
    assert ranking.summary() == "phase1: 2, phase2: 1, ties: 2"
    assert "cut-off" in ranking.schools[2].note


def test_suppressed_is_unknown_listed_and_not_ranked():
    rows = [row("a", 20), row("z", None, suppressed=True), row("b", 0), row("m", None)]
    ranking = rank_schools(rows)
    by_key = {s.row.key: s for s in ranking.schools}
    assert by_key["z"].rank is None and by_key["z"].phase == "-"
    assert by_key["z"].count_text == "x" and "suppressed" in by_key["z"].note
    assert by_key["m"].rank is None and "missing" in by_key["m"].note
    # zero is a real count and is ranked; suppressed is not treated as zero
    assert by_key["b"].rank == 2
    assert [s.row.key for s in ranking.schools][-2:] == ["m", "z"]


def test_duplicate_school_refused():
    with pytest.raises(PathwaysError):
        rank_schools([row("a", 1), row("a", 2)])


counts = st.one_of(st.none(), st.integers(min_value=0, max_value=30))


@st.composite
def intake_rows(draw):
    n = draw(st.integers(min_value=0, max_value=15))
    values = draw(st.lists(counts, min_size=n, max_size=n))
    sup = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    return [
        row(str(i), v, s and v is None) for i, (v, s) in enumerate(zip(values, sup, strict=True))
    ]


@given(intake_rows(), st.randoms(), st.integers(0, 6), st.integers(0, 12))
def test_ranking_matches_the_rule_by_hand_and_ignores_row_order(rows, rnd, size, threshold):
    ranking = rank_schools(rows, phase1_size=size, phase2_threshold=threshold)
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    assert rank_schools(shuffled, phase1_size=size, phase2_threshold=threshold) == ranking
    # independently: a school's rank is 1 + how many known counts are strictly higher
    known = [r for r in rows if r.count is not None and not r.suppressed]
    for s in ranking.schools:
        if s.row not in known:
            assert s.rank is None and s.phase == "-"
            continue
        higher = sum(1 for o in known if o.count > s.row.count)
        same = sum(1 for o in known if o.count == s.row.count)
        assert s.rank == higher + 1
        if higher + same <= size:
            assert s.phase == "1"
        elif higher < size:
            assert s.phase == "tie" and same > 1  # never broken silently
        else:
            assert s.phase == ("2" if s.row.count >= threshold else "-")
    assert len(ranking.with_phase("1")) <= size


def test_budget_and_over_award_refused_with_amount():
    bids = [
        BidMoney("p1", 1, "funded", 30_000_00, 30_000_00),
        BidMoney("p2", 2, "approved", 50_000_00, 10_000_00),
        BidMoney("x", 2, "declined", 99_000_00),
    ]
    b = budget(100_000_00, bids)
    assert (b.phase1_pence, b.awarded_pence, b.paid_pence) == (30_000_00, 50_000_00, 40_000_00)
    assert b.remaining_pence == 20_000_00
    check_award(b, old_pence=50_000_00, new_pence=70_000_00)  # exactly to the grant is fine
    with pytest.raises(OverBudgetError) as err:
        check_award(b, old_pence=50_000_00, new_pence=70_500_00)
    assert err.value.over_pence == 500_00
    assert "£500 over its grant of £100,000" in err.value.message
    check_award(b, old_pence=50_000_00, new_pence=1)  # lowering is always allowed
    with pytest.raises(OverBudgetError):
        check_payment(awarded_pence=100, paid_pence=101)


def test_pounds_format():
    assert pounds(123_456_78) == "£123,456.78"
    assert pounds(5_000_00) == "£5,000"
    assert pounds(-150) == "-£1.50"


def claims3() -> list[Claim]:
    return [
        Claim("a", "A", ehcp=10, requested_pence=20_000_00),
        Claim("b", "B", ehcp=7, requested_pence=15_000_00),
        Claim("c", "C", ehcp=8, requested_pence=12_000_00),
    ]


@pytest.mark.parametrize("method", ["equal", "ehcp", "requested"])
def test_every_method_adds_up_to_the_pound(method):
    result = allocate(claims3(), available_pence=40_000_00 + 37, method=method)
    assert result.total_pounds == 40_000 == result.pot_pounds


def test_equal_with_cap_and_request_ceilings():
    result = allocate(claims3(), available_pence=100_000_00, method="equal", cap_pounds=14_000)
    assert [s.pounds for s in result.shares] == [14_000, 14_000, 12_000]  # C asked for 12,000
    assert result.total_pounds == 40_000  # less than the pot: the sum of the ceilings


def test_ehcp_pro_rata_rounds_by_largest_remainder():
    result = allocate(claims3(), available_pence=10_000_00, method="ehcp")
    # 10000 * 10/25 = 4000, 7/25 = 2800, 8/25 = 3200 exactly
    assert [s.pounds for s in result.shares] == [4_000, 2_800, 3_200]
    odd = allocate(claims3()[:2] + [Claim("d", "D", ehcp=8)], available_pence=100_00,
                   method="ehcp")  # fmt: skip
    assert odd.total_pounds == 100


def test_missing_weight_is_refused():
    with pytest.raises(PathwaysError, match="no amount requested"):
        allocate([Claim("a", "A")], available_pence=100, method="requested")
    with pytest.raises(PathwaysError, match="Unknown method"):
        allocate([], available_pence=100, method="pizza")


claim_lists = st.lists(
    st.builds(
        Claim,
        key=st.uuids().map(str),
        name=st.text(min_size=1, max_size=5),
        ehcp=st.integers(0, 40),
        requested_pence=st.one_of(st.none(), st.integers(0, 100_000_00)),
    ),
    max_size=12,
    unique_by=lambda c: c.key,
)


@given(
    claim_lists,
    st.integers(-1000, 500_000_00),
    st.sampled_from(["equal", "ehcp"]),
    st.one_of(st.none(), st.integers(0, 60_000)),
    st.randoms(),
)
def test_allocation_properties(claims, available, method, cap, rnd):
    result = allocate(claims, available_pence=available, method=method, cap_pounds=cap)
    weights = [1 if method == "equal" else c.ehcp for c in (s.claim for s in result.shares)]
    ceilings = [
        s.ceiling if s.ceiling is not None else 10**12
        for s, w in zip(result.shares, weights, strict=True)
        if w > 0
    ]
    expected = min(max(0, available) // 100, sum(ceilings))
    assert result.total_pounds == expected
    for s, w in zip(result.shares, weights, strict=True):
        assert s.pounds >= 0
        if s.ceiling is not None:
            assert s.pounds <= s.ceiling
        if w == 0:
            assert s.pounds == 0
    shuffled = list(claims)
    rnd.shuffle(shuffled)
    assert allocate(shuffled, available_pence=available, method=method, cap_pounds=cap) == result


def test_compare_lists_new_and_gone_schools():
    from send_desktop.domain.pathways import compare, snapshot

    saved = snapshot(rank_schools([row("a", 9), row("b", 8)]))
    now = rank_schools([row("a", 9), row("c", 8)])
    moves = {m.name: m.change for m in compare(saved, now)}
    assert moves == {"School c": "new", "School b": "no longer listed"}
