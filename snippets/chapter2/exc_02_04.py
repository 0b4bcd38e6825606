# %%
from fastai.vision.all import *

# %%
# PASCAL VOC 2007 데이터셋에서 사진 20장만 추린 작은 데이터셋입니다.
PASCAL_TINY_URL = 'https://github.com/deep-diver/fastai-course/raw/master/data/pascal-2007-tiny.tar.gz'
path = untar_data(PASCAL_TINY_URL)
df = pd.read_csv(path/'train.csv')

# fname 열은 train 폴더 속 이미지 파일 이름, labels 열은 공백으로 구분한 레이블,
# is_valid 열은 그 이미지가 검증용인지를 나타냅니다.
df.head()
