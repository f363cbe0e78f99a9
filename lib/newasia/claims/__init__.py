"""The claims ledger: every checkable claim of the two documents, evaluated against the extracts.

from newasia.claims import evaluation, evaluate_all, VERDICTS
evaluation("v-russia-asean-trade-2017").verdict
"""

from newasia.claims.compare import VERDICTS
from newasia.claims.engine import Evaluation, evaluate, evaluate_all, evaluation
from newasia.claims.spec import DOCUMENTS, Claim, load_ledger, parse_claim

__all__ = [
    "DOCUMENTS",
    "VERDICTS",
    "Claim",
    "Evaluation",
    "evaluate",
    "evaluate_all",
    "evaluation",
    "load_ledger",
    "parse_claim",
]
