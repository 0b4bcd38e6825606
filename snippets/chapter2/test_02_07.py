# %%
metric_funcs = [metric.func for metric in learn.metrics]
assert metric_funcs == [accuracy], "vision_learner의 metrics 파라미터에 accuracy를 넣어 주세요."
assert learn.recorder.metric_names == ['epoch', 'train_loss', 'valid_loss', 'accuracy', 'time'], \
    "학습 결과 표에 accuracy 열이 있어야 합니다."

last_accuracy = learn.recorder.values[-1][2]
assert 0 <= last_accuracy <= 1, f"정확도는 0과 1 사이여야 하는데 {last_accuracy}입니다."
