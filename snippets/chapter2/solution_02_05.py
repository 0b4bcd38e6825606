# %%
from fastai.vision.all import *

# %%
# PASCAL VOC 2007 데이터셋에서 사진 20장만 추린 작은 데이터셋입니다.
PASCAL_TINY_URL = 'https://github.com/deep-diver/fastai-course/raw/master/data/pascal-2007-tiny.tar.gz'
path = untar_data(PASCAL_TINY_URL)
df = pd.read_csv(path/'train.csv')

# %%
# CPU에서도 금방 끝나도록 이미지를 128픽셀로 줄이고 배치 크기를 4로 작게 잡습니다.
dls = ImageDataLoaders.from_df(df, path, folder='train', label_delim=' ', valid_col='is_valid',
                               item_tfms=Resize(128), bs=4)
dls.show_batch()
