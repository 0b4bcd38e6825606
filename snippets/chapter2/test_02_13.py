# %%
# IPython은 지금까지 실행한 셀의 코드를 In 리스트에 모아 둡니다. 마지막 항목은 이 셀입니다.
assert any('learn.show_training_loop()' in source for source in In[:-1]), \
    "learn.show_training_loop()를 호출해 학습 루프의 모양을 출력해 보세요."

callback_names = [type(callback).__name__ for callback in learn.ordered_cbs('before_fit')]
assert 'TrainEvalCallback' in callback_names, "before_fit 시점에는 TrainEvalCallback이 호출되어야 합니다."
assert 'Recorder' in callback_names, "before_fit 시점에는 Recorder가 호출되어야 합니다."
