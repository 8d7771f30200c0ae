"""Every write in payments. Keyword-only ``<thing>_<verb>`` functions, each one transaction, audited.

State changes are idempotent and race-safe: the row is locked with ``select_for_update`` and the
function returns early if the change has already happened. The ledger is only ever added to.

Split by meaning; import from here (``from roundtable.payments.services import claim_create``):

* ``common``: the organisation's rules, a person's choice, what a claim pays, locking.
* ``claims``: drafts from the register, correcting the time.
* ``by_hand``: claims by hand (and by proxy), step by step: day, price, receipt, choice, guard, audit.
* ``sending``: a person's checks and choices: choosing what to get, sending (the benefits guard), taking back.
* ``approval``: approve, ask a question, turn down, correct a paid claim (it sets the amount), hold and release.
* ``advance``: a cost the organisation booked and paid for a person in advance.
* ``runs``: payment runs (numbered per organisation), payee references, marking paid, statements.
* ``people``: a person's payment choice and private benefits record.
"""

from roundtable.lib.money import MoneyError
from roundtable.payments.services.advance import advance_record
from roundtable.payments.services.approval import (
    claim_approve,
    claim_correct,
    claim_hold,
    claim_query,
    claim_refuse,
    claim_release,
    corrected_amount,
)
from roundtable.payments.services.by_hand import check_receipt, claim_create, new_submission_key
from roundtable.payments.services.claims import claim_update, claims_draft_due, claims_draft_for_meeting
from roundtable.payments.services.common import (
    EXPENSE_MAX,
    HOURS_MAX,
    RECEIPT_MAX_BYTES,
    RECEIPT_TYPES,
    choice_for,
    settings_for,
    settings_update,
)
from roundtable.payments.services.people import benefit_record_set, choice_set
from roundtable.payments.services.runs import (
    STATEMENT_BATCH,
    ledger_balance,
    payee_reference_set,
    payee_references,
    run_create,
    run_mark_paid,
    run_missing_payees,
    run_refuse_missing_payees,
    statements_send,
)
from roundtable.payments.services.sending import claim_choose, claim_submit, claim_withdraw

__all__ = [
    "EXPENSE_MAX",
    "HOURS_MAX",
    "RECEIPT_MAX_BYTES",
    "RECEIPT_TYPES",
    "STATEMENT_BATCH",
    "MoneyError",
    "advance_record",
    "benefit_record_set",
    "check_receipt",
    "choice_for",
    "choice_set",
    "claim_approve",
    "claim_choose",
    "claim_correct",
    "claim_create",
    "claim_hold",
    "claim_query",
    "claim_refuse",
    "claim_release",
    "claim_submit",
    "claim_update",
    "claim_withdraw",
    "claims_draft_due",
    "claims_draft_for_meeting",
    "corrected_amount",
    "ledger_balance",
    "payee_reference_set",
    "payee_references",
    "new_submission_key",
    "run_create",
    "run_mark_paid",
    "run_missing_payees",
    "run_refuse_missing_payees",
    "settings_for",
    "settings_update",
    "statements_send",
]
