# %%
assert meta is model_meta[resnet18], "model_meta에서 resnet18의 메타데이터를 가져와 주세요."
assert meta['cut'] == -2, "resnet18의 cut은 -2여야 합니다."
assert meta['split'].__name__ == '_resnet_split', "resnet18의 split은 _resnet_split 함수여야 합니다."
