"""This app's chapter of the demo story, loaded after the foundation story."""


def load() -> None:
    return None
