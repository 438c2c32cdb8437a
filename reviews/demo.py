def seed_reviews_demo(scale: int, stdout) -> None:
    """Filled in by the reviews work."""
