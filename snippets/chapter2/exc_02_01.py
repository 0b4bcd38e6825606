# %%
from fastai.vision.all import *

# %%
# Oxford-IIIT Pet 데이터셋에서 사진 10장(고양이 3장, 강아지 7장)만 추린 작은 데이터셋입니다.
PETS_TINY_URL = 'https://github.com/deep-diver/fastai-course/raw/master/data/oxford-iiit-pet-tiny.tar.gz'
path = untar_data(PETS_TINY_URL)
files = get_image_files(path/'images')

# 고양이 사진의 파일 이름은 대문자로, 강아지 사진의 파일 이름은 소문자로 시작합니다.
def label_func(fname):
    return fname[0].isupper()

# %%
# CPU에서도 금방 끝나도록 이미지를 128픽셀로 줄이고 배치 크기를 4로 작게 잡습니다.
dls = ImageDataLoaders.from_name_func(___, ___, label_func, seed=42, item_tfms=Resize(128), bs=4)
dls.show_batch()
