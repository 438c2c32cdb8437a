"""Payslip lines in words (R-PAY-8), in the reader's language.

Lines store a kind and the numbers that explain them; this module is the one place that
turns them into sentences, e.g. "valid visits 34, target 30: 4 above target × 50 = 200.00".
"""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from attendance.selectors.pay_facts import violation_rule_title
from outreach.money import money_text

from .calc import Kind

KIND_LABELS = {
    Kind.FIXED: gettext_lazy("Fixed pay"),
    Kind.PERFORMANCE: gettext_lazy("Performance pay"),
    Kind.BONUS_CONVERSIONS: gettext_lazy("Call-to-visit bonus"),
    Kind.BONUS_VISITS: gettext_lazy("Valid-visit bonus"),
    Kind.COMMISSION: gettext_lazy("Deal commission"),
    Kind.OVERRIDE: gettext_lazy("Leader override"),
    Kind.CLAWBACK: gettext_lazy("Clawback"),
    Kind.TEAM_AWARD: gettext_lazy("Team award"),
    Kind.FINE: gettext_lazy("Fine"),
    Kind.HELD_BACK: gettext_lazy("Held back (forgiven)"),
    Kind.REIMBURSEMENT: gettext_lazy("Reimbursement"),
    Kind.APPRAISAL_BONUS: gettext_lazy("Appraisal bonus"),
    Kind.ADJUSTMENT: gettext_lazy("Adjustment"),
}
METRIC_LABELS = {
    "conversions": gettext_lazy("best call-to-visit group"),
    "visits": gettext_lazy("best valid-visit group"),
    "deals": gettext_lazy("best deal group"),
}


def money(value) -> str:
    """An amount in a sentence: 1,234.50 (outreach/money.py rounds it, half up)."""
    return money_text(value, symbol=False)


def percent(share) -> str:
    # normalize() drops the policy's trailing zeros (0.8000 → 80%); "f" keeps 80 from
    # turning into 8E+1.
    return f"{(Decimal(str(share)) * 100).normalize():f}%"


def _fixed(p: dict, amount) -> str:
    if p["kind"] == "daily":
        basis = _("daily rate %(rate)s × (worked %(worked)s + paid leave %(paid)s) days") % {
            "rate": money(p["rate"]),
            "worked": p["worked"],
            "paid": p["paid_leave"],
        }
    elif p["part_month"]:
        basis = _(
            "part month: base %(rate)s ÷ %(days)s × (worked %(worked)s + paid leave "
            "%(paid)s) days, at most the base"
        ) % {
            "rate": money(p["rate"]),
            "days": p["paid_days"],
            "worked": p["worked"],
            "paid": p["paid_leave"],
        }
    else:
        basis = _(
            "base %(rate)s − %(rate)s ÷ %(days)s × (absent %(absent)s + unpaid leave "
            "%(unpaid)s) days"
        ) % {
            "rate": money(p["rate"]),
            "days": p["paid_days"],
            "absent": p["absent"],
            "unpaid": p["unpaid_leave"],
        }
    return _("%(share)s × wage %(wage)s (%(basis)s) = %(amount)s") % {
        "share": percent(p["share"]),
        "wage": money(p["wage"]),
        "basis": basis,
        "amount": money(amount),
    }


def _achieved(actual, target, ratio) -> str:
    if target is None:
        return _("%(actual)s, no target: counts as achieved") % {"actual": actual}
    return _("%(actual)s of target %(target)s = %(ratio)s%%") % {
        "actual": actual,
        "target": target,
        "ratio": ratio,
    }


def _performance(p: dict, amount) -> str:
    return _(
        "%(share)s × wage %(wage)s × (%(cw)s × conversions %(conv)s + %(vw)s × valid "
        "visits %(visits)s) = %(amount)s"
    ) % {
        "share": percent(p["share"]),
        "wage": money(p["wage"]),
        "cw": percent(p["conversion_weight"]),
        "vw": percent(p["visit_weight"]),
        "conv": _achieved(p["conversions"], p["target_conversions"], p["a_c"]),
        "visits": _achieved(p["visits"], p["target_visits"], p["a_v"]),
        "amount": money(amount),
    }


def _bonus(label: str, p: dict, amount) -> str:
    return _(
        "%(label)s %(actual)s, target %(target)s: %(above)s above target × %(rate)s = %(amount)s"
    ) % {
        "label": label,
        "actual": p["actual"],
        "target": p["target"],
        "above": p["above"],
        "rate": money(p["rate"]),
        "amount": money(amount),
    }


def _clawback(p: dict, amount) -> str:
    return _(
        "clawback due %(due)s (carried in %(carry)s, deals cancelled through the "
        "canvasser's fault %(deals)s): %(applied)s applied, %(out)s carried to next month"
    ) % {
        "due": money(p["due"]),
        "carry": money(p["carry_in"]),
        "deals": ", ".join(f"#{d} {money(a)}" for d, a in p["cancelled"]) or "—",
        "applied": money(p["applied"]),
        "out": money(p["carry_out"]),
    }


def _fine(p: dict, source_id) -> str:
    text = _("violation #%(id)s %(code)s: %(amount)s") % {
        "id": source_id,
        "code": violation_rule_title(p["code"]),
        "amount": money(p["amount"]),
    }
    if p.get("joint"):
        text += _(" (joint, as the leader)")
    if not p.get("counts", True):
        text += _(" — rulebook not acknowledged: counts 0 until the manager confirms it")
    return text


def line_reason(kind: str, amount, params: dict, source_id=None) -> str:
    p = params
    if kind == Kind.FIXED:
        return _fixed(p, amount)
    if kind == Kind.PERFORMANCE:
        return _performance(p, amount)
    if kind == Kind.BONUS_CONVERSIONS:
        return _bonus(_("call-to-visit conversions"), p, amount)
    if kind == Kind.BONUS_VISITS:
        return _bonus(_("valid visits"), p, amount)
    if kind in (Kind.COMMISSION, Kind.OVERRIDE):
        text = _("deal #%(id)s: %(units)s units × %(rate)s = %(amount)s")
        return text % {
            "id": source_id,
            "units": p["units"],
            "rate": money(p["rate"]),
            "amount": money(amount),
        }
    if kind == Kind.CLAWBACK:
        return _clawback(p, amount)
    if kind == Kind.TEAM_AWARD:
        return _("%(metric)s %(group)s (total %(total)s), shared by %(n)s: %(amount)s") % {
            "metric": METRIC_LABELS[p["metric"]],
            "group": p["group"],
            "total": p["group_total"],
            "n": p["receivers"],
            "amount": money(amount),
        }
    if kind == Kind.FINE:
        return _fine(p, source_id)
    if kind == Kind.HELD_BACK:
        return _(
            "fines %(fines)s, deducted %(applied)s (capped at %(cap)s of gross %(gross)s, "
            "and pay never below the minimum-wage floor %(floor)s); %(amount)s is "
            "forgiven"
        ) % {
            "fines": money(p["fines"]),
            "applied": money(p["applied"]),
            "gross": money(p["gross"]),
            "cap": money(p["cap"]),
            "floor": money(p["floor"]),
            "amount": money(amount),
        }
    note = p.get("note") or ""
    return f"#{source_id} {note}".strip()
