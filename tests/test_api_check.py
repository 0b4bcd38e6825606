"""Unit tests of the rule that decides which code spans are stale fastai names.

A stub :class:`FastaiApi` replaces fastai, so these tests need no
import of fastai except the last ones, which check what is derived from the
installed fastai.
"""

from __future__ import annotations

import types

import pytest

from coursebook.api_check import Finding, check_code, current_name, omitted_events
from coursebook.fastai_api import FastaiApi, load_fastai_api


class Callback:
    pass


class Recorder(Callback):
    def plot_loss(self):
        pass


class Learner:
    def fine_tune(self, epochs):
        pass

    def show_training_loop(self):
        pass


class ImageDataLoaders:
    @classmethod
    def from_name_re(cls, path, fnames, pat):
        pass


EVENTS = (
    "after_create", "before_fit", "before_epoch", "before_train", "before_batch", "after_pred",
    "after_loss", "before_backward", "after_backward", "before_step", "after_step", "after_cancel_batch",
    "after_batch", "after_cancel_train", "after_train", "before_validate", "after_cancel_validate",
    "after_validate", "after_cancel_epoch", "after_epoch", "after_cancel_fit", "after_fit",
)


def vision_learner(dls, arch):
    pass


def cnn_learner(*args):
    pass


@pytest.fixture
def api() -> FastaiApi:
    namespace = {
        "Learner": Learner,
        "Recorder": Recorder,
        "Callback": Callback,
        "ImageDataLoaders": ImageDataLoaders,
        "vision_learner": vision_learner,
        "cnn_learner": cnn_learner,
        "model_meta": {},
        "models": types.SimpleNamespace(resnet18=object()),
        "CancelBatchException": type("CancelBatchException", (Exception,), {}),
    }
    classes = {name: namespace[name] for name in ("Learner", "Recorder", "ImageDataLoaders", "Callback")}
    return FastaiApi(
        version="2.8.12",
        namespace=namespace,
        events=EVENTS,
        classes=classes,
        instance_attributes={"Learner": frozenset({"dls", "model"})},
        callback_attributes={"recorder": Recorder},
        deprecated={"cnn_learner": "vision_learner"},
    )


@pytest.mark.parametrize(
    "text",
    [
        "ImageDataLoaders.from_name_re",
        "vision_learner",
        "fine_tune",
        "fine_tune(에포크횟수)",
        "show_training_loop()",
        "recorder",
        "plot_loss()",
        "learn.recorder.plot_loss()",
        "learn.dls",
        "model_meta",
        "model_meta[arch]['split']",
        "models.resnet18",
        "before_fit",
        "after_cancel_validate",
        "CancelBatchException",
    ],
)
def test_current_names_pass(api, text):
    assert check_code(text, api) is None


@pytest.mark.parametrize(
    "text",
    [
        "print",
        "label_func",
        "filename1",
        "train.csv",
        "Bombay_167.jpg",
        "dls.c",
        "nn.Module",
        r"r'^(.*)_\d+.jpg'",
        "문자여러개_숫자여러개.jpg",
        "0.2",
        "()",
        "#2",
        "my_accuracy()",
    ],
)
def test_other_words_ignored(api, text):
    assert check_code(text, api) is None


@pytest.mark.parametrize(
    ("text", "name", "current"),
    [
        ("cnn_learner", "cnn_learner", "vision_learner"),
        ("begin_fit", "begin_fit", "before_fit"),
        ("begin_validate", "begin_validate", "before_validate"),
        ("after_cancel_valid", "after_cancel_valid", "after_cancel_validate"),
        ("cnn_learner(dls, resnet18)", "cnn_learner", "vision_learner"),
    ],
)
def test_stale_names(api, text, name, current):
    assert check_code(text, api) == Finding("stale", name, text, current)


@pytest.mark.parametrize(
    ("text", "name", "suggestion"),
    [
        ("learn.fine_tunes()", "fine_tunes", "fine_tune"),
        ("learn.recorder.plot_losss()", "plot_losss", "plot_loss"),
        ("ImageDataLoaders.from_name_regex", "from_name_regex", "from_name_re"),
        ("after_fitting", "after_fitting", "after_fit"),
        ("after_everything", "after_everything", None),
    ],
)
def test_unknown_names(api, text, name, suggestion):
    assert check_code(text, api) == Finding("unknown", name, text, suggestion)


def test_rename_needs_existing_target(api):
    # Without before_fit in fastai, the begin_ prefix rule has nothing to point to.
    reduced = FastaiApi("2.8.12", api.namespace, tuple(e for e in EVENTS if e != "before_fit"), api.classes)
    assert current_name("begin_fit", reduced) is None


def test_event_listing_omissions(api):
    written = ["begin_fit", "begin_epoch", "begin_batch", "after_loss", "after_step", "after_fit"]
    omitted = omitted_events(written, api)
    assert omitted[:2] == ["after_create", "before_train"]
    assert "before_fit" not in omitted
    assert not [event for event in omitted if event.startswith("after_cancel_")]


def test_cancel_listing_omissions(api):
    written = ["after_cancel_batch", "after_cancel_train", "after_cancel_valid", "after_cancel_fit"]
    assert omitted_events(written, api) == ["after_cancel_epoch"]


def test_short_listing_not_checked(api):
    assert omitted_events(["before_fit", "after_fit"], api) == []


@pytest.fixture(scope="module")
def real_api() -> FastaiApi:
    return load_fastai_api()


def test_real_deprecation_derived(real_api):
    assert real_api.deprecated["cnn_learner"] == "vision_learner"


def test_real_events_from_fastai(real_api):
    from fastai.callback.core import _events

    assert real_api.events == tuple(str(event) for event in _events)


def test_real_recorder_attribute(real_api):
    assert check_code("learn.recorder.plot_loss()", real_api) is None


def test_real_chapter_omissions(real_api):
    written = [
        "begin_fit", "begin_epoch", "begin_train", "begin_batch", "after_pred", "after_loss", "after_backward",
        "after_step", "after_batch", "after_train", "begin_validate", "after_validate", "after_epoch", "after_fit",
    ]
    assert omitted_events(written, real_api) == ["after_create", "before_backward", "before_step"]
