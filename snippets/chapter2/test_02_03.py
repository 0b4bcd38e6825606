# %%
import re

for fname, breed in [('Bombay_167.jpg', 'Bombay'),
                     ('american_bulldog_26.jpg', 'american_bulldog'),
                     ('staffordshire_bull_terrier_129.jpg', 'staffordshire_bull_terrier')]:
    match = re.match(pat, fname)
    assert match is not None, f"정규 표현식 {pat!r}가 '{fname}'와 맞지 않습니다."
    assert match.groups() == (breed,), \
        f"정규 표현식 {pat!r}는 '{fname}'에서 괄호 하나로 '{breed}'만 추출해야 합니다."

# %%
train_labels = [dls.vocab[label] for image, label in dls.train_ds]
expected_labels = [re.match(pat, item.name).group(1) for item in dls.train_ds.items]
assert train_labels == expected_labels, "학습용 데이터의 레이블이 파일 이름의 품종과 같아야 합니다."
assert len(dls.train_ds) == 8, "사진 10장 중 8장이 학습용이어야 합니다."
