# %%
from fastai.vision.all import *

# %%
# Oxford-IIIT Pet 데이터셋에서 사진 10장(고양이 3장, 강아지 7장)만 추린 작은 데이터셋입니다.
PETS_TINY_URL = 'https://github.com/deep-diver/fastai-course/raw/master/data/oxford-iiit-pet-tiny.tar.gz'
path = untar_data(PETS_TINY_URL)
files = get_image_files(path/'images')

# %%
# 괄호 속 부분, 즉 마지막 '_숫자.jpg' 앞의 문자열이 레이블(품종)이 됩니다.
pat = ___

# CPU에서도 금방 끝나도록 이미지를 128픽셀로 줄이고 배치 크기를 4로 작게 잡습니다.
dls = ImageDataLoaders.from_name_re(path, files, pat, seed=42, item_tfms=Resize(128), bs=4)
dls.show_batch()
