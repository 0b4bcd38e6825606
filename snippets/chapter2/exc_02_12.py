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
learn = vision_learner(dls, resnet18)

# 모델은 (몸통, 머리) 두 부분으로 된 nn.Sequential입니다.
body = learn.model[___]
head = learn.model[___]
groups = learn.splitter(___)

print('몸통의 층 개수:', len(body))
print('파라미터 그룹 개수:', len(groups))

# %%
# 각 파라미터 그룹의 파라미터가 몸통의 몇 번째 층 또는 머리에 속하는지 찾아 봅니다.
def owner(param):
    for index, layer in enumerate(body):
        if any(param is layer_param for layer_param in layer.parameters()):
            return f'몸통[{index}]'
    return '머리'

for number, group in enumerate(groups):
    owners = list(dict.fromkeys(owner(param) for param in group))
    print(f'그룹 #{number}: 파라미터 텐서 {len(group)}개, 위치', owners)
