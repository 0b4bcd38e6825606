"""Unit tests of the lookup behind the ``fastai-default`` role."""

from __future__ import annotations

import pytest

from coursebook.fastai_api import signature_default


def test_default_of_function():
    assert signature_default("fastai.vision.learner.vision_learner:ps") == "0.5"


def test_default_shown_by_name_for_callables():
    assert signature_default("fastai.vision.learner.vision_learner:loss_func") == "None"


def test_missing_parameter_is_lookup_error():
    with pytest.raises(LookupError):
        signature_default("fastai.vision.learner.vision_learner:no_such_parameter")


def test_patched_method_is_lookup_error():
    # fastai's @patch leaves None at module level, which has no signature.
    with pytest.raises(LookupError):
        signature_default("fastai.callback.schedule.fine_tune:epochs")


def test_malformed_target_is_lookup_error():
    with pytest.raises(LookupError):
        signature_default("vision_learner")
