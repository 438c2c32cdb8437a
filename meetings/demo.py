def seed_meetings_demo(scale: int, stdout) -> None:
    """Filled in by the meetings work."""
