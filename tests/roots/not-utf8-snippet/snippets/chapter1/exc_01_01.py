# %%
# 합계를 구합니다
total = ___ + 2
print("total:", total)
