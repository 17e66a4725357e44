"""A bid's payments (amount, date; the budget's 'paid') and its linked documents."""

from __future__ import annotations

from datetime import date

import pytest
from db_dump import dump

from send_desktop.domain.pathways import OverBudgetError, PathwaysError
from send_desktop.services import pathway_bids, pathways
from send_desktop.storage.models import Bid, FundingRound, Setting


def make_bid(db, awarded=10_000_00) -> str:
    with db.transaction() as s:
        round_ = FundingRound(name="Round P", intake_label="September 2024 Year 7",
                              intake_year=2024, total_grant_pence=50_000_00)  # fmt: skip
        setting = Setting(name="Juniper Academy", urn="100010")
        s.add_all([round_, setting])
        s.flush()
        bid = Bid(round=round_, setting_id=setting.id, status="approved", awarded_pence=awarded)
        s.add(bid)
        s.flush()
        return bid.id


def test_payments_add_up_to_paid_and_never_pass_the_award(db):
    bid_id = make_bid(db)
    pathway_bids.record_payment(db, bid_id=bid_id, amount_pence=4_000_00,
                                paid_on=date(2024, 10, 1), note="first instalment")  # fmt: skip
    pathway_bids.record_payment(db, bid_id=bid_id, amount_pence=2_500_00,
                                paid_on=date(2025, 1, 6))  # fmt: skip
    detail = pathway_bids.bid_detail(db, bid_id=bid_id)
    assert detail.paid_pence == 6_500_00
    assert [(p.paid_on, p.amount_pence, p.note) for p in detail.payments] == [
        (date(2024, 10, 1), 4_000_00, "first instalment"),
        (date(2025, 1, 6), 2_500_00, None),
    ]
    budget = pathways.round_budget(db, round_name="Round P")
    assert dict(budget.lines())["Paid"] == "£6,500"
    before = dump(db)
    with pytest.raises(OverBudgetError, match="£500 more than awarded"):
        pathway_bids.record_payment(db, bid_id=bid_id, amount_pence=4_000_00,
                                    paid_on=date(2025, 2, 1))  # fmt: skip
    with pytest.raises(PathwaysError, match="more than £0"):
        pathway_bids.record_payment(db, bid_id=bid_id, amount_pence=0, paid_on=date(2025, 2, 1))
    assert dump(db) == before  # nothing written
    pathway_bids.remove_payment(db, payment_id=detail.payments[1].id)
    assert pathway_bids.bid_detail(db, bid_id=bid_id).paid_pence == 4_000_00
    audit = db.query("SELECT count(*) FROM audit_log WHERE table_name = 'bid_payment'")[0][0]
    assert audit == 3  # two added, one removed


def test_documents_are_paths_and_missing_files_show_as_missing(db, tmp_path):
    bid_id = make_bid(db)
    proposal = tmp_path / "Juniper proposal.docx"
    proposal.write_bytes(b"proposal")
    pathway_bids.link_document(db, bid_id=bid_id, path=proposal)
    pathway_bids.link_document(db, bid_id=bid_id, path=tmp_path / "budget.xlsx", label="Budget")
    docs = {d.label: d for d in pathway_bids.bid_detail(db, bid_id=bid_id).documents}
    assert docs["Juniper proposal.docx"].path == str(proposal)
    assert docs["Juniper proposal.docx"].state == "found"
    assert docs["Budget"].state == "missing"
    proposal.unlink()
    again = pathway_bids.bid_detail(db, bid_id=bid_id).documents
    assert {d.label: d.state for d in again} == {"Budget": "missing",
                                                  "Juniper proposal.docx": "missing"}  # fmt: skip
    pathway_bids.unlink_document(db, document_id=docs["Budget"].id)
    assert [d.label for d in pathway_bids.bid_detail(db, bid_id=bid_id).documents] == [
        "Juniper proposal.docx"
    ]
