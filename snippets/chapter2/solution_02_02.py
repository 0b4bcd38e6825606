# %%
from fastai.vision.all import *

# %%
filename1 = 'Bombay_167.jpg'
filename2 = 'american_bulldog_26.jpg'

# 마지막 밑줄(_) 앞까지가 품종 이름입니다. 품종 이름 안에도 밑줄이 있을 수 있으므로
# 밑줄로 나눈 조각 중 마지막 조각(숫자.jpg)만 버리고 나머지를 다시 밑줄로 잇습니다.
def label_func(fname):
    return '_'.join(fname.split('_')[:-1])

label_func(filename1), label_func(filename2)

# %%
# Oxford-IIIT Pet 데이터셋에서 사진 10장(고양이 3장, 강아지 7장)만 추린 작은 데이터셋입니다.
PETS_TINY_URL = 'https://github.com/deep-diver/fastai-course/raw/master/data/oxford-iiit-pet-tiny.tar.gz'
path = untar_data(PETS_TINY_URL)
files = get_image_files(path/'images')

# CPU에서도 금방 끝나도록 이미지를 128픽셀로 줄이고 배치 크기를 4로 작게 잡습니다.
dls = ImageDataLoaders.from_name_func(path, files, label_func, seed=42, item_tfms=Resize(128), bs=4)
# 어휘(vocab)에는 학습용 데이터에 나온 품종만 들어갑니다.
dls.vocab
