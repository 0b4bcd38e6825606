# %%
assert len(dls.valid_ds) == 12, "is_valid 열이 True인 12개 행이 검증용이어야 합니다. valid_col을 확인해 보세요."
assert len(dls.train_ds) == 8, "is_valid 열이 False인 8개 행이 학습용이어야 합니다. valid_col을 확인해 보세요."

image, label = dls.train_ds[0]
assert isinstance(image, PILImage), "학습용 데이터의 입력은 train 폴더의 이미지여야 합니다. folder를 확인해 보세요."
assert isinstance(label, TensorMultiCategory), \
    "레이블이 여러 개인 멀티 레이블 문제로 다뤄야 합니다. label_delim을 확인해 보세요."

expected_vocab = ['bird', 'boat', 'bottle', 'car', 'chair', 'diningtable',
                  'horse', 'motorbike', 'person', 'pottedplant', 'sofa']
assert list(dls.vocab) == expected_vocab, \
    f"어휘는 학습용 행의 labels를 공백으로 나눈 레이블 {expected_vocab}여야 하는데 {list(dls.vocab)}입니다."
