"""Demo attendance facts (filled in later)."""


def demo_attendance(scale, stdout):
    from .defaults import defaults_ensure

    defaults_ensure()
