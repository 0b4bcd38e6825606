# %%
from fastai.vision.all import *

# %%
# cut은 몸통과 머리를 나눌 위치, split은 파라미터 그룹을 나누는 함수입니다.
meta = model_meta[resnet18]
meta
