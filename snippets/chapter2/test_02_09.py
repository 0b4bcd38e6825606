# %%
# IPython은 셀의 마지막 식이 출력한 값을 Out 딕셔너리에 모아 둡니다.
summary_outputs = [str(value) for value in Out.values() if 'Callbacks:' in str(value)]
assert summary_outputs, "셀의 마지막 줄에 learn.summary()를 적어 요약 결과를 출력해 보세요."
assert 'Model frozen up to parameter group #2' in summary_outputs[-1], \
    "요약 결과에 'Model frozen up to parameter group #2'가 있어야 합니다."

assert len(learn.opt.param_groups) == 3, "resnet18 모델의 파라미터 그룹은 3개여야 합니다."
assert learn.opt.frozen_idx == 2, "사전 학습된 모델은 마지막 그룹(#2, 머리)만 학습하도록 동결되어 있어야 합니다."
