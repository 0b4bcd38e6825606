# %%
assert label_func(filename1) == 'Bombay', \
    f"label_func('{filename1}')는 'Bombay'를 반환해야 하는데 {label_func(filename1)!r}를 반환했습니다."
assert label_func(filename2) == 'american_bulldog', \
    f"label_func('{filename2}')는 'american_bulldog'를 반환해야 하는데 {label_func(filename2)!r}를 반환했습니다."
assert label_func('staffordshire_bull_terrier_129.jpg') == 'staffordshire_bull_terrier', \
    "품종 이름에 밑줄이 여러 개 있어도 마지막 밑줄 앞까지를 모두 반환해야 합니다."

# %%
train_labels = [dls.vocab[label] for image, label in dls.train_ds]
expected_labels = [label_func(item.name) for item in dls.train_ds.items]
assert train_labels == expected_labels, "학습용 데이터의 레이블이 파일 이름의 품종과 같아야 합니다."
assert list(dls.vocab) == sorted(set(expected_labels)), "어휘는 학습용 데이터에 나온 품종을 정렬한 목록이어야 합니다."
