# %%
predictions = tensor([[0.1, 0.9], [0.8, 0.2], [0.3, 0.7], [0.6, 0.4]])
targets = tensor([1, 0, 0, 0])
result = my_accuracy(predictions, targets)
assert isinstance(result, Tensor), f"my_accuracy는 텐서를 반환해야 하는데 {result!r}를 반환했습니다."
assert result.numel() == 1, f"my_accuracy는 값이 하나인 텐서를 반환해야 하는데 모양이 {tuple(result.shape)}입니다."
assert abs(float(result) - 0.75) < 1e-6, \
    f"예측 4개 중 3개가 맞았으니 정확도는 0.75여야 하는데 {float(result)}입니다."

# %%
generator = torch.Generator().manual_seed(0)
predictions = torch.randn(16, 5, generator=generator)
targets = torch.randint(0, 5, (16,), generator=generator)
assert abs(float(my_accuracy(predictions, targets)) - float(accuracy(predictions, targets))) < 1e-6, \
    "my_accuracy의 결과가 fastai의 accuracy와 같아야 합니다. argmax와 mean을 활용해 보세요."

assert [metric.func for metric in learn.metrics] == [my_accuracy], \
    "vision_learner의 metrics 파라미터에 my_accuracy를 넣어 주세요."
assert 'my_accuracy' in learn.recorder.metric_names, "학습 결과 표에 my_accuracy 열이 있어야 합니다."
