"""This app's chapter of the demo story, loaded after the others."""


def load() -> None:
    return None
