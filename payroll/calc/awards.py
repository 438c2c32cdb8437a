"""R-PAY-6 team awards, split in whole cents (R-PAY-CALC "team awards", "Splitting")."""

from dataclasses import dataclass
from decimal import Decimal

from .money import split_cents
from .person import AwardShare, PayPolicy

METRICS = ("conversions", "visits", "deals")


@dataclass(frozen=True)
class GroupTotals:
    """c, v and deal units (accruing in m, before clawbacks) credited to a group."""

    conversions: int = 0
    visits: int = 0
    deals: int = 0


def _award_of(metric: str, policy: PayPolicy) -> Decimal:
    return {
        "conversions": policy.award_conversions,
        "visits": policy.award_visits,
        "deals": policy.award_deals,
    }[metric]


def team_awards(
    totals: dict[str, GroupTotals],
    receivers: dict[str, list[str]],
    policy: PayPolicy,
) -> tuple[dict[str, list[AwardShare]], list[dict]]:
    """Award each metric's top group(s); tied groups split the award by group code, and a
    group's share is split among its receivers (employee numbers) in code-point order.

    `receivers[code]`: people who were the group's members on at least one day of the
    month while employed (leader included). Returns shares per employee number and
    warnings for shares nobody could receive (those are not paid).
    """
    shares: dict[str, list[AwardShare]] = {}
    warnings: list[dict] = []
    for metric in METRICS:
        best = max((getattr(t, metric) for t in totals.values()), default=0)
        if best <= 0:
            continue
        winners = sorted(code for code, t in totals.items() if getattr(t, metric) == best)
        for code, group_share in split_cents(_award_of(metric, policy), winners).items():
            people = sorted(receivers.get(code, []))
            if not people:
                warnings.append({"metric": metric, "group": code, "amount": str(group_share)})
                continue
            for person, amount in split_cents(group_share, people).items():
                shares.setdefault(person, []).append(
                    AwardShare(metric, code, amount, best, len(people))
                )
    return shares, warnings
