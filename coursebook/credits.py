"""Attribution that a page shows when its outputs come from a real dataset.

The photos keep their owners' copyright and licences, so every page that
shows them names the source and the licence.
"""

from __future__ import annotations

CREDITS_KO: dict[str, str] = {
    "oxford-iiit-pet-tiny": (
        "사진 출처: Oxford-IIIT Pet Dataset (Parkhi, Vedaldi, Zisserman, Jawahar, 2012), "
        "CC BY-SA 4.0. 사진의 저작권은 각 사진의 소유자에게 있습니다."
    ),
    "pascal-2007-tiny": (
        "사진 출처: PASCAL VOC 2007 (Everingham 외). 이미지는 Flickr 이용 약관을 따릅니다."
    ),
}


def credit_for(asset_key: str) -> str:
    """Return the Korean attribution line of a dataset, or ``""`` when it needs none."""
    return CREDITS_KO.get(asset_key, "")
