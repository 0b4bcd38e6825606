# %%
assert list(df.columns) == ['fname', 'labels', 'is_valid'], \
    f"train.csv의 열은 fname, labels, is_valid여야 하는데 {list(df.columns)}입니다."
assert len(df) == 20, f"train.csv에는 20개 행이 있어야 하는데 {len(df)}개입니다."
assert df['is_valid'].dtype == bool, "is_valid 열은 True/False 값이어야 합니다."
assert df['is_valid'].sum() == 12, "검증용(is_valid가 True)으로 표시된 행은 12개여야 합니다."
assert all((path/'train'/fname).is_file() for fname in df['fname']), \
    "fname 열의 파일이 모두 train 폴더에 있어야 합니다."
