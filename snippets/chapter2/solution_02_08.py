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

# CPU에서도 금방 끝나도록 이미지를 128픽셀로 줄이고 배치 크기를 4로 작게 잡습니다.
dls = ImageDataLoaders.from_name_func(path, files, label_func, seed=42, item_tfms=Resize(128), bs=4)

# %%
# input은 (배치 크기, 범주 개수) 모양의 예측이고, target은 (배치 크기,) 모양의 정수 레이블입니다.
# 각 행에서 값이 가장 큰 범주를 예측으로 보고, 레이블과 같은 비율을 반환합니다.
def my_accuracy(input, target):
    return (input.argmax(dim=-1) == target).float().mean()

learn = vision_learner(dls, resnet18, metrics=my_accuracy)
learn.fine_tune(1)
