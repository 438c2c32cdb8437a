"""R-PLAN-6 costs: event budgets actually spent, approved expense claims and commissions
paid, and the cost per lead and per deal. Three queries.

- events: the actual spend of the budget lines (not cancelled) of the campaigns that
  started in the quarter, whatever became of them (money spent is spent);
- claims: the expense claims approved in the quarter (by approval time, the month
  payroll reimburses them in);
- commissions paid: the commission, leader-override and clawback lines of the LOCKED
  payroll runs of the quarter's months (what was actually paid; a month whose run is
  not locked yet adds nothing and is listed as missing, so a manager may refresh the
  figures once payroll has locked it). Team awards are not commissions.
"""

from datetime import date
from decimal import Decimal

from campaigns.selectors import claims_approved_total
from payroll.selectors import commissions_paid_by_month

from .numbers import money, per


def cost_figures(
    first: date, end: date, months: list[date], events: list[dict], funnel: dict
) -> dict:
    spent = sum((e["actual"] for e in events), Decimal("0.00"))
    claims = claims_approved_total(first, end)
    paid = commissions_paid_by_month(first, end)
    commissions = sum(paid.values(), Decimal("0.00"))
    total = spent + claims + commissions
    return {
        "events": money(spent),
        "claims": money(claims),
        "commissions": money(commissions),
        "commission_months": {m.isoformat(): money(paid[m]) for m in sorted(paid)},
        "months_not_locked": [m.isoformat() for m in months if m not in paid],
        "total": money(total),
        "per_lead": per(total, funnel["total"]["leads"]),
        "per_deal": per(total, funnel["total"]["deals"]),
    }
