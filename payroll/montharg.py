from datetime import date, datetime


def parse_month(text: str) -> date:
    """'YYYY-MM' → the month's first day; ValueError with a readable message otherwise."""
    try:
        return datetime.strptime(text, "%Y-%m").date()  # noqa: DTZ007 (a calendar month)
    except ValueError:
        raise ValueError(f"'{text}' is not a month; write it as YYYY-MM, e.g. 2026-10.") from None
