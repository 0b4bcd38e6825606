# %%
assert learn.dls is dls, "vision_learner의 첫 번째 파라미터에는 앞에서 만든 dls를 넣어 주세요."
assert learn.arch is resnet18, "vision_learner의 두 번째 파라미터에는 resnet18을 넣어 주세요."
assert learn.n_epoch == 1, "fine_tune에는 에포크 횟수로 1을 넣어 주세요."
assert len(learn.recorder.values) == 1, "마지막 학습의 결과 표에는 에포크 1개의 결과만 있어야 합니다."
assert learn.opt.frozen_idx == 0, "fine_tune이 끝나면 모든 파라미터 그룹의 동결이 풀려 있어야 합니다."
