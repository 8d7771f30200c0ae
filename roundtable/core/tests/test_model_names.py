"""Every model of ours says what it is in the admin, logs and shell: each defines its own ``__str__``."""

from django.apps import apps


def test_every_roundtable_model_defines_its_own_str():
    ours = [model for model in apps.get_models() if model.__module__.startswith("roundtable.")]
    assert len(ours) > 50
    missing = [f"{model.__module__}.{model.__name__}" for model in ours if "__str__" not in model.__dict__]
    assert missing == []
