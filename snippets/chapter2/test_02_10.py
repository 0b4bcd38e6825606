# %%
assert learn.opt.frozen_idx == 0, "learn.unfreeze()로 모든 파라미터 그룹의 동결을 풀어 주세요."
assert all(param.requires_grad for param in learn.model.parameters()), \
    "동결을 풀면 모든 파라미터를 학습할 수 있어야(requires_grad가 True) 합니다."

# IPython은 셀의 마지막 식이 출력한 값을 Out 딕셔너리에 모아 둡니다.
summary_outputs = [str(value) for value in Out.values() if 'Callbacks:' in str(value)]
assert summary_outputs, "셀의 마지막 줄에 learn.summary()를 적어 요약 결과를 출력해 보세요."
assert 'Model unfrozen' in summary_outputs[-1], "동결을 푼 다음 출력한 요약 결과에 'Model unfrozen'이 있어야 합니다."
