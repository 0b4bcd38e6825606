"""Unit tests of the ``fastai-default`` role against stubbed signatures."""

from __future__ import annotations

import sys
import types

import pytest

from coursebook.fastai_api import signature_default
from coursebook.sphinx.slides import FastaiDefaultRole

MODULE = "stub_vision"


def relu():
    pass


@pytest.fixture
def stub_module(monkeypatch) -> types.ModuleType:
    module = types.ModuleType(MODULE)

    def vision_learner(dls, arch, ps=0.5, init=relu, lin_ftrs=None):
        pass

    module.vision_learner = vision_learner
    monkeypatch.setitem(sys.modules, MODULE, module)
    return module


def render(target: str) -> str:
    """Run the role as docutils would and return the rendered text."""
    env = types.SimpleNamespace(temp_data={}, docname="chapters/chapter1")
    document = types.SimpleNamespace(settings=types.SimpleNamespace(env=env))
    inliner = types.SimpleNamespace(document=document, reporter=None)
    rendered, messages = FastaiDefaultRole()("fastai-default", f"{{fastai-default}}`{target}`", target, 1, inliner)
    assert messages == []
    return rendered[0].astext()


def test_default_rendered(stub_module):
    assert render(f"{MODULE}.vision_learner:ps") == "0.5"


def test_changed_default_changes_text(stub_module):
    stub_module.vision_learner.__defaults__ = (0.25, relu, None)
    assert render(f"{MODULE}.vision_learner:ps") == "0.25"


def test_callable_default_by_name(stub_module):
    assert render(f"{MODULE}.vision_learner:init") == "relu"


def test_none_default(stub_module):
    assert render(f"{MODULE}.vision_learner:lin_ftrs") == "None"


def test_required_parameter(stub_module):
    assert signature_default(f"{MODULE}.vision_learner:dls") == "(기본값 없음)"


def test_missing_parameter_raises(stub_module):
    with pytest.raises(LookupError, match="lr"):
        signature_default(f"{MODULE}.vision_learner:lr")


def test_missing_function_raises(stub_module):
    with pytest.raises(LookupError, match="cnn_learner"):
        signature_default(f"{MODULE}.cnn_learner:ps")


def test_rendered_as_live_default(stub_module):
    env = types.SimpleNamespace(temp_data={}, docname="chapters/chapter1")
    inliner = types.SimpleNamespace(document=types.SimpleNamespace(settings=types.SimpleNamespace(env=env)))
    rendered, _ = FastaiDefaultRole()("fastai-default", "", f"{MODULE}.vision_learner:ps", 1, inliner)
    assert rendered[0]["classes"] == ["cb-live-default"]
