"""A demo a workshop can open at once: real territories, accounts, observations (placeholder)."""


def seed(echo) -> None:
    echo("demo: nothing yet")
