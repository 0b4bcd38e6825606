# %%
assert dls.path == path, "첫 번째 파라미터에는 이미지를 찾을 기본 디렉터리인 path를 넣어 주세요."

loaded = sorted(list(dls.train_ds.items) + list(dls.valid_ds.items))
assert loaded == sorted(files), "두 번째 파라미터에는 get_image_files로 찾은 파일 목록인 files를 넣어 주세요."

assert len(dls.train_ds) == 8, "사진 10장 중 8장이 학습용이어야 합니다."
assert len(dls.valid_ds) == 2, "사진 10장 중 20%인 2장이 검증용이어야 합니다."

assert dls.vocab == [False, True], \
    "레이블은 False(강아지)와 True(고양이) 두 가지여야 합니다. 세 번째 파라미터인 label_func를 바꾸지 마세요."
